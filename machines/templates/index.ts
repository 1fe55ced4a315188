/**
 * The record templates shipped with the product: every *.template.json in this folder,
 * parsed with $RecordTemplateV1. Adding a template is adding one file here.
 */
import { $RecordTemplateV1, type RecordTemplateV1 } from '../model/template.ts';
import { parseDataFiles, shippedData, type DataFileResult } from '../dataFiles.ts';

export type TemplateLoadResult = DataFileResult<RecordTemplateV1>;

export function parseTemplates(files: Record<string, unknown>): TemplateLoadResult[] {
  return parseDataFiles(files, $RecordTemplateV1);
}

const shipped = shippedData(parseTemplates(import.meta.glob('./*.template.json', { eager: true, import: 'default' })));

/** Templates that failed validation are reported, never silently used. */
export const templateProblems = shipped.problems;
export const templates: readonly RecordTemplateV1[] = shipped.items;
export const findTemplate = shipped.find;
