/** An NHS select with its visible label; the first option is the "none chosen" choice. */
import { FormGroup, fieldDescribedBy } from './FieldMessages.tsx';

export function Select(props: {
  id: string;
  label: string;
  value: string;
  /** The first, empty choice's words; without it there is no empty choice. */
  noneLabel?: string;
  options: readonly { value: string; label: string }[];
  onChange: (value: string) => void;
  hint?: string | undefined;
  error?: string | undefined;
}) {
  return (
    <FormGroup id={props.id} label={props.label} hint={props.hint} error={props.error}>
      <select
        className={`nhsuk-select${props.error ? ' nhsuk-select--error' : ''}`}
        id={props.id}
        name={props.id}
        value={props.value}
        aria-describedby={fieldDescribedBy(props.id, props.hint, props.error)}
        onChange={(event) => props.onChange(event.target.value)}
      >
        {props.noneLabel !== undefined && <option value="">{props.noneLabel}</option>}
        {props.options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </FormGroup>
  );
}
