/**
 * Practice scenarios for trainers: fictional supervisees, each with a case and a script the
 * simulated supervisee answers from. Scenarios are data (one JSON file each, or imported by a
 * trainer), validated here; nothing in them is a real case.
 */
import { z } from 'zod';
import { $CycleStage, cycleStages, type CycleStage } from '../model/template.ts';
import type { ReflectiveModelV1 } from '../model/reflectiveModel.ts';
import { fourByFour } from '../models/index.ts';

/**
 * Scenarios are scripted stage by stage in the 4x4x4 cycle (their cues and replies name its
 * stages), so a practice session's cases run the 4x4x4 cycle whatever the template's default.
 * A scenario for another model would need its script keyed by that model's stages.
 */
export const practiceModels: readonly ReflectiveModelV1[] = [fourByFour()];

export function isCycleStage(stage: string | null): stage is CycleStage {
  return stage !== null && (cycleStages as readonly string[]).includes(stage);
}

/**
 * The facilitator interventions of Devon and Torbay's competency framework for supervisors
 * (Appendix B): "Listening – (paraphrasing, summing up, clarification, reflecting back)",
 * "Challenge", "Supportive", "Catalytic", "Informative".
 */
export const interventionKinds = ['paraphrasing', 'summingUp', 'clarification', 'reflectingBack', 'challenge', 'supportive', 'catalytic', 'informative'] as const;
export type InterventionKind = (typeof interventionKinds)[number];
export const listeningKinds: readonly InterventionKind[] = ['paraphrasing', 'summingUp', 'clarification', 'reflectingBack'];

/** What a cue or a reply answers to: one intervention, or any of the four listening ones. */
export const $InterventionMatch = z.enum([...interventionKinds, 'listening']);
export type InterventionMatch = z.infer<typeof $InterventionMatch>;


const text = (max: number) => z.string().trim().min(1).max(max);
const $Id = z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'An id of lower-case letters, digits and hyphens');

export const $ScenarioCueV1 = z.strictObject({
  id: $Id,
  /** What the trainee should notice or draw out (shown in the debrief). */
  description: text(500),
  stage: $CycleStage,
  /** The interventions that draw it out at that stage. */
  revealedBy: z.array($InterventionMatch).min(1),
  /** Turns at that stage before it can come out (a cue may need the ground prepared). */
  afterTurns: z.number().int().min(0).max(10).default(0),
  /** What the supervisee says when it comes out: what they had not said before. */
  reveal: text(2000),
});
export type ScenarioCueV1 = z.infer<typeof $ScenarioCueV1>;

export const $StageScriptV1 = z.strictObject({
  /** What the supervisee says as the stage opens. */
  opening: text(2000),
  /** Replies by intervention, in order: a second use of the same intervention gets the second reply. */
  replies: z.partialRecord($InterventionMatch, z.array(text(2000)).min(1)),
  /** The reply to anything the script does not answer more specifically. */
  fallback: text(2000),
});
export type StageScriptV1 = z.infer<typeof $StageScriptV1>;

export const $ScenarioV1 = z
  .strictObject({
    schema: z.literal('practice-scenario/v1'),
    id: $Id,
    version: z.string().regex(/^\d+\.\d+\.\d+$/),
    /** Every scenario is invented for training: a file that does not say so is refused. */
    fictional: z.literal(true),
    title: text(200),
    /** What the trainer and trainee read before starting. */
    brief: text(2000),
    /** The record template and session type the practice session runs through. */
    templateId: text(100),
    sessionType: text(100),
    supervisee: z.strictObject({ name: text(200), role: text(200) }),
    case: z.strictObject({ label: text(200) }),
    script: z.strictObject({
      experience: $StageScriptV1,
      reflection: $StageScriptV1,
      analysis: $StageScriptV1,
      actionPlanning: $StageScriptV1.extend({
        /** The thin answer given when planning starts before reflection and analysis were done. */
        premature: text(2000),
      }),
    }),
    cues: z.array($ScenarioCueV1).min(1).max(20),
    /** For a trainee playing the supervisee: the supervisor's scripted prompts at each stage. */
    supervisorPrompts: z.strictObject({
      experience: z.array(z.strictObject({ intervention: z.enum(interventionKinds), text: text(1000) })).min(1),
      reflection: z.array(z.strictObject({ intervention: z.enum(interventionKinds), text: text(1000) })).min(1),
      analysis: z.array(z.strictObject({ intervention: z.enum(interventionKinds), text: text(1000) })).min(1),
      actionPlanning: z.array(z.strictObject({ intervention: z.enum(interventionKinds), text: text(1000) })).min(1),
    }),
  })
  .superRefine((scenario, ctx) => {
    const ids = new Set<string>();
    scenario.cues.forEach((cue, index) => {
      if (ids.has(cue.id)) ctx.addIssue({ code: 'custom', path: ['cues', index, 'id'], message: `Cue id “${cue.id}” is used twice` });
      ids.add(cue.id);
    });
  });
export type ScenarioV1 = z.infer<typeof $ScenarioV1>;
