/** Reviewing every open action from earlier sessions: done, not done (why), or carried forward (why, and to when). */
import type { SectionV1 } from '../../../../machines/model/template.ts';
import type { ActionReviewV1, ReviewOutcome } from '../../../../machines/model/record.ts';
import { copy } from '../../../content/copy.ts';
import { formatDate } from '../../../content/format.ts';
import { Input } from '../../../components/Input.tsx';
import { Radios } from '../../../components/Radios.tsx';
import { TextArea } from '../../../components/TextArea.tsx';
import { SectionPrompt } from '../SectionPrompt.tsx';
import { useSession, useSessionSelector } from '../sessionContext.tsx';
import { DriftFlags } from '../DriftFlags.tsx';
import { driftFlags } from '../../../../machines/review/drift.ts';

const outcomes: { value: ReviewOutcome; label: string }[] = [
  { value: 'done', label: copy.previousActions.done },
  { value: 'notDone', label: copy.previousActions.notDone },
  { value: 'carriedForward', label: copy.previousActions.carriedForward },
];

export function PreviousActionsStep({ section }: { section: SectionV1 }) {
  const { actor, models } = useSession();
  const previous = useSessionSelector((s) => s.context.previousActions);
  const reviews = useSessionSelector((s) => s.context.reviews);
  const content = useSessionSelector((s) => s.context);
  const flags = driftFlags(content, models);
  const change = (actionId: string, review: ActionReviewV1) => actor.send({ type: 'review.changed', actionId, review });

  return (
    <>
      <SectionPrompt promptId={section.prompt} markdown={section.promptMarkdown} />
      {previous.length === 0 && <p className="nhsuk-body">{copy.previousActions.none}</p>}
      {previous.map((action, index) => {
        const review = reviews[action.id] ?? { outcome: null, reason: '', newDueDate: '' };
        return (
          <div className="nhsuk-card" key={action.id}>
            <div className="nhsuk-card__content">
              <h3 className="nhsuk-card__heading nhsuk-heading-s">
                {index + 1}. {action.what}
              </h3>
              <p className="nhsuk-body-s">
                {action.ownerLabel}
                {action.dueDate ? `, ${copy.previousActions.due(formatDate(action.dueDate))}` : ''}
                {action.caseLabel ? ` · ${action.caseLabel}` : ''} · {copy.previousActions.raised(formatDate(action.raisedOn))}
              </p>
              {action.timesCarriedForward > 0 && (
                <p>
                  <strong className="nhsuk-tag nhsuk-tag--orange">{copy.previousActions.carriedTimes(action.timesCarriedForward)}</strong>
                </p>
              )}
              <Radios
                name={`review-${action.id}`}
                legend={`${copy.previousActions.outcome}: ${action.what}`}
                options={outcomes}
                value={review.outcome}
                small
                inline
                onChange={(outcome) => change(action.id, { ...review, outcome: outcome as ReviewOutcome })}
              />
              {(review.outcome === 'notDone' || review.outcome === 'carriedForward') && (
                // One field for both: a reason given for "not done" stays when it is carried forward instead.
                <TextArea
                  id={`review-reason-${action.id}`}
                  label={review.outcome === 'notDone' ? copy.previousActions.reason : copy.previousActions.carriedReason}
                  value={review.reason}
                  rows={2}
                  onChange={(reason) => change(action.id, { ...review, reason })}
                />
              )}
              {review.outcome === 'carriedForward' && (
                <Input
                  id={`review-due-${action.id}`}
                  type="date"
                  label={copy.previousActions.newDueDate}
                  value={review.newDueDate}
                  onChange={(newDueDate) => change(action.id, { ...review, newDueDate })}
                />
              )}
              <DriftFlags flags={flags.filter((flag) => flag.subject.type === 'action' && flag.subject.actionId === action.id)} />
            </div>
          </div>
        );
      })}
    </>
  );
}
