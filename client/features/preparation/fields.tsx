/** The few NHS form fields preparation needs that the shared components do not offer. */
import type { ChangeEvent } from 'react';
import { copy } from '../../content/copy.ts';
import { ErrorMessage, Hint, describedBy } from '../../components/FieldMessages.tsx';

type FieldProps = { id: string; label: string; hint?: string | undefined; error?: string | undefined };

/** A passphrase field: never shown, never offered to autofill as a saved site password. */
export function PassphraseInput(props: FieldProps & { value: string; onChange: (value: string) => void; autoComplete: 'new-password' | 'off' }) {
  const { id, label, hint, error } = props;
  return (
    <div className={`nhsuk-form-group${error ? ' nhsuk-form-group--error' : ''}`}>
      <label className="nhsuk-label" htmlFor={id}>
        {label}
      </label>
      {hint && <Hint id={`${id}-hint`}>{hint}</Hint>}
      {error && <ErrorMessage id={`${id}-error`}>{error}</ErrorMessage>}
      <input
        className={`nhsuk-input nhsuk-input--width-20${error ? ' nhsuk-input--error' : ''}`}
        id={id}
        name={id}
        type="password"
        spellCheck={false}
        autoCapitalize="none"
        autoComplete={props.autoComplete}
        value={props.value}
        aria-describedby={describedBy(hint && `${id}-hint`, error && `${id}-error`)}
        onChange={(event) => props.onChange(event.target.value)}
      />
    </div>
  );
}

/** The NHS file upload (without its script, so the browser's own button is used). */
export function FileInput(props: FieldProps & { accept: string; onChange: (file: File | null) => void }) {
  const { id, label, hint, error } = props;
  return (
    <div className={`nhsuk-form-group nhsuk-file-upload${error ? ' nhsuk-form-group--error' : ''}`}>
      <label className="nhsuk-label" htmlFor={id}>
        {label}
      </label>
      {hint && <Hint id={`${id}-hint`}>{hint}</Hint>}
      {error && <ErrorMessage id={`${id}-error`}>{error}</ErrorMessage>}
      <input
        className="nhsuk-file-upload__input"
        id={id}
        name={id}
        type="file"
        accept={props.accept}
        aria-describedby={describedBy(hint && `${id}-hint`, error && `${id}-error`)}
        onChange={(event: ChangeEvent<HTMLInputElement>) => props.onChange(event.target.files?.[0] ?? null)}
      />
    </div>
  );
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
