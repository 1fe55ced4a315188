/** A passphrase field: masked, never spell-checked, with the browser's password-manager hint. */
import { FormGroup, fieldDescribedBy } from './FieldMessages.tsx';

export function PassphraseInput(props: {
  id: string;
  label: string;
  hint?: string;
  error?: string | undefined;
  value: string;
  onChange: (value: string) => void;
  autoComplete: 'new-password' | 'current-password';
}) {
  const { id, hint, error } = props;
  return (
    <FormGroup id={id} label={props.label} hint={hint} error={error}>
      <input
        className={`nhsuk-input nhsuk-input--width-20${error ? ' nhsuk-input--error' : ''}`}
        id={id}
        name={id}
        type="password"
        autoComplete={props.autoComplete}
        spellCheck={false}
        value={props.value}
        aria-describedby={fieldDescribedBy(id, hint, error)}
        onChange={(event) => props.onChange(event.target.value)}
      />
    </FormGroup>
  );
}
