/**
 * What a child-record entry carries (machines/record/childSummary.ts builds it): the stages
 * every entry carries, the stages a per-case choice can add, and the stored shape of those
 * choices. Apart from the builder so that storage reads and writes a choice without it.
 */
import { z } from 'zod';
import type { CycleStage } from '../model/template.ts';
import type { StageRole } from '../model/reflectiveModel.ts';
import { $IsoInstant, $RecordId } from '../model/record.ts';

/** The 4x4x4 stages every entry carries: what the discussion concluded and what happens next. */
export const childRecordStages = ['analysis', 'actionPlanning'] as const satisfies readonly CycleStage[];
/** The roles every entry carries, in any model: its analysis stages and its plan stage. */
export const childRecordRoles = ['analysis', 'plan'] as const satisfies readonly StageRole[];
/**
 * What an entry carries only when chosen for its case. Stored by the 4x4x4 names they had first;
 * in any model, "experience" is every stage with the role "account" and "reflection" every stage
 * with the role "reflection".
 */
export const childRecordExtras = ['experience', 'reflection'] as const satisfies readonly CycleStage[];
export type ChildRecordExtra = (typeof childRecordExtras)[number];
export const extraRole: Record<ChildRecordExtra, StageRole> = { experience: 'account', reflection: 'reflection' };
export const $ChildRecordExtra = z.enum(childRecordExtras);

/**
 * What a session's entries carry beyond the default, case by case (by case id). Kept beside
 * the signed record, never in it: the signed record does not change when a choice does.
 */
export const $ChildRecordChoicesV1 = z.strictObject({
  version: z.literal(1),
  sessionId: $RecordId,
  cases: z.record($RecordId, z.strictObject({ include: z.array($ChildRecordExtra), changedAt: $IsoInstant })),
});
export type ChildRecordChoicesV1 = z.infer<typeof $ChildRecordChoicesV1>;
