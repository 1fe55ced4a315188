/**
 * Prints the noticings' precision and recall on the corpus as Markdown, for the README
 * ("The assistant's noticings"): `node --import tsx tests/noticings/report.ts`. With --split
 * tuning (or held-out) it prints that part alone, with every account's misses and extras.
 */
import { compromiseLanguage } from '../../machines/noticings/language.ts';
import { corpus, figuresOf, markdownTable, rulesFromFiles, score, type CorpusSplit } from './corpus.ts';

const rules = rulesFromFiles();
const ids = [...rules.rules].sort((a, b) => a.priority - b.priority).map((r) => r.id);
const names = new Map(rules.rules.map((r) => [r.id, r.name]));
const splitArg = process.argv.indexOf('--split');
const only = splitArg >= 0 ? (process.argv[splitArg + 1] as CorpusSplit) : null;

if (only) {
  const scored = score(corpus(only), rules, compromiseLanguage);
  for (const s of scored) if (s.missed.length + s.extra.length > 0) console.log(`${s.account.id}: missed [${s.missed.join(', ')}] extra [${s.extra.join(', ')}]`);
  const f = figuresOf(scored, ids);
  for (const r of [...f.rules, f.overall]) console.log(`${r.ruleId.padEnd(22)} expected ${r.expected} drawn ${r.drawn} P ${(r.precision * 100).toFixed(0)} R ${(r.recall * 100).toFixed(0)}`);
  console.log(`covered drawing more than one: ${f.coveredOverOne.join(' | ') || 'none'}`);
} else {
  const heldOut = score(corpus('held-out'), rules, compromiseLanguage);
  const tuning = score(corpus('tuning'), rules, compromiseLanguage);
  console.log(markdownTable({ all: figuresOf([...heldOut, ...tuning], ids), 'held-out': figuresOf(heldOut, ids), tuning: figuresOf(tuning, ids) }, names));
}
