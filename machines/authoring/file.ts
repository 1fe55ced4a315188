/**
 * The file an organisation's lead sends to every practitioner: one record template, agreement or
 * reflective model in a small wrapper naming its kind. Reading one is a boundary: the size is
 * checked before anything is parsed, the shape (depth, prototype keys) before anything recurses,
 * then the item is validated by its own schema, the same one the built-in files pass. A file is
 * taken whole or refused whole, with every reason found (hazard H40).
 */
import { z } from 'zod';
import { $RecordTemplateV1, type RecordTemplateV1 } from '../model/template.ts';
import { $AgreementTemplateV1, type AgreementTemplateV1 } from '../model/agreement.ts';
import { $ReflectiveModelV1, type ReflectiveModelV1 } from '../model/reflectiveModel.ts';
import { shapeProblem } from '../shape.ts';

export const AUTHORING_FORMAT = 'safeguarding-supervision/authoring' as const;
/** Far above any real template (the largest shipped one is about 12 kB) and below what would stall a phone. */
export const MAX_AUTHORING_FILE_BYTES = 512 * 1024;

export const authoringKinds = ['record-template', 'agreement-template', 'reflective-model'] as const;
export type AuthoringKind = (typeof authoringKinds)[number];

export type AuthoringItem =
  | { kind: 'record-template'; item: RecordTemplateV1 }
  | { kind: 'agreement-template'; item: AgreementTemplateV1 }
  | { kind: 'reflective-model'; item: ReflectiveModelV1 };

const $Wrapper = z.strictObject({
  format: z.literal(AUTHORING_FORMAT),
  version: z.literal(1),
  kind: z.enum(authoringKinds),
  item: z.unknown(),
});

export const authoringFileCopy = {
  tooLarge: 'The file is too large to be a template, agreement or model (512 kB at most)',
  empty: 'The file is empty',
  notJson: 'The file is not a template, agreement or model file: it is not JSON',
  forbiddenKey: 'The file has a key named __proto__, constructor or prototype',
  tooDeep: 'The file is nested too deeply',
  notWrapper: 'The file is not a template, agreement or model file made by this app (it has no “format”, “version”, “kind” and “item”)',
  wrongKind: (expected: string, found: string) => `The file holds ${found}, not ${expected}`,
  wrongItemKind: (kind: string) => `The file says it holds ${kind}, but what it holds is not one`,
  at: (path: string, message: string) => (path ? `${path}: ${message}` : message),
  promptMissing: (where: string, prompt: string) => `${where} uses the prompt “${prompt}”, which this app’s prompt bank does not have, and carries no prompt text of its own`,
  modelMissing: (model: string) => `The template’s default reflective model “${model}” is not on this device: import the model first`,
  kindName: { 'record-template': 'a record template', 'agreement-template': 'an agreement', 'reflective-model': 'a reflective model' } as Record<AuthoringKind, string>,
} as const;

/** The file's text: the wrapper and the item, as its schema gives it back. */
export function authoringFileText(file: AuthoringItem): string {
  return `${JSON.stringify({ format: AUTHORING_FORMAT, version: 1, kind: file.kind, item: file.item }, null, 2)}\n`;
}

export function authoringFileName(file: AuthoringItem): string {
  return `${file.item.id}-${file.item.version}.${file.kind}.json`;
}

export type ReadAuthoringResult = { ok: true; file: AuthoringItem } | { ok: false; reasons: string[] };

export type ReadAuthoringOptions = {
  /** Whether a prompt id is in this app's bank. */
  hasPrompt: (id: string) => boolean;
  /** Whether a reflective model is on this device (shipped or own, or in the same import). */
  hasModel: (id: string) => boolean;
  /** Only this kind is accepted, where the screen asks for one. */
  expect?: AuthoringKind;
};

function issuesOf(error: z.ZodError): string[] {
  return error.issues.map((issue) => authoringFileCopy.at(issue.path.map(String).join('.'), issue.message));
}

