/**
 * The noticings measured (issue 21, point 4) on the corpus of fictional accounts: precision and
 * recall per rule and overall, against the targets (recall ≥ 80 %, precision ≥ 70 % over the
 * corpus), and no account with everything covered drawing more than one noticing. The held-out
 * third (written before any rule) is held to the same targets on its own. The table is printed
 * for the README by tests/noticings/report.ts.
 */
import { describe, expect, it } from 'vitest';
import { noticingRules } from '../../machines/noticings/index.ts';
import { compromiseLanguage } from '../../machines/noticings/language.ts';
import { corpus, figuresOf, score } from './corpus.ts';

const ids = noticingRules.rules.map((r) => r.id);
const heldOut = corpus('held-out');
const tuning = corpus('tuning');
const all = [...heldOut, ...tuning];

describe('the noticings corpus', () => {
  it('holds at least 60 accounts, a third held out, at least ten with everything covered, each labelled only with shipped rules', () => {
    expect(all.length).toBeGreaterThanOrEqual(60);
    expect(heldOut.length * 3).toBeGreaterThanOrEqual(all.length - 2);
    expect(all.filter((a) => a.expected.length === 0).length).toBeGreaterThanOrEqual(10);
    expect(new Set(all.map((a) => a.id)).size).toBe(all.length);
    for (const account of all) for (const id of account.expected) expect(ids, account.id).toContain(id);
    // Every rule is expected somewhere, and left out somewhere: each can be right and wrong.
    for (const id of ids) expect(all.some((a) => a.expected.includes(id)) && all.some((a) => !a.expected.includes(id)), id).toBe(true);
  });

  it('meets the targets over the corpus: recall at least 80 %, precision at least 70 %; every rule at least 60 % of each', () => {
    const figures = figuresOf(score(all, noticingRules, compromiseLanguage), ids);
    expect(figures.overall.recall).toBeGreaterThanOrEqual(0.8);
    expect(figures.overall.precision).toBeGreaterThanOrEqual(0.7);
    for (const rule of figures.rules) {
      expect(rule.recall, `${rule.ruleId} recall`).toBeGreaterThanOrEqual(0.6);
      expect(rule.precision, `${rule.ruleId} precision`).toBeGreaterThanOrEqual(0.6);
    }
  });

  it('meets the same targets on the held-out third alone', () => {
    const figures = figuresOf(score(heldOut, noticingRules, compromiseLanguage), ids);
    expect(figures.overall.recall).toBeGreaterThanOrEqual(0.8);
    expect(figures.overall.precision).toBeGreaterThanOrEqual(0.7);
  });

  it('draws at most one noticing from an account with everything covered', () => {
    const figures = figuresOf(score(all, noticingRules, compromiseLanguage), ids);
    expect(figures.covered).toBeGreaterThanOrEqual(10);
    expect(figures.coveredOverOne).toEqual([]);
  });

  it('the scoring can fail: an engine that draws everything, or nothing, misses the targets', () => {
    const everything = figuresOf(all.map((account) => ({ account, drawn: ids, missed: [], extra: [] })), ids);
    expect(everything.overall.precision).toBeLessThan(0.7);
    expect(everything.coveredOverOne.length).toBeGreaterThan(0);
    const nothing = figuresOf(all.map((account) => ({ account, drawn: [], missed: account.expected, extra: [] })), ids);
    expect(nothing.overall.recall).toBe(0);
  });
});
