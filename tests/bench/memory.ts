/**
 * Memory after a two-hour session of 300 answers (issue 8: JS heap ≤ 60 MB).
 *
 * A fresh context (empty storage, no service worker yet) with Playwright's clock installed before
 * the app loads, so Date, timers and animation frames run on a clock the bench moves. The app is
 * set up as on first use (passphrase), a supervisee added and a Derby session begun, all through
 * the UI. Then 300 answers are written through the UI: the four free-text steps and 74 case
 * discussions × 4 stages (each case labelled, started with "Discuss a case", each stage answered
 * and continued, "Finish this case" at action planning). Each answer is filled up to its last
 * `typedTail` characters (one input event) and those are typed key by key (one event each), so
 * every answer makes several machine events and saves, as typing does; after each answer the
 * clock runs 24 s (page.clock.runFor: every timer due in that time fires, as it would), so the
 * 300 answers span two hours of app time, with activity well inside the 10-minute idle lock.
 *
 * At the end, the session open at "Any other business", garbage is collected through CDP
 * (HeapProfiler.collectGarbage, twice) and Runtime.getHeapUsage gives the used JS heap (budgeted)
 * and the heap's total size; Memory.getDOMCounters gives documents, nodes and JS event listeners.
 * The same figures are taken after the session began (before any answer) for reference.
 */
import type { Browser, CDPSession, Page } from 'playwright-core';
import { z } from 'zod';
import { beginDerbySession, conversation, nameShim, next, recordOffMachine, stepHeading } from './common.ts';

export const memoryAnswers = 300;
const memoryCases = 74;
/** Characters of each answer typed key by key (the rest is filled at once). */
export const typedTail = 8;
/** App time per answer: 300 × 24 s = two hours. */
export const appMsPerAnswer = 24_000;

const $Heap = z.object({ usedSize: z.number(), totalSize: z.number() });
const $Counters = z.object({ documents: z.number(), nodes: z.number(), jsEventListeners: z.number() });

export interface HeapReading {
  usedBytes: number;
  totalBytes: number;
  documents: number;
  nodes: number;
  jsEventListeners: number;
}

export interface MemoryResult {
  answers: number;
  appMinutes: number;
  wallMs: number;
  afterStart: HeapReading;
  afterSession: HeapReading;
  /** Cases whose stage answers the record preview shows at the end (a check that the answers are held). */
  casesShown: number;
  /** The save indicator at the end, in app time. */
  lastSaved: string;
}

async function readHeap(cdp: CDPSession): Promise<HeapReading> {
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const heap = $Heap.parse(await cdp.send('Runtime.getHeapUsage'));
  const counters = $Counters.parse(await cdp.send('Memory.getDOMCounters'));
  return { usedBytes: heap.usedSize, totalBytes: heap.totalSize, ...counters };
}


const stageQuestions = [
  ['Experience', 'What happened?'],
  ['Reflection', 'What was it like?'],
  ['Analysis', 'What does this mean?'],
  ['Action planning', 'What next?'],
] as const;

/** Writes one answer into `label`'s field: filled but for its tail, which is typed; then the clock runs. */
async function answer(page: Page, label: string, text: string): Promise<void> {
  const field = page.getByLabel(label, { exact: true });
  await field.fill(text.slice(0, -typedTail));
  await field.press('End');
  await page.keyboard.type(text.slice(-typedTail));
  await page.clock.runFor(appMsPerAnswer);
}


export async function measureMemory(browser: Browser, baseUrl: string, passphrase: string, log: (line: string) => void = () => undefined): Promise<MemoryResult> {
  const started = Date.now();
  const context = await browser.newContext();
  try {
    recordOffMachine(context);
    await context.addInitScript({ content: nameShim });
    const page = await context.newPage();
    await page.clock.install({ time: new Date('2026-11-20T09:00:00') });
    await beginDerbySession(page, baseUrl, { passphrase });
    const cdp = await context.newCDPSession(page);
    const afterStart = await readHeap(cdp);

    let answers = 0;
    const freeText = async (heading: string, text: string) => {
      await stepHeading(page, heading);
      await answer(page, `Record under “${heading}”`, text);
      answers += 1;
    };
    await next(page);
    await freeText('Discussion of issues or concerns brought to supervision', 'Caseload pressure after two new child protection plans; worried about time for the families on universal plus.');
    await next(page);
    await freeText('Professional challenges / escalation/ risk', 'Escalated a disagreement about threshold with children’s social care; the manager agreed to a strategy discussion.');
    await next(page);
    await stepHeading(page, 'Case discussion and reflections');
    for (let c = 0; c < memoryCases; c++) {
      const label = `Child ${String.fromCharCode(65 + (c % 26))}${Math.floor(c / 26) + 1}`;
      await page.getByLabel('Child or family', { exact: true }).fill(label);
      await page.getByRole('button', { name: 'Discuss a case' }).last().click();
      for (const [stage, question] of stageQuestions) {
        await conversation(page).getByRole('heading', { name: `${stage} — ${question}` }).waitFor();
        await answer(page, `${stage}: ${question}`, `${stage} for ${label}: the home was cold again and the parents gave different accounts of the bruise; case ${c + 1}.`);
        answers += 1;
        await page.getByRole('button', { name: stage === 'Action planning' ? 'Finish this case' : 'Continue to the next stage' }).click();
      }
      await conversation(page).getByRole('heading', { level: 3, name: 'Cases discussed' }).waitFor();
      if ((c + 1) % 10 === 0) log(`  ${answers} answers (${c + 1} cases), ${Math.round((Date.now() - started) / 1000)} s`);
    }
    await next(page);
    await freeText('Development / training needs and opportunities', 'Would like the neglect toolkit training and to shadow a strategy meeting this quarter.');
    await next(page);
    await stepHeading(page, 'Plan and actions');
    await next(page);
    await freeText('Any other business', 'Annual leave in the school holidays; cover arranged with the team.');
    if (answers !== memoryAnswers) throw new Error(`${answers} answers written, expected ${memoryAnswers}`);
    // Every save has landed before the heap is read.
    await page.clock.runFor(1000);
    await page.locator('.app-save-status', { hasText: 'Saved on this device' }).waitFor({ timeout: 30_000 });
    // The app's own clock: the last save's time, as the save indicator shows it (two hours on from 09:00).
    const lastSaved = (await page.locator('.app-save-status').textContent()) ?? '';
    const stageAnswersShown = await page
      .getByRole('complementary', { name: 'The record so far' })
      .evaluate((aside) => new Set(aside.textContent?.match(/case \d+\./g) ?? []).size);
    const afterSession = await readHeap(cdp);
    await cdp.detach();
    return { answers, appMinutes: (answers * appMsPerAnswer) / 60_000, wallMs: Date.now() - started, afterStart, afterSession, casesShown: stageAnswersShown, lastSaved };
  } finally {
    await context.close();
  }
}
