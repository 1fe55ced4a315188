/** Preparation's own fields: the passphrase a file is sealed with, and the "Bring to the session" tick. */
import { copy } from '../../content/copy.ts';
import { Input, type InputProps } from '../../components/Input.tsx';

/** A passphrase field: never shown, never offered to autofill as a saved site password. */
export function PassphraseInput(props: Pick<InputProps, 'id' | 'label' | 'hint' | 'error' | 'value' | 'onChange'> & { autoComplete: 'new-password' | 'off' }) {
  return <Input {...props} type="password" width={20} spellCheck={false} autoCapitalize="none" />;
}

/**
 * The "Bring to the session" tick. Every issue and case has one, so its accessible name says
 * which (visually the card or list item already does).
 */
export function BringCheckbox({ id, which, checked, onChange }: { id: string; which: string; checked: boolean; onChange: (bring: boolean) => void }) {
  return (
    <div className="nhsuk-form-group">
      <div className="nhsuk-checkboxes">
        <div className="nhsuk-checkboxes__item">
          {/* The name says which item, in one string: browsers join a hidden span with a space, jsdom does not. */}
          <input
            className="nhsuk-checkboxes__input"
            id={id}
            name={id}
            type="checkbox"
            checked={checked}
            aria-label={`${copy.preparation.bring}${copy.preparation.bringWhich(which)}`}
            onChange={(event) => onChange(event.target.checked)}
          />
          <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor={id}>
            {copy.preparation.bring}
          </label>
        </div>
      </div>
    </div>
  );
}
