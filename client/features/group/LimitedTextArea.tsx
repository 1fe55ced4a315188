/**
 * A TextArea that never sends more than the record can hold: text over the limit is not
 * sent on (the record keeps what it had) and the field says why. A session whose saved
 * content broke its schema could not be opened again.
 */
import { useState } from 'react';
import { copy } from '../../content/copy.ts';
import { TextArea, type TextAreaProps } from '../../components/TextArea.tsx';

export function LimitedTextArea({ max, onChange, error, ...props }: TextAreaProps & { max: number }) {
  const [tooLong, setTooLong] = useState(false);
  return (
    <TextArea
      {...props}
      error={tooLong ? copy.group.tooLong(props.label, max) : error}
      onChange={(text) => {
        if (text.length > max) return setTooLong(true);
        setTooLong(false);
        onChange(text);
      }}
    />
  );
}
