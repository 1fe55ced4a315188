/** An NHS text, date, time or password input with its visible label, hint and error. */
import type { InputHTMLAttributes } from 'react';
import { FormGroup, fieldDescribedBy } from './FieldMessages.tsx';

export type InputProps = {
  id: string;
  label: string;
  hint?: string | undefined;
  error?: string | undefined;
  value: string;
  onChange: (value: string) => void;
  type?: 'text' | 'date' | 'time' | 'password';
  width?: 10 | 20 | 30;
} & Omit<InputHTMLAttributes<HTMLInputElement>, 'onChange' | 'value' | 'type' | 'id'>;

export function Input({ id, label, hint, error, value, onChange, type = 'text', width, ...rest }: InputProps) {
  return (
    <FormGroup id={id} label={label} hint={hint} error={error}>
      <input
        {...rest}
        className={`nhsuk-input${width ? ` nhsuk-input--width-${width}` : ''}${error ? ' nhsuk-input--error' : ''}`}
        id={id}
        name={id}
        type={type}
        value={value}
        aria-describedby={fieldDescribedBy(id, hint, error)}
        onChange={(event) => onChange(event.target.value)}
      />
    </FormGroup>
  );
}
