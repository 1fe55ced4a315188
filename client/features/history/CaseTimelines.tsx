/**
 * For each case (by the label the users choose), a timeline of every discussion of it in
 * signed sessions: the four stages (analysis shown as the judgement), the actions agreed,
 * escalations, and drift flags with the supervisor's response.
 */
import type { CaseDiscussionEntry, CaseTimeline } from '../../../machines/review/history.ts';
import { copy } from '../../content/copy.ts';
import { sessionModelsOf } from '../../content/models.ts';
import { findStage, type ReflectiveModelV1 } from '../../../machines/model/reflectiveModel.ts';
import { modelOfCase } from '../../../machines/models/index.ts';
import { formatDate } from '../../content/format.ts';
import { hrefFor } from '../../app/router.ts';
import { Section } from '../../components/Section.tsx';
import { anchors } from './anchors.tsx';
import { DriftResponse } from './Drift.tsx';

const w = copy.history.cases;

/** Each case's latest discussions shown at first; the earlier ones on request. */
export const LATEST_DISCUSSIONS = 3;

/** `models`: copies of the models the supervisee's sessions used that are not shipped (from the sessions themselves). */
export function CaseTimelines({ cases, expanded, onExpand, models = [] }: { cases: readonly CaseTimeline[]; expanded: ReadonlySet<string>; onExpand: (key: string) => void; models?: readonly ReflectiveModelV1[] }) {
  return (
    <Section id="history-cases-heading" title={w.title}>
      {cases.length === 0 ? (
        <p>{w.none}</p>
      ) : (
        <>
          <p>{w.lede}</p>
          {cases.map((timeline, t) => {
            const hidden = expanded.has(timeline.key) ? 0 : Math.max(0, timeline.discussions.length - LATEST_DISCUSSIONS);
            return (
              <section key={timeline.key} aria-labelledby={`history-case-${t}`} className="nhsuk-u-margin-bottom-6">
                <h3 className="nhsuk-heading-m nhsuk-u-margin-bottom-1" id={`history-case-${t}`}>
                  {timeline.label}
                </h3>
                <p className="nhsuk-body-s">
                  {w.discussions(timeline.discussions.length)}
                  {hidden > 0 && ` ${w.latest(LATEST_DISCUSSIONS)}`}
                </p>
                {hidden > 0 && (
                  <button type="button" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" onClick={() => onExpand(timeline.key)}>
                    {w.showEarlier(hidden, timeline.label)}
                  </button>
                )}
                <ol className="nhsuk-list" aria-labelledby={`history-case-${t}`} start={hidden + 1}>
                  {timeline.discussions.slice(hidden).map((discussion, i) => {
                    const d = hidden + i;
                    return (
                      <li key={`${discussion.sessionId}-${d}`}>
                        <Discussion discussion={discussion} id={anchors.discussion(t, d)} models={models} />
                      </li>
                    );
                  })}
                </ol>
              </section>
            );
          })}
        </>
      )}
    </Section>
  );
}

/**
 * A stage's name on the history page: the 4x4x4 cycle's as this page has always put them
 * ("Analysis — the judgement"), any other model's in its own words.
 */
function stageName(discussion: CaseDiscussionEntry, stage: string, models: readonly ReflectiveModelV1[]): string {
  if (!discussion.model) return (w.stages as Record<string, string>)[stage] ?? stage;
  return findStage(modelOfCase({ model: discussion.model, stages: Object.fromEntries(discussion.stages.map((s) => [s.stage, {}])) }, sessionModelsOf({ models: [...models] })), stage)?.name ?? stage;
}

function Discussion({ discussion, id, models }: { discussion: CaseDiscussionEntry; id: string; models: readonly ReflectiveModelV1[] }) {
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
              <dt className="nhsuk-summary-list__key">{stageName(discussion, stage, models)}</dt>
              <dd className="nhsuk-summary-list__value">
                {text.trim() ? <Lines text={text} /> : skipped ? w.skipped(skipped) : w.nothing}
              </dd>
            </div>
          ))}
        </dl>
        <ListOrNone
          title={w.actions}
          none={w.noActions}
          items={discussion.actions.map((action) => w.actionDue(action.what, action.dueDate ? formatDate(action.dueDate) : ''))}
        />
        <ListOrNone
          title={w.escalations}
          none={w.noEscalations}
          items={discussion.escalations.map((escalation) => w.escalation(escalation.concern, escalation.actionTaken))}
        />
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

/** A discussion's list under its small heading, or what to say when it is empty. */
function ListOrNone({ title, none, items }: { title: string; none: string; items: readonly string[] }) {
  return (
    <>
      <h5 className="nhsuk-heading-xs nhsuk-u-margin-bottom-1">{title}</h5>
      {items.length === 0 ? (
        <p>{none}</p>
      ) : (
        <ul>
          {items.map((text, index) => (
            <li key={index}>{text}</li>
          ))}
        </ul>
      )}
    </>
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
