/**
 * Reading noticing rules from their files: each parsed with $NoticingRuleV1, checked against the
 * shared vocabularies it names, ids unique. Used by index.ts (the shipped rules, through Vite) and
 * by Node scripts that read the files themselves.
 */
import { parseDataFiles, type DataFileResult } from '../dataFiles.ts';
import { $NoticingRuleV1, $VocabulariesV1, type NoticingCondition, type NoticingRuleV1, type VocabulariesV1 } from './schema.ts';

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
export function parseNoticingRules(files: Record<string, unknown>, vocabularyFile: unknown): { results: NoticingLoadResult[]; vocabularies: VocabulariesV1['vocabularies'] | null; people: string[]; vocabularyProblem: string | null } {
  const vocabularies = $VocabulariesV1.safeParse(vocabularyFile);
  if (!vocabularies.success) {
    return { results: [], vocabularies: null, people: [], vocabularyProblem: vocabularies.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') };
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
    people: vocabularies.data.people.filter((name) => name in known),
    vocabularyProblem: null,
  };
}