/** Reads a file's text: the item it holds, or every reason it is refused. Never throws. */
export function readAuthoringFile(text: string, options: ReadAuthoringOptions): ReadAuthoringResult {
  // Size before parsing: a character is at most 3 UTF-8 bytes, so most files need no encoding.
  if (text.length > MAX_AUTHORING_FILE_BYTES || (text.length * 3 > MAX_AUTHORING_FILE_BYTES && new TextEncoder().encode(text).length > MAX_AUTHORING_FILE_BYTES)) {
    return { ok: false, reasons: [authoringFileCopy.tooLarge] };
  }
  if (text.trim() === '') return { ok: false, reasons: [authoringFileCopy.empty] };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    // A RangeError here is nesting too deep for the parser itself.
    return { ok: false, reasons: [error instanceof RangeError ? authoringFileCopy.tooDeep : authoringFileCopy.notJson] };
  }
  const shape = shapeProblem(json);
  if (shape === 'forbidden-key') return { ok: false, reasons: [authoringFileCopy.forbiddenKey] };
  if (shape === 'too-deep') return { ok: false, reasons: [authoringFileCopy.tooDeep] };
  const wrapper = $Wrapper.safeParse(json);
  if (!wrapper.success) return { ok: false, reasons: [authoringFileCopy.notWrapper, ...issuesOf(wrapper.error)] };
  const { kind, item } = wrapper.data;
  if (options.expect && kind !== options.expect) {
    return { ok: false, reasons: [authoringFileCopy.wrongKind(authoringFileCopy.kindName[options.expect], authoringFileCopy.kindName[kind])] };
  }
  switch (kind) {
    case 'record-template': {
      const parsed = $RecordTemplateV1.safeParse(item);
      if (!parsed.success) return { ok: false, reasons: [authoringFileCopy.wrongItemKind(authoringFileCopy.kindName[kind]), ...issuesOf(parsed.error)] };
      const reasons = parsed.data.sections.flatMap((section, index) =>
        section.promptMarkdown || options.hasPrompt(section.prompt) ? [] : [authoringFileCopy.promptMissing(`Section ${index + 1} (“${section.heading}”)`, section.prompt)],
      );
      if (parsed.data.reflectiveModel && !options.hasModel(parsed.data.reflectiveModel)) reasons.push(authoringFileCopy.modelMissing(parsed.data.reflectiveModel));
      return reasons.length > 0 ? { ok: false, reasons } : { ok: true, file: { kind, item: parsed.data } };
    }
    case 'agreement-template': {
      const parsed = $AgreementTemplateV1.safeParse(item);
      if (!parsed.success) return { ok: false, reasons: [authoringFileCopy.wrongItemKind(authoringFileCopy.kindName[kind]), ...issuesOf(parsed.error)] };
      return { ok: true, file: { kind, item: parsed.data } };
    }
    case 'reflective-model': {
      const parsed = $ReflectiveModelV1.safeParse(item);
      if (!parsed.success) return { ok: false, reasons: [authoringFileCopy.wrongItemKind(authoringFileCopy.kindName[kind]), ...issuesOf(parsed.error)] };
      const reasons = parsed.data.stages.flatMap((stage, index) =>
        stage.promptMarkdown || options.hasPrompt(stage.prompt) ? [] : [authoringFileCopy.promptMissing(`Stage ${index + 1} (“${stage.name}”)`, stage.prompt)],
      );
      return reasons.length > 0 ? { ok: false, reasons } : { ok: true, file: { kind, item: parsed.data } };
    }
  }
}

/** Versions as numbers, to compare and to make the next one. */
function parts(version: string): [number, number, number] {
  const [a = 0, b = 0, c = 0] = version.split('.').map((p) => Number.parseInt(p, 10) || 0);
  return [a, b, c];
}

export function compareVersions(a: string, b: string): number {
  const [x, y] = [parts(a), parts(b)];
  return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
}

/** The version an edit of a template in use is saved as: the next minor version after the highest known. */
export function nextVersion(...versions: string[]): string {
  const highest = versions.reduce((top, v) => (compareVersions(v, top) > 0 ? v : top), '0.0.0');
  const [major, minor] = parts(highest);
  return `${major}.${minor + 1}.0`;
}

/** An id not among `taken`: the id itself, else "<id>-copy", "<id>-copy-2" … (within the schema's rules). */
export function freeId(id: string, taken: ReadonlySet<string>): string {
  if (!taken.has(id)) return id;
  const base = `${id}-copy`;
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) {
    const candidate = `${base}-${n}`;
    if (!taken.has(candidate)) return candidate;
  }
}
