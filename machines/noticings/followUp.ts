/**
 * What a noticing leaves in the records (issue 21, points 2 and 3), pure: an answered follow-up
 * becomes part of its stage's entry in the supervision record as "Follow-up: question — answer";
 * one dismissed as not relevant keeps its reason; one put aside ("Not now") or left unanswered
 * leaves nothing in the stage (the read-through lists it once, engine.ts: unexplored).
 *
 * The child's own record never carries the assistant's questions: what an answered follow-up
 * gives it is the practitioner's own words alone, and only from the stages whose roles the
 * child-record entry takes (analysis and plan by default).
 */
import type { StageRole } from '../model/reflectiveModel.ts';
import type { NoticingOutcome } from './engine.ts';

export type FollowUp = {
  ruleId: string;
  /** The question as the assistant asked it. */
  question: string;
  outcome: NoticingOutcome;
  /** The practitioner's answer (outcome answered). */
  answer?: string;
  /** Why it does not apply (outcome dismissed). */
  reason?: string;
};

const flat = (text: string) => text.replace(/\s+/g, ' ').trim();

/** The lines a stage's entry in the supervision record gains, in the order asked. */
export function supervisionRecordLines(followUps: readonly FollowUp[]): string[] {
  return followUps.flatMap((f) => {
    if (f.outcome === 'answered' && f.answer && flat(f.answer)) return [`Follow-up: ${flat(f.question)} — ${flat(f.answer)}`];
    if (f.outcome === 'dismissed') return [`Follow-up not relevant: ${flat(f.question)} — ${flat(f.reason ?? '') || 'no reason given'}`];
    return [];
  });
}

/** The stage roles whose words the child-record entry takes by default (reflectiveModel.ts). */
export const childRecordRoles: readonly StageRole[] = ['analysis', 'plan'];

/**
 * The practitioner's words a stage gives the child's record: the stage's own text and, after it,
 * their answers to follow-ups there — never a question, never a dismissal's reason. Empty for a
 * stage whose role the entry does not take.
 */
export function childRecordWords(role: StageRole, stageText: string, followUps: readonly FollowUp[], roles: readonly StageRole[] = childRecordRoles): string {
  if (!roles.includes(role)) return '';
  const answers = followUps.flatMap((f) => (f.outcome === 'answered' && f.answer && flat(f.answer) ? [flat(f.answer)] : []));
  return [stageText.trim(), ...answers].filter(Boolean).join('\n');
}
