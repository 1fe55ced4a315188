/**
 * The record templates shipped with the product: every *.template.json in this folder,
 * parsed with $RecordTemplateV1. Adding a template is adding one file here.
 */
import { $RecordTemplateV1, type RecordTemplateV1 } from '../model/template.ts';

export type TemplateLoadResult =
  | { ok: true; template: RecordTemplateV1 }
  | { ok: false; file: string; message: string };

export function parseTemplates(files: Record<string, unknown>): TemplateLoadResult[] {
  return Object.entries(files)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([file, data]) => {
      const parsed = $RecordTemplateV1.safeParse(data);
      return parsed.success
        ? { ok: true as const, template: parsed.data }
        : { ok: false as const, file, message: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') };
    });
}

const shipped = parseTemplates(import.meta.glob('./*.template.json', { eager: true, import: 'default' }));

/** Templates that failed validation are reported, never silently used. */
export const templateProblems = shipped.filter((r) => !r.ok);
export const templates: readonly RecordTemplateV1[] = shipped.flatMap((r) => (r.ok ? [r.template] : []));

export function findTemplate(id: string, version?: string): RecordTemplateV1 | undefined {
  return templates.find((t) => t.id === id && (version === undefined || t.version === version));
}
