/** The NHS error summary: focused when it appears, each error linking to its field. */
import { useLayoutEffect, useRef, type MouseEvent } from 'react';

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

const nonTextInputs = new Set(['button', 'submit', 'reset', 'checkbox', 'radio', 'file', 'image']);

function isTyping(element: Element | null): boolean {
  if (element instanceof HTMLTextAreaElement || element instanceof HTMLSelectElement) return true;
  return element instanceof HTMLInputElement && !nonTextInputs.has(element.type);
}

export function ErrorSummary({ title, errors }: { title: string; errors: readonly FieldError[] }) {
  const ref = useRef<HTMLDivElement>(null);
  // Focus moves to the summary when the problems change (a submit, even by Enter in a field),
  // and when the same problems are shown again from a button; but not while someone types a
  // correction: a caller may build the list afresh on every render, and the field must keep
  // its focus (the summary is an alert, and is read out anyway). Focused as it is committed
  // (a layout effect), never a frame after it is shown.
  const problems = errors.map((e) => `${e.fieldId}\u0000${e.message}`).join('\u0001');
  const shown = useRef('');
  useLayoutEffect(() => {
    const changed = problems !== shown.current;
    shown.current = problems;
    if (errors.length > 0 && (changed || !isTyping(document.activeElement))) ref.current?.focus();
  }, [errors, problems]);
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
