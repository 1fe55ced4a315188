/** Asks before anything is lost: the question takes focus so it is read first. */
import { useEffect, useRef } from 'react';

export function ConfirmRemoval(props: { question: string; confirm: string; cancel: string; onConfirm: () => void; onCancel: () => void }) {
  const questionRef = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    questionRef.current?.focus();
  }, []);
  return (
    <div className="nhsuk-warning-callout" role="group" aria-label={props.question}>
      <p tabIndex={-1} ref={questionRef}>
        {props.question}
      </p>
      <div className="app-inline-buttons">
        <button type="button" className="nhsuk-button nhsuk-button--warning nhsuk-button--small" onClick={props.onConfirm}>
          {props.confirm}
        </button>
        <button type="button" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" onClick={props.onCancel}>
          {props.cancel}
        </button>
      </div>
    </div>
  );
}
