/**
 * The supervision agreements shipped with the product: every *.agreement.json in this
 * folder, parsed with $AgreementTemplateV1. Adding an agreement is adding one file here.
 */
import { $AgreementTemplateV1, type AgreementTemplateV1 } from '../model/agreement.ts';

export type AgreementTemplateLoadResult =
  | { ok: true; template: AgreementTemplateV1 }
  | { ok: false; file: string; message: string };

export function parseAgreementTemplates(files: Record<string, unknown>): AgreementTemplateLoadResult[] {
  return Object.entries(files)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([file, data]) => {
      const parsed = $AgreementTemplateV1.safeParse(data);
      return parsed.success
        ? { ok: true as const, template: parsed.data }
        : { ok: false as const, file, message: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') };
    });
}

const shipped = parseAgreementTemplates(import.meta.glob('./*.agreement.json', { eager: true, import: 'default' }));

/** Agreements that failed validation are reported, never silently used. */
export const agreementTemplateProblems = shipped.filter((r) => !r.ok);
export const agreementTemplates: readonly AgreementTemplateV1[] = shipped.flatMap((r) => (r.ok ? [r.template] : []));

export function findAgreementTemplate(id: string, version?: string): AgreementTemplateV1 | undefined {
  return agreementTemplates.find((t) => t.id === id && (version === undefined || t.version === version));
}
