/**
 * Policy data shipped as files (record templates, agreements): each file parsed with its zod
 * schema; a file that does not parse is reported by name, never silently used.
 */
import type { z } from 'zod';

export type DataFileResult<T> = { ok: true; template: T } | { ok: false; file: string; message: string };

export function parseDataFiles<T>(files: Record<string, unknown>, schema: z.ZodType<T>): DataFileResult<T>[] {
  return Object.entries(files)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([file, data]) => {
      const parsed = schema.safeParse(data);
      return parsed.success
        ? { ok: true as const, template: parsed.data }
        : { ok: false as const, file, message: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') };
    });
}

/** The templates that parsed, and a finder by id (and version, where a record keeps one). */
export function shippedData<T extends { id: string; version: string }>(results: readonly DataFileResult<T>[]) {
  const problems = results.filter((r) => !r.ok);
  const items: readonly T[] = results.flatMap((r) => (r.ok ? [r.template] : []));
  const find = (id: string, version?: string) => items.find((t) => t.id === id && (version === undefined || t.version === version));
  return { problems, items, find };
}
