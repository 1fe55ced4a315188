/**
 * The noticings corpus (issue 21, point 4): short fictional case accounts written for the tests,
 * stage by stage, each labelled with the noticings a supervisor would raise. Two files: the
 * held-out third, written before any rule existed and never tuned against, and the tuning two
 * thirds. Scored the way the live session draws noticings (engine.ts: drawnThroughCase): stage
 * by stage, through the 4x4x4 cycle, every rule switched on, nothing answered.
 *
 * Shared by the corpus test and the report script (tests/noticings/report.ts), so both read the
 * rules from the files with Node's fs rather than Vite's import.meta.glob.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { drawnThroughCase, type CaseText, type NoticingRules } from '../../machines/noticings/engine.ts';
import { parseNoticingRules } from '../../machines/noticings/rules.ts';
import type { LanguageAnalysis } from '../../machines/noticings/text.ts';

const here = fileURLToPath(new URL('.', import.meta.url));
const rulesDir = fileURLToPath(new URL('../../machines/noticings/', import.meta.url));

/** The shipped rules, read from their files. */
export function rulesFromFiles(): NoticingRules {
  const files = Object.fromEntries(readdirSync(rulesDir).filter((f) => f.endsWith('.noticing.json')).map((f) => [f, JSON.parse(readFileSync(join(rulesDir, f), 'utf8')) as unknown]));
  const parsed = parseNoticingRules(files, JSON.parse(readFileSync(join(rulesDir, 'vocabularies.json'), 'utf8')) as unknown);
  const problems = parsed.results.filter((r) => !r.ok);
  if (problems.length > 0 || !parsed.vocabularies) throw new Error(`Noticing rules do not parse: ${JSON.stringify(problems)} ${parsed.vocabularyProblem ?? ''}`);
  return { rules: parsed.results.flatMap((r) => (r.ok ? [r.template] : [])), vocabularies: parsed.vocabularies, people: parsed.people };
}

const $Account = z.strictObject({
  id: z.string().regex(/^[ht]\d{2}-[a-z0-9-]+$/),
  practitioner: z.string().min(2),
  child: z.string().min(1),
  earlier: z.array(z.strictObject({ date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/), text: z.string().min(1) })).optional(),
  stages: z.strictObject({ account: z.string().min(1), reflection: z.string().min(1), analysis: z.string().min(1), plan: z.string().min(1) }),
  expected: z.array(z.string()),
});
export type CorpusAccount = z.infer<typeof $Account>;
const $CorpusFile = z.strictObject({ purpose: z.string(), accounts: z.array($Account).min(1) });

export const corpusSplits = ['held-out', 'tuning'] as const;
export type CorpusSplit = (typeof corpusSplits)[number];

export function corpus(split: CorpusSplit): CorpusAccount[] {
  return $CorpusFile.parse(JSON.parse(readFileSync(join(here, 'corpus', `${split}.json`), 'utf8'))).accounts;
}

/** An account as the engine reads it: the 4x4x4 stage ids, each with its role. */
export function caseTextOf(account: CorpusAccount): CaseText {
  return {
    child: account.child,
    earlier: account.earlier ?? [],
    stages: [
      { id: 'experience', role: 'account', text: account.stages.account },
      { id: 'reflection', role: 'reflection', text: account.stages.reflection },
      { id: 'analysis', role: 'analysis', text: account.stages.analysis },
      { id: 'actionPlanning', role: 'plan', text: account.stages.plan },
    ],
  };
}

export type Scored = { account: CorpusAccount; drawn: string[]; missed: string[]; extra: string[] };

export function score(accounts: readonly CorpusAccount[], rules: NoticingRules, language: LanguageAnalysis): Scored[] {
  const on = rules.rules.map((r) => r.id);
  return accounts.map((account) => {
    const drawn = drawnThroughCase(caseTextOf(account), on, rules, language).map((n) => n.ruleId);
    return { account, drawn, missed: account.expected.filter((id) => !drawn.includes(id)), extra: drawn.filter((id) => !account.expected.includes(id)) };
  });
}

export type RuleFigures = { ruleId: string; expected: number; drawn: number; truePositives: number; precision: number; recall: number };

export type Figures = {
  accounts: number;
  covered: number;
  /** Fully covered accounts (nothing expected) that drew more than one noticing. */
  coveredOverOne: string[];
  rules: RuleFigures[];
  overall: RuleFigures;
};

const ratio = (a: number, b: number) => (b === 0 ? 1 : a / b);

export function figuresOf(scored: readonly Scored[], ruleIds: readonly string[]): Figures {
  const perRule = (ids: readonly string[], ruleId: string): RuleFigures => {
    let expected = 0;
    let drawn = 0;
    let truePositives = 0;
    for (const s of scored)
      for (const id of ids) {
        const e = s.account.expected.includes(id);
        const d = s.drawn.includes(id);
        if (e) expected += 1;
        if (d) drawn += 1;
        if (e && d) truePositives += 1;
      }
    return { ruleId, expected, drawn, truePositives, precision: ratio(truePositives, drawn), recall: ratio(truePositives, expected) };
  };
  const covered = scored.filter((s) => s.account.expected.length === 0);
  return {
    accounts: scored.length,
    covered: covered.length,
    coveredOverOne: covered.filter((s) => s.drawn.length > 1).map((s) => `${s.account.id}: ${s.drawn.join(', ')}`),
    rules: ruleIds.map((id) => perRule([id], id)),
    overall: perRule(ruleIds, 'overall'),
  };
}

const pc = (x: number) => `${Math.round(x * 100)} %`;

/** The figures as a Markdown table, for the README. */
export function markdownTable(bySplit: Record<'all' | CorpusSplit, Figures>, names: ReadonlyMap<string, string>): string {
  const rows = bySplit.all.rules.map((r, i) => {
    const held = bySplit['held-out'].rules[i];
    return `| ${names.get(r.ruleId) ?? r.ruleId} (\`${r.ruleId}\`) | ${r.expected} | ${r.drawn} | ${pc(r.precision)} | ${pc(r.recall)} | ${held ? `${pc(held.precision)} / ${pc(held.recall)}` : '—'} |`;
  });
  const o = bySplit.all.overall;
  const h = bySplit['held-out'].overall;
  const t = bySplit.tuning.overall;
  return [
    '| Noticing | Expected | Drawn | Precision | Recall | Held-out precision / recall |',
    '|---|---:|---:|---:|---:|---:|',
    ...rows,
    `| **All rules** | ${o.expected} | ${o.drawn} | **${pc(o.precision)}** | **${pc(o.recall)}** | **${pc(h.precision)} / ${pc(h.recall)}** |`,
    '',
    `${bySplit.all.accounts} accounts (${bySplit['held-out'].accounts} held out, ${bySplit.tuning.accounts} for tuning: precision ${pc(t.precision)}, recall ${pc(t.recall)}); ` +
      `${bySplit.all.covered} with everything covered, of which ${bySplit.all.coveredOverOne.length} drew more than one noticing.`,
  ].join('\n');
}
