/**
 * An NHS error summary for the group screens. Unlike components/ErrorSummary it takes its
 * own heading id (a page may hold more than one form) and moves focus only when `focusKey`
 * changes: a summary computed as the user types must never pull focus from the field.
 */
import { useEffect, useRef, type MouseEvent } from 'react';

export type Problem = { message: string; fieldId: string | null };

function focusField(event: MouseEvent<HTMLAnchorElement>, fieldId: string) {
  const target = document.getElementById(fieldId);
  if (!target) return;
  event.preventDefault();
  const control = target.matches('input, textarea, select, button, h2, h3') ? target : target.querySelector<HTMLElement>('input, textarea, select, button');
  (control ?? target).focus();
  target.scrollIntoView?.({ block: 'center' });
}

/** A problem as a link that moves focus to the field that fixes it (plain text when there is none). */
export function ProblemLink({ problem }: { problem: Problem }) {
  const { fieldId } = problem;
  if (!fieldId) return <>{problem.message}</>;
  return (
    <a href={`#${fieldId}`} onClick={(event) => focusField(event, fieldId)}>
      {problem.message}
    </a>
  );
}

/** Each problem as a link to the field that fixes it. */
export function ProblemList({ problems, className }: { problems: readonly Problem[]; className?: string }) {
  return (
    <ul className={className}>
      {problems.map((problem, index) => (
        <li key={`${index}-${problem.message}`}>
          <ProblemLink problem={problem} />
        </li>
      ))}
    </ul>
  );
}

export function ProblemSummary({ id, title, problems, focusKey }: { id: string; title: string; problems: readonly Problem[]; focusKey: unknown }) {
  const ref = useRef<HTMLDivElement>(null);
  const shown = problems.length > 0;
  useEffect(() => {
    if (shown) ref.current?.focus();
    // Focus follows a new refusal or a new attempt, never a re-render.
  }, [focusKey]);
  if (!shown) return null;
  return (
    <div className="nhsuk-error-summary" aria-labelledby={`${id}-title`} role="alert" tabIndex={-1} ref={ref}>
      <h2 className="nhsuk-error-summary__title" id={`${id}-title`}>
        {title}
      </h2>
      <div className="nhsuk-error-summary__body">
        <ProblemList problems={problems} className="nhsuk-list nhsuk-error-summary__list" />
      </div>
    </div>
  );
}
