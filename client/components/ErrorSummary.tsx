/** The NHS error summary: focused when it appears, each error linking to its field. */
import { useEffect, useRef, type MouseEvent } from 'react';

export type FieldError = { fieldId: string; message: string };

/** An error link moves focus to its field (the first control in it, for a fieldset), not just the view. */
function focusField(event: MouseEvent<HTMLAnchorElement>, fieldId: string) {
  const target = document.getElementById(fieldId);
  if (!target) return;
  event.preventDefault();
  const control = target.matches('input, textarea, select, button') ? target : target.querySelector<HTMLElement>('input, textarea, select, button');
  (control ?? target).focus();
  target.scrollIntoView?.({ block: 'center' });
}

export function ErrorSummary({ title, errors }: { title: string; errors: readonly FieldError[] }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (errors.length > 0) ref.current?.focus();
  }, [errors]);
  if (errors.length === 0) return null;
  return (
    <div className="nhsuk-error-summary" aria-labelledby="error-summary-title" role="alert" tabIndex={-1} ref={ref}>
      <h2 className="nhsuk-error-summary__title" id="error-summary-title">
        {title}
      </h2>
      <div className="nhsuk-error-summary__body">
        <ul className="nhsuk-list nhsuk-error-summary__list">
          {errors.map((error) => (
            <li key={`${error.fieldId}-${error.message}`}>
              <a href={`#${error.fieldId}`} onClick={(event) => focusField(event, error.fieldId)}>
                {error.message}
              </a>
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}
