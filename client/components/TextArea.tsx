import { useRef, type ChangeEvent } from 'react';
import { DictateButton } from './DictateButton.tsx';
import { ErrorMessage, Hint } from './FieldMessages.tsx';

export interface TextAreaProps {
  /** Id of the textarea; the hint and error take `${id}-hint` and `${id}-error`. */
  id: string;
  /** Visible label. */
  label: string;
  hint?: string;
  /** Error text; shows the NHS error styling and is announced with the field. */
  error?: string;
  value: string;
  onChange: (text: string) => void;
  /** Visible rows. Defaults to 5. */
  rows?: number;
  /**
   * Show the label as the page heading (an h1 wrapping the label, as in the NHS
   * "one question per page" pattern). Use only when this field is the page's question.
   */
  labelAsHeading?: boolean;
  /** Offer on-device dictation beside the field (only shown where the browser supports it). */
  dictation?: boolean;
}

/** Adds dictated text to the end of what is already typed, separated by one space. */
export function appendDictatedText(current: string, dictated: string): string {
  const addition = dictated.trim();
  if (addition === '') return current;
  if (current === '') return addition;
  return /\s$/.test(current) ? `${current}${addition}` : `${current} ${addition}`;
}

export function TextArea({
  id,
  label,
  hint,
  error,
  value,
  onChange,
  rows = 5,
  labelAsHeading = false,
  dictation = false,
}: TextAreaProps) {
  // Several dictated phrases can arrive before the parent re-renders with the new value,
  // so appends build on the latest value we have sent, not only the last prop.
  const latestValue = useRef(value);
  latestValue.current = value;

  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;

  const labelElement = (
    <label className={labelAsHeading ? 'nhsuk-label nhsuk-label--l' : 'nhsuk-label'} htmlFor={id}>
      {label}
    </label>
  );

  const handleChange = (event: ChangeEvent<HTMLTextAreaElement>) => {
    latestValue.current = event.target.value;
    onChange(event.target.value);
  };

  const handleDictated = (text: string) => {
    const next = appendDictatedText(latestValue.current, text);
    latestValue.current = next;
    onChange(next);
  };

  return (
    <div className={error ? 'nhsuk-form-group nhsuk-form-group--error' : 'nhsuk-form-group'}>
      {labelAsHeading ? <h1 className="nhsuk-label-wrapper">{labelElement}</h1> : labelElement}
      {hint ? <Hint id={hintId}>{hint}</Hint> : null}
      {error ? <ErrorMessage id={errorId}>{error}</ErrorMessage> : null}
      <textarea
        className={error ? 'nhsuk-textarea nhsuk-textarea--error' : 'nhsuk-textarea'}
        id={id}
        name={id}
        rows={rows}
        value={value}
        onChange={handleChange}
        aria-describedby={describedBy}
        aria-invalid={error ? true : undefined}
      />
      {dictation ? <DictateButton label={label} controls={id} onText={handleDictated} /> : null}
    </div>
  );
}

export default TextArea;
