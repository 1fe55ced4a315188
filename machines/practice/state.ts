/**
 * A practice session as stored: its record (through the real session machine), that machine's
 * snapshot envelope, and the practice machine's state (turns, stage log), validated with zod on
 * every read. Kept apart from XState so storage code can read it without loading the machines.
 */
import { z } from 'zod';
import { $IsoInstant, $RecordId, $SessionContentV1 } from '../model/record.ts';
import { $CycleStage, $RecordTemplateV1 } from '../model/template.ts';
import { $SessionSnapshotEnvelopeV1 } from '../model/envelope.ts';
import { $ScenarioV1, interventionKinds } from './scenario.ts';
import { questionKinds } from './simulate.ts';

export const practiceStates = ['briefing', 'practising', 'finished'] as const;
export const practiceRoleValues = ['supervisor', 'supervisee'] as const;

export const $TurnV1 = z.strictObject({
  id: $RecordId,
  at: $IsoInstant,
  stage: $CycleStage,
  intervention: z.enum(interventionKinds),
  words: z.string().min(1).max(5000),
  reply: z.string().max(2000),
  cueId: z.string().nullable(),
  premature: z.boolean(),
  question: z.enum(questionKinds),
});

export const $PracticeContextV1 = z.strictObject({
  practiceId: $RecordId,
  scenario: $ScenarioV1,
  role: z.enum(practiceRoleValues),
  trainee: z.string().trim().min(1).max(200),
  startedAt: $IsoInstant.nullable(),
  finishedAt: $IsoInstant.nullable(),
  turns: z.array($TurnV1).max(2000),
  stageLog: z.array(z.strictObject({ stage: $CycleStage.nullable(), at: $IsoInstant })).max(5000),
  refusal: z.string().nullable(),
  draft: z.strictObject({ intervention: z.enum(interventionKinds).nullable(), words: z.string().max(5000) }),
});

export const $PracticeStateV1 = z.strictObject({ value: z.enum(practiceStates), context: $PracticeContextV1 });
export type PracticeStateV1 = z.infer<typeof $PracticeStateV1>;

export const $PracticeContentV1 = z.strictObject({
  schema: z.literal('practice-session/v1'),
  /** Always true: shown as training everywhere, never a supervision record. */
  training: z.literal(true),
  template: $RecordTemplateV1,
  record: $SessionContentV1,
  envelope: $SessionSnapshotEnvelopeV1,
  practice: $PracticeStateV1,
});
export type PracticeContentV1 = z.infer<typeof $PracticeContentV1>;
