/** The agenda as a list: where the session is, and the steps already reached to go back to. */
import { copy } from '../../content/copy.ts';
import { agendaPosition, useSession, useSessionSelector } from './sessionContext.tsx';

export function StepList() {
  const { actor, sections } = useSession();
  const current = useSessionSelector((s) => agendaPosition(s).sectionId);
  const furthest = useSessionSelector((s) => s.context.furthestSection);
  const sealed = useSessionSelector((s) => s.context.contentHash !== null);
  return (
    <nav aria-label={copy.session.steps} className="app-step-list">
      <details className="nhsuk-details">
        <summary className="nhsuk-details__summary">
          <span className="nhsuk-details__summary-text">{copy.session.steps}</span>
        </summary>
        <div className="nhsuk-details__text">
          <ol className="nhsuk-list nhsuk-list--number">
            {sections.map((section, index) => {
              const isCurrent = section.id === current;
              const reachable = !sealed && index <= furthest && !isCurrent;
              return (
                <li key={section.id} aria-current={isCurrent ? 'step' : undefined}>
                  {reachable ? (
                    <button type="button" className="app-link-button" onClick={() => actor.send({ type: 'step.goto', sectionId: section.id })}>
                      {section.heading}
                    </button>
                  ) : isCurrent ? (
                    <strong>{section.heading}</strong>
                  ) : (
                    <span>{section.heading}</span>
                  )}
                </li>
              );
            })}
          </ol>
        </div>
      </details>
    </nav>
  );
}
