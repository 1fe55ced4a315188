/**
 * The practice scenarios shipped with the product: every *.scenario.json in this folder,
 * parsed with $ScenarioV1. Adding a scenario is adding one file here (or importing it in the app).
 */
import { parseDataFiles, shippedData, type DataFileResult } from '../../dataFiles.ts';
import { $ScenarioV1, type ScenarioV1 } from '../scenario.ts';

export function parseScenarios(files: Record<string, unknown>): DataFileResult<ScenarioV1>[] {
  return parseDataFiles(files, $ScenarioV1);
}

const shipped = shippedData(parseScenarios(import.meta.glob('./*.scenario.json', { eager: true, import: 'default' })));

/** Scenarios that failed validation are reported, never silently used. */
export const scenarioProblems = shipped.problems;
export const scenarios: readonly ScenarioV1[] = shipped.items;
export const findScenario = shipped.find;
