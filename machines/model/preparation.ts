/**
 * A supervisee's preparation for a session: the issues they want to bring and a draft
 * reflection for each case, through the stages of its reflective model before the plan (for
 * the 4x4x4 cycle: experience, reflection and, if they wish, analysis), with the same prompts.
 * It is private to the supervisee: nothing of it reaches a session unless they mark it to bring.
 */
import { z } from 'zod';
import { $IsoInstant, $RecordId, $StageAnswers, $StageFollowUps } from './record.ts';
import { $ModelRefV1, $StageId } from './reflectiveModel.ts';

/** The 4x4x4 cycle's stages before its plan: what every preparation made before models were data drafts. */
export const preparedStages = ['experience', 'reflection', 'analysis'] as const;
export const $PreparedStage = z.enum(preparedStages);
export type PreparedStage = z.infer<typeof $PreparedStage>;

export const $PreparedIssueV1 = z.strictObject({
  id: $RecordId,
  text: z.string().max(2000),
  /** Brought to the session only when the supervisee says so. */
  bring: z.boolean(),
});
export type PreparedIssueV1 = z.infer<typeof $PreparedIssueV1>;

export const $PreparedCaseV1 = z.strictObject({
  id: $RecordId,
  label: z.string().max(200),
  /** The drafted stages (the model's stages before its plan), by stage id. */
  stages: z.record($StageId, $StageAnswers),
  bring: z.boolean(),
  /** The model it is drafted with; absent: the 4x4x4 cycle 1.0.0 (every preparation made before models were data). */
  model: $ModelRefV1.optional(),
  /** The assistant's follow-ups while drafting (issue 21), by stage id; brought into the session with the case. Absent: none. */
  followUps: $StageFollowUps.optional(),
  /** An answer or a reason half-typed to the open follow-up (kept so nothing typed is lost; never brought). */
  followUpDraft: z.strictObject({ stage: $StageId, mode: z.enum(['answer', 'dismiss']), text: z.string().max(20000) }).nullable().optional(),
});
export type PreparedCaseV1 = z.infer<typeof $PreparedCaseV1>;

export const $PreparationV1 = z.strictObject({
  schema: z.literal('preparation/v1'),
  id: $RecordId,
  /** Whose preparation it is, as named on the device it was written on. */
  supervisee: z.strictObject({ name: z.string().trim().min(1).max(200), role: z.string().max(200) }),
  /** The session it is for, if known (YYYY-MM-DD). */
  forDate: z.string().regex(/^(\d{4}-\d{2}-\d{2})?$/),
  createdAt: $IsoInstant,
  updatedAt: $IsoInstant,
  issues: z.array($PreparedIssueV1).max(200),
  cases: z.array($PreparedCaseV1).max(100),
});
export type PreparationV1 = z.infer<typeof $PreparationV1>;

/** What a session receives: only what the supervisee chose to bring. */
export function broughtFrom(preparation: PreparationV1) {
  return {
    preparationId: preparation.id,
    issues: preparation.issues.filter((i) => i.bring && i.text.trim() !== ''),
    cases: preparation.cases.filter((c) => c.bring && c.label.trim() !== ''),
  };
}
export type BroughtPreparation = ReturnType<typeof broughtFrom>;
