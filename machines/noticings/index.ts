/**
 * The noticing rules shipped with the product: every *.noticing.json in this folder, parsed with
 * $NoticingRuleV1, and the shared word lists in vocabularies.json. Adding a noticing is adding one
 * file here. A rule that does not parse, or that names a vocabulary that does not exist, is
 * reported by name, never silently used.
 */
import { shippedData } from '../dataFiles.ts';
import type { NoticingRules } from './engine.ts';
import { parseNoticingRules } from './rules.ts';
import shippedVocabularies from './vocabularies.json';

const parsed = parseNoticingRules(import.meta.glob('./*.noticing.json', { eager: true, import: 'default' }), shippedVocabularies);
const shipped = shippedData(parsed.results);

/** Rules that failed validation (and the vocabularies' own problem, if any). */
export const noticingProblems = [...shipped.problems, ...(parsed.vocabularyProblem ? [{ ok: false as const, file: 'vocabularies.json', message: parsed.vocabularyProblem }] : [])];
export const noticingRules: NoticingRules = { rules: shipped.items, vocabularies: parsed.vocabularies ?? {}, people: parsed.people };
export const findNoticingRule = shipped.find;
