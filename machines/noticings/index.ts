/**
 * The noticing rules shipped with the product: every *.noticing.json in this folder, parsed with
 * $NoticingRuleV1, and the shared word lists in vocabularies.json. Adding a noticing is adding one
 * file here. A rule that does not parse, or that names a vocabulary that does not exist, is
 * reported by name, never silently used.
 */
import { parseDataFiles, shippedData, type DataFileResult } from '../dataFiles.ts';
import { $NoticingRuleV1, $VocabulariesV1, type NoticingCondition, type NoticingRuleV1, type VocabulariesV1 } from './schema.ts';
import type { NoticingRules } from './engine.ts';
import shippedVocabularies from './vocabularies.json';

export type NoticingLoadResult = DataFileResult<NoticingRuleV1>;

/** Every vocabulary a condition (or askedBy) names. */
export function vocabulariesNamed(rule: NoticingRuleV1): string[] {
  const names = new Set<string>();
  const terms = (list: readonly string[] | undefined) => list?.forEach((t) => t.startsWith('@') && names.add(t.slice(1)));
  const walk = (c: NoticingCondition): void => {
    if ('all' in c) c.all.forEach(walk);
    else if ('any' in c) c.any.forEach(walk);
    else if ('not' in c) walk(c.not);
    else if ('mentions' in c) {
      terms(c.mentions);
      terms(c.with);
    }
  };
  walk(rule.raiseWhen);
  if (rule.clearWhen) walk(rule.clearWhen);
  terms(rule.askedBy);
  return [...names];
}

/** The rules and vocabularies, each rule file checked against the vocabularies it names. */
export function parseNoticingRules(files: Record<string, unknown>, vocabularyFile: unknown): { results: NoticingLoadResult[]; vocabularies: VocabulariesV1['vocabularies'] | null; vocabularyProblem: string | null } {
  const vocabularies = $VocabulariesV1.safeParse(vocabularyFile);
  if (!vocabularies.success) {
    return { results: [], vocabularies: null, vocabularyProblem: vocabularies.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') };
  }
  const known = vocabularies.data.vocabularies;
  const results = parseDataFiles(files, $NoticingRuleV1).map((result, index): NoticingLoadResult => {
    if (!result.ok) return result;
    const missing = vocabulariesNamed(result.template).filter((name) => !(name in known));
    const file = Object.keys(files).sort((a, b) => a.localeCompare(b))[index] ?? result.template.id;
    return missing.length === 0 ? result : { ok: false, file, message: `names vocabularies that do not exist: ${missing.map((m) => `@${m}`).join(', ')}` };
  });
  const ids = new Set<string>();
  return {
    results: results.map((r) => {
      if (!r.ok) return r;
      if (ids.has(r.template.id)) return { ok: false as const, file: r.template.id, message: `Rule id "${r.template.id}" is used twice` };
      ids.add(r.template.id);
      return r;
    }),
    vocabularies: known,
    vocabularyProblem: null,
  };
}

const parsed = parseNoticingRules(import.meta.glob('./*.noticing.json', { eager: true, import: 'default' }), shippedVocabularies);
const shipped = shippedData(parsed.results);

/** Rules that failed validation (and the vocabularies' own problem, if any). */
export const noticingProblems = [...shipped.problems, ...(parsed.vocabularyProblem ? [{ ok: false as const, file: 'vocabularies.json', message: parsed.vocabularyProblem }] : [])];
export const noticingRules: NoticingRules = { rules: shipped.items, vocabularies: parsed.vocabularies ?? {} };
export const findNoticingRule = shipped.find;
