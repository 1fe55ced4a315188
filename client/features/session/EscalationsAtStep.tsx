/**
 * At a step whose heading on the form covers escalation (a section that records escalations):
 * the concerns escalated so far in this session, read-only, as the record will show them there,
 * and the way to escalate another from here. The header's button reaches the same route from
 * every step; this one only makes it plain where the form expects it.
 */
import { copy } from '../../content/copy.ts';
import { formatTime } from '../../content/format.ts';
import { useSession, useSessionSelector } from './sessionContext.tsx';

const w = copy.session.escalations;

export function EscalationsAtStep() {
  const { actor } = useSession();
  const escalations = useSessionSelector((s) => s.context.escalations);
  return (
    <section className="nhsuk-inset-text app-escalations-at-step" aria-labelledby="escalations-at-step-heading">
      <h3 className="nhsuk-heading-s" id="escalations-at-step-heading">
        {w.title}
      </h3>
      {escalations.length === 0 ? (
        <p>{w.none}</p>
      ) : (
        <ol className="nhsuk-list nhsuk-list--number">
          {escalations.map((escalation) => (
            <li key={escalation.id}>
              <p className="nhsuk-u-margin-bottom-1">{escalation.concern}</p>
              <p className="nhsuk-body-s nhsuk-u-margin-bottom-2">
                {w.raised(formatTime(new Date(escalation.raisedAt)), escalation.raisedDuring)}{' '}
                {w.actionTaken(escalation.actionTaken.trim() || w.noAction)}
              </p>
            </li>
          ))}
        </ol>
      )}
      <p className="nhsuk-body-s">{w.lede}</p>
      <p className="nhsuk-u-margin-bottom-0">
        <button type="button" className="app-link-button" onClick={() => actor.send({ type: 'concern.escalate' })}>
          {w.escalate}
        </button>
      </p>
    </section>
  );
}
