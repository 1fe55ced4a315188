/**
 * Reflective models as data. A model is the per-case conversation a supervisor runs: its stages
 * in order, each with the question shown, its prompt, what the stage contributes to the child's
 * record, and the supervision functions it serves (for the balance chart). The 4x4x4 cycle is one
 * model; Gibbs, Kolb and a policy's own aide-memoire are others. A new model is one JSON file in
 * machines/models/ that parses with $ReflectiveModelV1, and its prompts in prompts/.
 */
import { z } from 'zod';
import { $SupervisionFunction } from './template.ts';

/** A stage id: camelCase (the 4x4x4 ids, kept as stored in records since version 1). */
export const $StageId = z.string().regex(/^[a-z][A-Za-z0-9]*$/, 'A stage id such as actionPlanning (letters and digits, starting lower-case)');
export type StageId = z.infer<typeof $StageId>;
/** Names the case machine uses for its own states: a stage may not take them. */
export const reservedStageIds = ['done', 'setAside', 'opening'] as const;
const $ModelId = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'Use lower-case letters, digits and hyphens');
const $PromptRef = z.string().regex(/^[a-z0-9-]+(\/[a-z0-9-]+)+$/, 'A prompt id such as cycle/experience');

/**
 * What a stage gives the rest of the product. The child-record entry carries `analysis` and `plan`
 * stages by default and `account` and `reflection` stages when chosen; drift notices a skipped
 * `analysis`; the quality check reads every stage.
 */
export const stageRoles = ['account', 'reflection', 'analysis', 'plan'] as const;
export const $StageRole = z.enum(stageRoles);
export type StageRole = z.infer<typeof $StageRole>;

export const $ModelStageV1 = z.strictObject({
  id: $StageId,
  /** The stage's name in the model's own words, e.g. "Concrete experience". */
  name: z.string().min(1).max(80),
  /** The question shown, e.g. "What happened?". */
  question: z.string().min(1).max(200),
  /** The prompt in the bank (prompts/<id>.md). */
  prompt: $PromptRef,
  /**
   * The prompt's own Markdown, for a model made in the app or imported from another
   * organisation whose prompts are not in this bank. Rendered through the same sanitiser.
   */
  promptMarkdown: z.string().min(1).max(20000).optional(),
  role: $StageRole,
  functions: z.array($SupervisionFunction).min(1),
});
export type ModelStageV1 = z.infer<typeof $ModelStageV1>;

export const $ReflectiveModelV1 = z
  .strictObject({
    schema: z.literal('reflective-model/v1'),
    id: $ModelId,
    version: z.string().regex(/^\d+\.\d+\.\d+$/, 'A version such as 1.0.0'),
    /** The model's name, e.g. "Gibbs' reflective cycle". */
    title: z.string().min(1).max(120),
    /** Where it comes from, e.g. "Gibbs (1988), Learning by Doing". */
    source: z.string().min(1).max(300),
    summary: z.string().min(1).max(1000),
    stages: z.array($ModelStageV1).min(2).max(12),
    /** The stage that records the plan: it cannot be skipped, and every case ends with it. */
    planStage: $StageId,
  })
  .superRefine((model, ctx) => {
    const ids = new Set<string>();
    model.stages.forEach((stage, index) => {
      if ((reservedStageIds as readonly string[]).includes(stage.id)) {
        ctx.addIssue({ code: 'custom', path: ['stages', index, 'id'], message: `"${stage.id}" is reserved for the case's own states; choose another stage id` });
      }
      if (ids.has(stage.id)) ctx.addIssue({ code: 'custom', path: ['stages', index, 'id'], message: `Stage id "${stage.id}" is used twice` });
      ids.add(stage.id);
    });
    if (!ids.has(model.planStage)) ctx.addIssue({ code: 'custom', path: ['planStage'], message: `The plan stage "${model.planStage}" is not one of the stages` });
    else if (model.stages.at(-1)?.id !== model.planStage) ctx.addIssue({ code: 'custom', path: ['planStage'], message: 'The plan stage comes last' });
    const plan = model.stages.find((s) => s.id === model.planStage);
    if (plan && plan.role !== 'plan') ctx.addIssue({ code: 'custom', path: ['planStage'], message: 'The plan stage has the role "plan"' });
    if (model.stages.filter((s) => s.role === 'plan').length > 1) ctx.addIssue({ code: 'custom', path: ['stages'], message: 'Only the plan stage has the role "plan"' });
  });
export type ReflectiveModelV1 = z.infer<typeof $ReflectiveModelV1>;

/** A model as a record keeps it: which model, which version. Absent on records made before models were data: the 4x4x4 cycle 1.0.0. */
export const $ModelRefV1 = z.strictObject({ id: $ModelId, version: z.string().regex(/^\d+\.\d+\.\d+$/) });
export type ModelRefV1 = z.infer<typeof $ModelRefV1>;

export const defaultModelRef: ModelRefV1 = { id: '4x4x4', version: '1.0.0' };

/** The 4x4x4 stage ids, as records made before models were data store them. */
export const fourByFourStageIds = ['experience', 'reflection', 'analysis', 'actionPlanning'] as const;

export function refOf(model: Pick<ReflectiveModelV1, 'id' | 'version'>): ModelRefV1 {
  return { id: model.id, version: model.version };
}

export function sameRef(a: ModelRefV1, b: ModelRefV1): boolean {
  return a.id === b.id && a.version === b.version;
}

/** "gibbs@1.0.0": a model version as one string (for keys and lists, never stored in a record). */
export function refKey(ref: ModelRefV1): string {
  return `${ref.id}@${ref.version}`;
}

/** The model a case ran with: its own ref, or (made before models were data) the 4x4x4 cycle 1.0.0. */
export function caseModelRef(discussion: { model?: ModelRefV1 | undefined }): ModelRefV1 {
  return discussion.model ?? defaultModelRef;
}

/**
 * The ref a case stores: none for the 4x4x4 cycle 1.0.0 (absent means it, so a 4x4x4 case reads
 * exactly as cases did before models were data), the model's own otherwise.
 */
export function storedModelRef(ref: ModelRefV1): { model?: ModelRefV1 } {
  return sameRef(ref, defaultModelRef) ? {} : { model: { id: ref.id, version: ref.version } };
}

export function stageIdsOf(model: ReflectiveModelV1): string[] {
  return model.stages.map((s) => s.id);
}

export function findStage(model: ReflectiveModelV1, stageId: string): ModelStageV1 | undefined {
  return model.stages.find((s) => s.id === stageId);
}

export function stagesWithRole(model: ReflectiveModelV1, role: StageRole): ModelStageV1[] {
  return model.stages.filter((s) => s.role === role);
}

/** The stages before the plan: what a supervisee drafts in preparation, and what may be skipped. */
export function stagesBeforePlan(model: ReflectiveModelV1): ModelStageV1[] {
  return model.stages.filter((s) => s.id !== model.planStage);
}

export function firstStage(model: ReflectiveModelV1): ModelStageV1 {
  const first = model.stages[0];
  if (!first) throw new Error(`Model ${model.id} has no stages`);
  return first;
}

/** Whether anything is written at any stage. */
export function stageHasAnyAnswer(stages: Record<string, Record<string, string>>): boolean {
  return Object.values(stages).some((answers) => Object.values(answers).some((text) => text.trim().length > 0));
}

/** Every stage empty, keyed by stage id in the model's order. */
export function emptyStagesOf(model: ReflectiveModelV1): Record<string, Record<string, string>> {
  return Object.fromEntries(model.stages.map((s) => [s.id, {}]));
}
