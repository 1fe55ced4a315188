/**
 * The reflective models shipped with the product: every *.model.json in this folder, parsed with
 * $ReflectiveModelV1. Adding a model is adding one file here (and its prompts in prompts/).
 */
import { $ReflectiveModelV1, type ReflectiveModelV1 } from '../model/reflectiveModel.ts';
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
