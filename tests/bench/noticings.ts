/**
 * The cost of the assistant's noticings (issue 21, point 4): "a noticing is computed within 16 ms
 * of a pause in typing on a 300-answer session". Measured in Node (the engine is pure TypeScript:
 * no DOM, no storage), on this machine, with the offline language analysis the app uses.
 *
 * The session: 74 cases × 4 stages of the 4x4x4 cycle (296 answers, as the typing and memory
 * benchmarks seed) plus 4 free-text answers, each case's stages written from the noticings corpus
 * (tests/noticings/corpus/), each case with three earlier sessions' entries. The practitioner is
 * typing the last case's Analysis: each sample appends a word to it and times notice() for that
 * case (its stages so far and its history), the language analysis included — as a screen would
 * call it at a pause. Warm-up samples first. The other cases' sentences were analysed when they
 * were typed, as in a live session; the cost of reading every case from nothing (the
 * read-through's unexplored list for all 74, after forgetting every analysis) is reported too.
 *
 * `node --import tsx tests/bench/noticings.ts` prints the figures alone; bench.ts adds them to
 * its table.
 */
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { notice, unexplored, type CaseText } from '../../machines/noticings/engine.ts';
import { compromiseLanguage, forgetAnalyses } from '../../machines/noticings/language.ts';
import { caseTextOf, corpus, rulesFromFiles } from '../noticings/corpus.ts';
import { summarise, type Summary } from './common.ts';

export type NoticingBench = {
  answers: number;
  cases: number;
  samples: number;
  /** notice() at a pause, the current case's last sentence changed. */
  pauseMs: Summary;
  /** unexplored() for every case, every sentence analysed from nothing. */
  readThroughColdMs: number;
  /** The same, analyses kept. */
  readThroughWarmMs: number;
  /** How many samples raised a noticing (the engine did real work, not an early return). */
  raisedSamples: number;
};

const caseCount = 74;
const freeTextAnswers = 4;

function sessionOfCases(): CaseText[] {
  const accounts = [...corpus('tuning'), ...corpus('held-out')];
  return Array.from({ length: caseCount }, (_, i) => {
    const account = accounts[i % accounts.length];
    if (!account) throw new Error('Empty corpus');
    const base = caseTextOf(account);
    return {
      ...base,
      child: `${account.child} ${i + 1}`,
      earlier: [
        { date: '2026-03-04', text: `${account.stages.account} ${account.stages.plan}` },
        { date: '2026-06-10', text: account.stages.analysis },
        { date: '2026-09-15', text: `${account.stages.reflection} ${account.stages.plan}` },
      ],
    };
  });
}

export function measureNoticings(samples = 500, warmup = 50): NoticingBench {
  const rules = rulesFromFiles();
  const on = rules.rules.map((r) => r.id);
  const cases = sessionOfCases();
  const current = cases[cases.length - 1];
  if (!current) throw new Error('No cases');

  forgetAnalyses();
  let start = performance.now();
  for (const c of cases) unexplored(c, on, [], rules, compromiseLanguage);
  const readThroughColdMs = performance.now() - start;
  start = performance.now();
  for (const c of cases) unexplored(c, on, [], rules, compromiseLanguage);
  const readThroughWarmMs = performance.now() - start;

  const words = 'Mum says she is coping and the home was warm when I visited on Monday with the nursery nurse'.split(' ');
  const analysis = current.stages[2];
  if (!analysis) throw new Error('No analysis stage');
  let typed = `${analysis.text} `;
  const times: number[] = [];
  let raisedSamples = 0;
  for (let i = 0; i < warmup + samples; i += 1) {
    typed += `${words[i % words.length]}${i % 12 === 11 ? '. ' : ' '}`;
    const stages = [current.stages[0], current.stages[1], { ...analysis, text: typed }].flatMap((s) => (s ? [s] : []));
    const t0 = performance.now();
    const result = notice({ ...current, stages, currentStageId: analysis.id, on, raised: [] }, rules, compromiseLanguage);
    const elapsed = performance.now() - t0;
    if (i >= warmup) {
      times.push(elapsed);
      if (result) raisedSamples += 1;
    }
  }
  return { answers: caseCount * 4 + freeTextAnswers, cases: caseCount, samples, pauseMs: summarise(times), readThroughColdMs, readThroughWarmMs, raisedSamples };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const result = measureNoticings();
  const ms = (x: number) => `${x.toFixed(2)} ms`;
  console.log(
    `Noticing at a pause, ${result.answers}-answer session (${result.cases} cases), Node ${process.version}: median ${ms(result.pauseMs.median)}, p95 ${ms(result.pauseMs.p95)}, max ${ms(result.pauseMs.max)} over ${result.samples} samples (${result.raisedSamples} raised a noticing); ` +
      `read-through of every case from nothing ${ms(result.readThroughColdMs)}, analyses kept ${ms(result.readThroughWarmMs)}.`,
  );
}
