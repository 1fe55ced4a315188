/**
 * Drift in the history: counts by kind at the top of the page, and every flag raised with
 * the supervisor's response, each linking to where it appears (its action or its case).
 */
import type { DriftResponseV1 } from '../../../machines/model/record.ts';
import { isAnswered, type DriftKind } from '../../../machines/review/drift.ts';
import type { SupervisionHistory } from '../../../machines/review/history.ts';
import { copy } from '../../content/copy.ts';
import { Section } from '../../components/Section.tsx';
import { formatDate } from '../../content/format.ts';
import { anchors, PageLink, placeOf } from './anchors.tsx';
import { isOverdue } from './actionStatus.ts';

const w = copy.history.drift;
export const driftKinds: readonly DriftKind[] = ['carriedForward', 'overdue', 'staticPlan', 'skippedAnalysis'];

/** The supervisor's response as recorded, or, in red, that none was. */
export function DriftResponse({ response }: { response: DriftResponseV1 | null }) {
  if (!response) return <strong className="nhsuk-tag nhsuk-tag--red">{w.noResponse}</strong>;
  const label = w.responses[response.response];
  if (!isAnswered(response)) {
    // "Continue" needs a reason; without one it is not an answer.
    return <strong className="nhsuk-tag nhsuk-tag--red">{w.responseText(label, w.noReason)}</strong>;
  }
  return <>{w.responseText(label, response.reason)}</>;
}

export function DriftSummary(props: {
  history: SupervisionHistory;
  today: string;
  onFollow: (targetId: string) => void;
  onShowOverdue: () => void;
}) {
  const { drift, actions } = props.history;
  const unanswered = drift.filter((record) => !isAnswered(record.response ?? undefined)).length;
  const overdueNow = actions.filter((action) => isOverdue(action, props.today)).length;
  return (
    <section aria-labelledby="history-drift-heading" className="nhsuk-card">
      <div className="nhsuk-card__content">
        <h2 className="nhsuk-heading-m" id="history-drift-heading">
          {w.title}
        </h2>
        <p>{w.lede}</p>
        {drift.length === 0 && <p>{w.none}</p>}
        <ul className="nhsuk-list">
          {driftKinds.map((kind) => {
            const count = drift.filter((record) => record.flag.kind === kind).length;
            const text = w.count(w.kinds[kind], count);
            return (
              <li key={kind}>
                {count > 0 ? (
                  <PageLink targetId={anchors.driftKind(kind)} onFollow={props.onFollow}>
                    {text}
                  </PageLink>
                ) : (
                  text
                )}
              </li>
            );
          })}
          {overdueNow > 0 && (
            <li>
              <a
                href={`#${anchors.actions}`}
                onClick={(event) => {
                  event.preventDefault();
                  props.onShowOverdue();
                }}
              >
                {w.overdueNow(overdueNow)}
              </a>
            </li>
          )}
        </ul>
        {unanswered > 0 && (
          <p>
            <strong className="nhsuk-tag nhsuk-tag--red">{w.unanswered(unanswered)}</strong>
          </p>
        )}
      </div>
    </section>
  );
}

/** Every flag raised, by kind, oldest first, with its response and a link to where it appears. */
export function DriftList({ history, onFollow }: { history: SupervisionHistory; onFollow: (targetId: string) => void }) {
  if (history.drift.length === 0) return null;
  return (
    <Section id="history-drift-raised-heading" title={w.raised}>
      {driftKinds.map((kind) => {
        const records = history.drift.filter((record) => record.flag.kind === kind);
        if (records.length === 0) return null;
        return (
          <section key={kind} aria-labelledby={anchors.driftKind(kind)}>
            <h3 className="nhsuk-heading-s" id={anchors.driftKind(kind)} tabIndex={-1}>
              {w.kinds[kind]}
            </h3>
            <ul className="nhsuk-list nhsuk-list--border">
              {records.map((record) => {
                const place = placeOf(history, record);
                return (
                  <li key={`${record.sessionId}-${record.flag.id}`}>
                    <p className="nhsuk-body-s nhsuk-u-margin-bottom-1">{w.raisedOn(formatDate(record.date))}</p>
                    <p className="nhsuk-u-margin-bottom-1">{record.flag.message}</p>
                    <p className="nhsuk-u-margin-bottom-1">
                      {w.response}: <DriftResponse response={record.response} />
                    </p>
                    {place && (
                      <p className="nhsuk-body-s nhsuk-u-margin-bottom-0">
                        <PageLink targetId={place.targetId} onFollow={onFollow}>
                          {place.subject === 'action' ? w.seeAction : w.seeCase(place.label)}
                        </PageLink>
                      </p>
                    )}
                  </li>
                );
              })}
            </ul>
          </section>
        );
      })}
    </Section>
  );
}
