/** The NHS form group: a field's label, hint and error message, and the ids that describe the field. */
import type { ReactNode } from 'react';
import { commonCopy } from '../content/commonCopy.ts';

export function Hint({ id, children }: { id: string | undefined; children: ReactNode }) {
  return (
    <div className="nhsuk-hint" id={id}>
      {children}
    </div>
  );
}

export function ErrorMessage({ id, children, as: Tag = 'span' }: { id: string | undefined; children: ReactNode; as?: 'span' | 'p' }) {
  return (
    <Tag className="nhsuk-error-message" id={id}>
      <span className="nhsuk-u-visually-hidden">{commonCopy.error}</span> {children}
    </Tag>
  );
}

/** The aria-describedby value for a field whose hint and error take `${id}-hint` and `${id}-error` (undefined when it has neither). */
export function fieldDescribedBy(id: string, hint: string | undefined, error: string | undefined): string | undefined {
  return [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ') || undefined;
}

/** A form group around one control: its label, then its hint and error (ids from `fieldDescribedBy`). */
export function FormGroup(props: { id: string; label: string; hint?: string | undefined; error?: string | undefined; className?: string; children: ReactNode }) {
  const { id, hint, error } = props;
  return (
    <div className={`nhsuk-form-group${props.className ? ` ${props.className}` : ''}${error ? ' nhsuk-form-group--error' : ''}`}>
      <label className="nhsuk-label" htmlFor={id}>
        {props.label}
      </label>
      {hint && <Hint id={`${id}-hint`}>{hint}</Hint>}
      {error && <ErrorMessage id={`${id}-error`}>{error}</ErrorMessage>}
      {props.children}
    </div>
  );
}

/**
 * A form group around a fieldset whose legend is the question, then its hint and error (ids
 * from `fieldDescribedBy`, which names what describes the fieldset unless `describedBy` does).
 */
export function FieldsetGroup(props: {
  id: string;
  legend: string;
  legendSize?: 's' | 'm' | undefined;
  hint?: string | undefined;
  error?: string | undefined;
  describedBy?: string;
  children: ReactNode;
}) {
  const { id, hint, error } = props;
  return (
    <div className={`nhsuk-form-group${error ? ' nhsuk-form-group--error' : ''}`}>
      <fieldset className="nhsuk-fieldset" aria-describedby={props.describedBy ?? fieldDescribedBy(id, hint, error)} id={id}>
        <legend className={`nhsuk-fieldset__legend nhsuk-fieldset__legend--${props.legendSize ?? 's'}`}>{props.legend}</legend>
        {hint && <Hint id={`${id}-hint`}>{hint}</Hint>}
        {error && <ErrorMessage id={`${id}-error`}>{error}</ErrorMessage>}
        {props.children}
      </fieldset>
    </div>
  );
}
