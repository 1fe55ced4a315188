/**
 * The reflective models the client can use: the shipped ones (machines/models/) and any
 * registered at run time (custom models an organisation made or imported, kept on this device;
 * the models a session saved beside its template copy). Every screen lists and finds models here,
 * never in machines/models/ directly, so a registered model is offered and rendered like a
 * shipped one.
 */
import { $ReflectiveModelV1, refKey, sameRef, type ModelRefV1, type ReflectiveModelV1 } from '../../machines/model/reflectiveModel.ts';
import { compareVersions, defaultModelOf, modelOfCase, models as shippedModels, uniqueModels } from '../../machines/models/index.ts';

let registered: ReflectiveModelV1[] = [];
const listeners = new Set<() => void>();

/** Every model available on this device: the shipped ones, then those registered, each id and version once. */
export function listModels(): readonly ReflectiveModelV1[] {
  return uniqueModels([...shippedModels, ...registered]);
}

/** The newest version of each model, in list order: what a supervisor chooses from at the start of a case. */
export function choosableModels(): ReflectiveModelV1[] {
  const newest = new Map<string, ReflectiveModelV1>();
  for (const model of listModels()) {
    const seen = newest.get(model.id);
    if (!seen || compareVersions(model.version, seen.version) > 0) newest.set(model.id, model);
  }
  return [...newest.values()];
}

export function findModelByRef(ref: ModelRefV1): ReflectiveModelV1 | undefined {
  return listModels().find((m) => sameRef(m, ref));
}

/**
 * Make models available at run time. Each is validated with $ReflectiveModelV1: one that does not
 * parse is refused with its reasons and nothing is registered. A shipped model's id and version
 * cannot be replaced; registering the same id and version again replaces the registered copy.
 */
export function registerModels(extra: readonly unknown[]): { ok: true; models: ReflectiveModelV1[] } | { ok: false; problems: string[] } {
  const parsed = extra.map((data) => $ReflectiveModelV1.safeParse(data));
  const problems = parsed.flatMap((result, index) =>
    result.success ? [] : result.error.issues.map((issue) => `Model ${index + 1}, ${issue.path.join('.') || 'file'}: ${issue.message}`),
  );
  if (problems.length > 0) return { ok: false, problems };
  const models = parsed.flatMap((result) => (result.success ? [result.data] : []));
  const clash = models.find((m) => shippedModels.some((s) => sameRef(s, m) && JSON.stringify(s) !== JSON.stringify(m)));
  if (clash) return { ok: false, problems: [`${refKey(clash)} is a model shipped with the app: give your version another number`] };
  registered = [...registered.filter((r) => !models.some((m) => sameRef(m, r))), ...models];
  for (const listener of listeners) listener();
  return { ok: true, models };
}

/** Forget every registered model (for tests, and when the custom models are reloaded). */
export function clearRegisteredModels(): void {
  registered = [];
  for (const listener of listeners) listener();
}

/** Called when the list changes (a model registered), so screens can show it. Returns the unsubscribe. */
export function onModelsChanged(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The models a session's cases used that are not shipped: the copies to keep beside the session's template copy. */
export function modelsToKeep(cases: readonly { model?: ModelRefV1 | undefined }[], available: readonly ReflectiveModelV1[] = listModels()): ReflectiveModelV1[] {
  return uniqueModels(
    cases.flatMap((c) => {
      if (!c.model) return [];
      const ref = c.model;
      if (shippedModels.some((s) => sameRef(s, ref))) return [];
      const found = available.find((m) => sameRef(m, ref));
      return found ? [found] : [];
    }),
  );
}

export { defaultModelOf, modelOfCase };

/** The models a stored session may use: its own saved copies first, then every model on this device. */
export function sessionModelsOf(stored: { models?: readonly ReflectiveModelV1[] | undefined }): ReflectiveModelV1[] {
  return uniqueModels([...(stored.models ?? []), ...listModels()]);
}
