/**
 * The supervision agreements shipped with the product: every *.agreement.json in this
 * folder, parsed with $AgreementTemplateV1. Adding an agreement is adding one file here.
 */
import { $AgreementTemplateV1, type AgreementTemplateV1 } from '../model/agreement.ts';
import { parseDataFiles, shippedData, type DataFileResult } from '../dataFiles.ts';

export type AgreementTemplateLoadResult = DataFileResult<AgreementTemplateV1>;

export function parseAgreementTemplates(files: Record<string, unknown>): AgreementTemplateLoadResult[] {
  return parseDataFiles(files, $AgreementTemplateV1);
}

const shipped = shippedData(parseAgreementTemplates(import.meta.glob('./*.agreement.json', { eager: true, import: 'default' })));

/** Agreements that failed validation are reported, never silently used. */
export const agreementTemplateProblems = shipped.problems;
export const agreementTemplates: readonly AgreementTemplateV1[] = shipped.items;
export const findAgreementTemplate = shipped.find;
