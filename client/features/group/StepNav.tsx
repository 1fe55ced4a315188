/** The buttons under a step of a group session: on to what comes next and, where offered, back a step. */
import type { ReactNode } from 'react';
import { copy } from '../../content/copy.ts';

export function StepNav({ next, onNext, onBack }: { next: ReactNode; onNext: () => void; onBack?: (() => void) | undefined }) {
  return (
    <div className="app-step-nav">
      <button type="button" className="nhsuk-button" onClick={onNext}>
        {next}
      </button>
      {onBack && (
        <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={onBack}>
          {copy.group.backStep}
        </button>
      )}
    </div>
  );
}
