/**
 * An NHS text, date, time or password input with its visible label, hint and error.
 *
 * What is typed is not the browser's to keep: every field but a password has
 * `autocomplete="off"`, so Chromium neither saves it with the tab for session restore (the
 * profile's `Sessions` files, written while the page is open and left after the app locks) nor
 * offers it again as form history. A password field is never kept for session restore; its
 * token only tells a password manager which passphrase it is.
 */
import type { InputHTMLAttributes } from 'react';
import { FormGroup, fieldDescribedBy } from './FieldMessages.tsx';

export type InputProps = {
  id: string;
  label: string;
  hint?: string | undefined;
  error?: string | undefined;
  value: string;
  onChange: (value: string) => void;
  type?: 'text' | 'date' | 'time' | 'password' | 'email';
  width?: 10 | 20 | 30;
  /** A password field's token (default "off"); any other field is always "off". */
  autoComplete?: 'new-password' | 'current-password' | 'off';
} & Omit<InputHTMLAttributes<HTMLInputElement>, 'onChange' | 'value' | 'type' | 'id' | 'autoComplete'>;

export function Input({ id, label, hint, error, value, onChange, type = 'text', width, autoComplete, ...rest }: InputProps) {
  return (
    <FormGroup id={id} label={label} hint={hint} error={error}>
      <input
        {...rest}
        className={`nhsuk-input${width ? ` nhsuk-input--width-${width}` : ''}${error ? ' nhsuk-input--error' : ''}`}
        id={id}
        name={id}
        type={type}
        autoComplete={type === 'password' ? (autoComplete ?? 'off') : 'off'}
        value={value}
        aria-describedby={fieldDescribedBy(id, hint, error)}
        onChange={(event) => onChange(event.target.value)}
      />
    </FormGroup>
  );
}
