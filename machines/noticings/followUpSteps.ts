/**
 * The follow-ups of one case, changed one step at a time (issue 21): asked, answered, put aside
 * ("Not now") or dismissed with a reason. Pure, shared by the live session's case machine
 * (machines/cycle/cycle.machine.ts) and the supervisee's preparation editor, so both keep the
 * same rules: at most one open at a stage, a rule asked at most once in a case, never an empty
 * answer or a dismissal without a reason.
 */
import type { CaseDiscussionV1, FollowUpV1 } from '../model/record.ts';

type FollowUps = CaseDiscussionV1['followUps'];
export type Asked = Pick<FollowUpV1, 'ruleId' | 'questionIndex' | 'question'>;
export type Closing = { outcome: 'answered' | 'notNow' | 'dismissed'; text: string };

/** The follow-up open at a stage (asked, not yet answered, put aside or dismissed), and where it is in the stage's list. */
export function openFollowUp(holder: { followUps?: FollowUps }, stage: string): { followUp: FollowUpV1; index: number } | null {
  const list = holder.followUps?.[stage] ?? [];
  const index = list.findIndex((f) => f.outcome === 'raised');
  const followUp = list[index];
  return followUp ? { followUp, index } : null;
}

/** At most one follow-up open at a stage, and a rule asked at most once in a case. */
export function canRaise(holder: { followUps?: FollowUps }, stage: string, ruleId: string): boolean {
  return openFollowUp(holder, stage) === null && !Object.values(holder.followUps ?? {}).some((list) => list.some((f) => f.ruleId === ruleId));
}

export function withRaised(followUps: FollowUps, stage: string, asked: Asked): NonNullable<FollowUps> {
  return { ...followUps, [stage]: [...(followUps?.[stage] ?? []), { ruleId: asked.ruleId, questionIndex: asked.questionIndex, question: asked.question, outcome: 'raised' }] };
}

/** An answer or a reason is never empty; "Not now" needs nothing. */
export function canClose(holder: { followUps?: FollowUps }, stage: string, closing: Closing): boolean {
  return openFollowUp(holder, stage) !== null && (closing.outcome === 'notNow' || closing.text.trim().length > 0);
}

/** The stage's follow-ups with the open one closed as given (unchanged when none is open). */
export function withClosed(holder: { followUps?: FollowUps }, stage: string, closing: Closing): FollowUps {
  const open = openFollowUp(holder, stage);
  if (!open) return holder.followUps;
  const list = [...(holder.followUps?.[stage] ?? [])];
  const { answer: _a, reason: _r, ...asked } = open.followUp;
  list[open.index] = {
    ...asked,
    outcome: closing.outcome,
    ...(closing.outcome === 'answered' ? { answer: closing.text.trim() } : {}),
    ...(closing.outcome === 'dismissed' ? { reason: closing.text.trim() } : {}),
  };
  return { ...holder.followUps, [stage]: list };
}
