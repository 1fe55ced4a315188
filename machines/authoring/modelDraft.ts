/**
 * A reflective model as the editor holds it while it is written (plain strings and lists, kept as
 * typed), validated as a whole by $ReflectiveModelV1 itself, each problem given with the id of the
 * field it belongs to. A stage's prompt is one from the bank or the model's own Markdown.
 */
import { z } from 'zod';
import { $ReflectiveModelV1, stageRoles, type ReflectiveModelV1 } from '../model/reflectiveModel.ts';
import { supervisionFunctions } from '../model/template.ts';
import { draftHead, newSectionKey, type DraftProblem } from './templateDraft.ts';

const str = z.string().catch('');

export const $DraftStageV1 = z.object({
  key: str,
  id: str,
  name: str,
  question: str,
  promptSource: z.enum(['bank', 'own']).catch('own'),
  prompt: str,
  promptMarkdown: str,
  role: z.enum(stageRoles).catch('reflection'),
  functions: z.array(z.enum(supervisionFunctions)).catch([]),
});
export type DraftStageV1 = z.infer<typeof $DraftStageV1>;

export const $ModelDraftV1 = z.object({
  ...draftHead,
  source: str,
  summary: str,
  planStage: str,
  stages: z.array($DraftStageV1).catch([]),
});
export type ModelDraftV1 = z.infer<typeof $ModelDraftV1>;

export function restoreModelDraft(value: unknown): ModelDraftV1 {
  const parsed = $ModelDraftV1.safeParse(value);
  return parsed.success ? parsed.data : blankModelDraft();
}

export function blankStage(role: DraftStageV1['role'] = 'reflection'): DraftStageV1 {
  return { key: newSectionKey(), id: '', name: '', question: '', promptSource: 'own', prompt: '', promptMarkdown: '', role, functions: ['development'] };
}

export function blankModelDraft(): ModelDraftV1 {
  const plan = { ...blankStage('plan'), id: 'actionPlan', name: 'Action plan', question: 'What will you do next?', promptMarkdown: '# What will you do next?', functions: ['management' as const] };
  return { id: '', version: '1.0.0', title: '', source: '', summary: '', planStage: 'actionPlan', stages: [{ ...blankStage('account'), functions: ['management'] }, plan] };
}

export function draftFromModel(model: ReflectiveModelV1): ModelDraftV1 {
  return {
    id: model.id,
    version: model.version,
    title: model.title,
    source: model.source,
    summary: model.summary,
    planStage: model.planStage,
    stages: model.stages.map((s) => ({
      key: newSectionKey(),
      id: s.id,
      name: s.name,
      question: s.question,
      promptSource: s.promptMarkdown ? 'own' : 'bank',
      prompt: s.prompt,
      promptMarkdown: s.promptMarkdown ?? '',
      role: s.role,
      functions: [...s.functions],
    })),
  };
}

/** A stage id from its name: camelCase letters and digits (the schema's rule). */
export function stageIdOf(name: string): string {
  const words = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9]+/g, ' ')
    .trim()
    .split(' ')
    .filter(Boolean);
  const id = words.map((w, i) => (i === 0 ? w.toLowerCase() : w.charAt(0).toUpperCase() + w.slice(1).toLowerCase())).join('');
  return /^[a-z]/.test(id) ? id.slice(0, 40) : id ? `stage${id}`.slice(0, 40) : '';
}

export function modelCandidateOf(draft: ModelDraftV1): Record<string, unknown> {
  return {
    schema: 'reflective-model/v1',
    id: draft.id,
    version: draft.version,
    title: draft.title,
    source: draft.source,
    summary: draft.summary,
    stages: draft.stages.map((s) => ({
      id: s.id,
      name: s.name,
      question: s.question,
      // A prompt written with the stage is shown instead of the bank's; its id names it as the model's own.
      prompt: s.promptSource === 'own' ? `own/${(s.id || 'stage').toLowerCase()}` : s.prompt,
      ...(s.promptSource === 'own' ? { promptMarkdown: s.promptMarkdown } : {}),
      role: s.role,
      functions: s.functions,
    })),
    planStage: draft.planStage,
  };
}

export function modelFieldIdFor(path: readonly PropertyKey[]): string {
  const [head, index, field] = path.map(String);
  if (head === 'stages') {
    if (index === undefined) return 'mdl-stages';
    const prefix = `mdl-stage-${index}`;
    if (field === 'prompt' || field === 'promptMarkdown') return `${prefix}-prompt`;
    return field ? `${prefix}-${field}` : `${prefix}-name`;
  }
  if (head === 'planStage') return 'mdl-plan-stage';
  return `mdl-${head ?? 'title'}`;
}

export type ModelCheck = { ok: true; model: ReflectiveModelV1 } | { ok: false; problems: DraftProblem[] };

export function modelFromDraft(
  draft: ModelDraftV1,
  words: { stage: (n: number, name: string) => string; promptMissing: (id: string) => string; idTaken: (id: string) => string },
  options: { hasPrompt: (id: string) => boolean; takenIds: readonly string[] },
): ModelCheck {
  const problems: DraftProblem[] = [];
  const parsed = $ReflectiveModelV1.safeParse(modelCandidateOf(draft));
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const index = issue.path[0] === 'stages' && typeof issue.path[1] === 'number' ? issue.path[1] : null;
      const where = index === null ? '' : `${words.stage(index + 1, draft.stages[index]?.name ?? '')}: `;
      problems.push({ fieldId: modelFieldIdFor(issue.path), message: `${where}${issue.message}` });
    }
  }
  draft.stages.forEach((stage, index) => {
    if (stage.promptSource === 'bank' && stage.prompt && !options.hasPrompt(stage.prompt)) {
      problems.push({ fieldId: `mdl-stage-${index}-prompt`, message: `${words.stage(index + 1, stage.name)}: ${words.promptMissing(stage.prompt)}` });
    }
  });
  if (options.takenIds.includes(draft.id)) problems.push({ fieldId: 'mdl-id', message: words.idTaken(draft.id) });
  if (problems.length > 0 || !parsed.success) {
    const seen = new Set<string>();
    return { ok: false, problems: problems.filter((p) => (seen.has(`${p.fieldId}\u0000${p.message}`) ? false : (seen.add(`${p.fieldId}\u0000${p.message}`), true))) };
  }
  return { ok: true, model: parsed.data };
}
