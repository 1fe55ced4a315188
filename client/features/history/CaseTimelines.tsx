/**
 * For each case (by the label the users choose), a timeline of every discussion of it in
 * signed sessions: the four stages (analysis shown as the judgement), the actions agreed,
 * escalations, and drift flags with the supervisor's response.
 */
import type { CaseDiscussionEntry, CaseTimeline } from '../../../machines/review/history.ts';
import { copy } from '../../content/copy.ts';
import { formatDate } from '../../content/format.ts';
import { hrefFor } from '../../app/router.ts';
import { anchors } from './anchors.tsx';
import { DriftResponse } from './Drift.tsx';

const w = copy.history.cases;

export function CaseTimelines({ cases }: { cases: readonly CaseTimeline[] }) {
  return (
    <section aria-labelledby="history-cases-heading">
      <h2 className="nhsuk-heading-m" id="history-cases-heading">
        {w.title}
      </h2>
      {cases.length === 0 ? (
        <p>{w.none}</p>
      ) : (
        <>
          <p>{w.lede}</p>
          {cases.map((timeline, t) => (
            <section key={timeline.key} aria-labelledby={`history-case-${t}`} className="nhsuk-u-margin-bottom-6">
              <h3 className="nhsuk-heading-m nhsuk-u-margin-bottom-1" id={`history-case-${t}`}>
                {timeline.label}
              </h3>
              <p className="nhsuk-body-s">{w.discussions(timeline.discussions.length)}</p>
              <ol className="nhsuk-list" aria-labelledby={`history-case-${t}`}>
                {timeline.discussions.map((discussion, d) => (
                  <li key={`${discussion.sessionId}-${d}`}>
                    <Discussion discussion={discussion} id={anchors.discussion(t, d)} />
                  </li>
                ))}
              </ol>
            </section>
          ))}
        </>
      )}
    </section>
  );
}

function Discussion({ discussion, id }: { discussion: CaseDiscussionEntry; id: string }) {
  const date = formatDate(discussion.date);
  return (
    <article className="nhsuk-card nhsuk-u-margin-bottom-4" aria-labelledby={id}>
      <div className="nhsuk-card__content">
        <h4 className="nhsuk-heading-s nhsuk-u-margin-bottom-2" id={id} tabIndex={-1}>
          {w.discussedOn(date)}
        </h4>
        {discussion.prepared && (
          <p>
            <strong className="nhsuk-tag nhsuk-tag--purple">{w.prepared}</strong>
          </p>
        )}
        <dl className="nhsuk-summary-list">
          {discussion.stages.map(({ stage, text, skipped }) => (
            <div className="nhsuk-summary-list__row" key={stage}>
              <dt className="nhsuk-summary-list__key">{w.stages[stage]}</dt>
              <dd className="nhsuk-summary-list__value">
                {text.trim() ? <Lines text={text} /> : skipped ? w.skipped(skipped) : w.nothing}
              </dd>
            </div>
          ))}
        </dl>
        <h5 className="nhsuk-heading-xs nhsuk-u-margin-bottom-1">{w.actions}</h5>
        {discussion.actions.length === 0 ? (
          <p>{w.noActions}</p>
        ) : (
          <ul>
            {discussion.actions.map((action, index) => (
              <li key={index}>{w.actionDue(action.what, action.dueDate ? formatDate(action.dueDate) : '')}</li>
            ))}
          </ul>
        )}
        <h5 className="nhsuk-heading-xs nhsuk-u-margin-bottom-1">{w.escalations}</h5>
        {discussion.escalations.length === 0 ? (
          <p>{w.noEscalations}</p>
        ) : (
          <ul>
            {discussion.escalations.map((escalation, index) => (
              <li key={index}>{w.escalation(escalation.concern, escalation.actionTaken)}</li>
            ))}
          </ul>
        )}
        {discussion.drift.length > 0 && (
          <>
            <h5 className="nhsuk-heading-xs nhsuk-u-margin-bottom-1">{w.drift}</h5>
            <ul>
              {discussion.drift.map(({ flag, response }) => (
                <li key={flag.id}>
                  {flag.message} {copy.history.drift.response}: <DriftResponse response={response} />
                </li>
              ))}
            </ul>
          </>
        )}
        <p className="nhsuk-body-s nhsuk-u-margin-bottom-0">
          <a href={hrefFor({ name: 'record', sessionId: discussion.sessionId })}>
            {w.openRecord}{' '}
            <span className="nhsuk-u-visually-hidden">{`(${date})`}</span>
          </a>
        </p>
      </div>
    </article>
  );
}

/** Stage text as paragraphs, one a line, as typed. */
export function Lines({ text }: { text: string }) {
  const lines = text.split('\n').filter((line) => line.trim() !== '');
  return (
    <>
      {lines.map((line, index) => (
        <p key={index} className={index === lines.length - 1 ? 'nhsuk-u-margin-bottom-0' : undefined}>
          {line}
        </p>
      ))}
    </>
  );
}
