/**
 * The reflective models shipped with the product: every *.model.json in this folder, parsed with
 * $ReflectiveModelV1. Adding a model is adding one file here (and its prompts in prompts/).
 */
import { $ReflectiveModelV1, defaultModelRef, sameRef, type ModelRefV1, type ReflectiveModelV1 } from '../model/reflectiveModel.ts';
import { parseDataFiles, shippedData, type DataFileResult } from '../dataFiles.ts';

export type ModelLoadResult = DataFileResult<ReflectiveModelV1>;

export function parseModels(files: Record<string, unknown>): ModelLoadResult[] {
  return parseDataFiles(files, $ReflectiveModelV1);
}

const shipped = shippedData(parseModels(import.meta.glob('./*.model.json', { eager: true, import: 'default' })));

/** Models that failed validation are reported, never silently used. */
export const modelProblems = shipped.problems;
export const models: readonly ReflectiveModelV1[] = shipped.items;
export const findModel = shipped.find;

/** The 4x4x4 cycle 1.0.0: what a case made before models were data ran with. */
export function fourByFour(): ReflectiveModelV1 {
  const found = findModel(defaultModelRef.id, defaultModelRef.version);
  if (!found) throw new Error('The 4x4x4 model file is missing or does not parse');
  return found;
}

/** A model by its ref among the ones given (the session's own copies, registered ones, the shipped ones), first match wins. */
export function modelByRef(ref: ModelRefV1, available: readonly ReflectiveModelV1[] = models): ReflectiveModelV1 | undefined {
  return available.find((m) => sameRef(m, ref)) ?? (available === models ? undefined : models.find((m) => sameRef(m, ref)));
}

/** The newest version of a model by id among the ones given. */
export function latestModel(id: string, available: readonly ReflectiveModelV1[] = models): ReflectiveModelV1 | undefined {
  return [...available].filter((m) => m.id === id).sort((a, b) => compareVersions(b.version, a.version))[0];
}

export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 3; i += 1) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** Models with duplicates (same id and version) removed, the first kept. */
export function uniqueModels(list: readonly ReflectiveModelV1[]): ReflectiveModelV1[] {
  const seen: ReflectiveModelV1[] = [];
  for (const m of list) if (!seen.some((s) => sameRef(s, m))) seen.push(m);
  return seen;
}

/**
 * The model a case ran with, from the ones available; if that model is not available on this
 * device (a custom model removed, a record shared from another organisation), a stand-in read from
 * the record itself: its stages in stored order, named by id, the last the plan. A record always
 * renders, whatever models the device has.
 */
export function modelOfCase(
  discussion: { model?: ModelRefV1 | undefined; stages: Record<string, Record<string, string>> },
  available: readonly ReflectiveModelV1[] = models,
): ReflectiveModelV1 {
  const ref = discussion.model ?? defaultModelRef;
  const found = modelByRef(ref, available);
  if (found) return found;
  const ids = Object.keys(discussion.stages);
  const stages = (ids.length > 0 ? ids : ['notes']).map((id, index, all) => ({
    id,
    name: id,
    question: id,
    prompt: 'cycle/experience',
    role: index === all.length - 1 ? ('plan' as const) : ('account' as const),
    functions: ['management' as const],
  }));
  return {
    schema: 'reflective-model/v1',
    id: ref.id,
    version: ref.version,
    title: `${ref.id} ${ref.version} (not on this device)`,
    source: 'Read from the record: this device does not have the model',
    summary: 'Read from the record: this device does not have the model',
    stages,
    planStage: stages.at(-1)?.id ?? 'notes',
  };
}

/** Whether the model is a stand-in (see modelOfCase). */
export function isStandIn(model: ReflectiveModelV1, available: readonly ReflectiveModelV1[] = models): boolean {
  return modelByRef(model, available) === undefined;
}

/** The model a template's cases run by default: its `reflectiveModel` (the newest version available), else the 4x4x4 cycle. */
export function defaultModelOf(template: { reflectiveModel?: string | undefined }, available: readonly ReflectiveModelV1[] = models): ReflectiveModelV1 {
  return (template.reflectiveModel ? latestModel(template.reflectiveModel, available) : undefined) ?? fourByFour();
}

/**
 * The models a session's cases may use, the template's default first: the ones given (the
 * session's own copies and any registered on this device), the shipped ones, and always the 4x4x4
 * cycle 1.0.0 (which every case made before models were data ran with).
 */
export function sessionModels(template: { reflectiveModel?: string | undefined }, available: readonly ReflectiveModelV1[] = []): ReflectiveModelV1[] {
  const everything = uniqueModels([...available, ...models]);
  return uniqueModels([defaultModelOf(template, everything), ...everything, fourByFour()]);
}
