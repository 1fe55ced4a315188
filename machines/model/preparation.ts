/**
 * A supervisee's preparation for a session: the issues they want to bring and a draft
 * reflection for each case, through the first stages of the 4x4x4 cycle (experience,
 * reflection and, if they wish, analysis), with the same prompts. It is private to the
 * supervisee: nothing of it reaches a session unless they mark it to bring.
 */
import { z } from 'zod';
import { $IsoInstant, $RecordId, $StageAnswers } from './record.ts';

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
  stages: z.strictObject({ experience: $StageAnswers, reflection: $StageAnswers, analysis: $StageAnswers }),
  bring: z.boolean(),
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
