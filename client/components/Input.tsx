/** An NHS text, date or time input with its visible label, hint and error. */
import type { InputHTMLAttributes } from 'react';
import { ErrorMessage, Hint, describedBy } from './FieldMessages.tsx';

type Props = {
  id: string;
  label: string;
  hint?: string;
  error?: string | undefined;
  value: string;
  onChange: (value: string) => void;
  type?: 'text' | 'date' | 'time';
  width?: 10 | 20 | 30;
} & Omit<InputHTMLAttributes<HTMLInputElement>, 'onChange' | 'value' | 'type' | 'id'>;

export function Input({ id, label, hint, error, value, onChange, type = 'text', width, ...rest }: Props) {
  const described = describedBy(hint && `${id}-hint`, error && `${id}-error`);
  return (
    <div className={`nhsuk-form-group${error ? ' nhsuk-form-group--error' : ''}`}>
      <label className="nhsuk-label" htmlFor={id}>
        {label}
      </label>
      {hint && <Hint id={`${id}-hint`}>{hint}</Hint>}
      {error && <ErrorMessage id={`${id}-error`}>{error}</ErrorMessage>}
      <input
        {...rest}
        className={`nhsuk-input${width ? ` nhsuk-input--width-${width}` : ''}${error ? ' nhsuk-input--error' : ''}`}
        id={id}
        name={id}
        type={type}
        value={value}
        aria-describedby={described}
        onChange={(event) => onChange(event.target.value)}
      />
    </div>
  );
}
