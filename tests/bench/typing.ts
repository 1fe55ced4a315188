/**
 * Typing in a session that already holds 300 answers: input to paint (issue 8: p95 ≤ 50 ms).
 *
 * Seeding. tests/bench/typing-seed-entry.ts (bundled by Vite as an IIFE) is evaluated in the
 * app's page in a persistent Chromium profile under .bench/typing-profile/ (a context that
 * bypasses CSP, because evaluating a bundle is what the CSP forbids). It writes, through the real
 * repositories and the real session machine, an in-progress Derby session with 74 case discussions
 * × 4 stages and the 4 free-text steps answered (300 answers), with the machine's persisted
 * snapshot at "Any other business". That context is closed; the measuring context opens the same
 * profile without bypassing CSP, opens #/session/<id>, is unlocked with the passphrase and resumes
 * at "Any other business" (checked: the restored text is in its textarea).
 *
 * Measuring. Keys are typed with page.keyboard.type, one character per call (real key events
 * through Chromium's input pipeline: keydown, keypress, input, keyup), at a fast typist's pace:
 * the next key goes `keyGapMs` after the previous one was sent (or once the previous one was
 * painted, if later). Two places, 20 warm-up keys and 200 measured keys each:
 *  1. the free-text step "Any other business" (#answer-any-other-business), the session resumed
 *     there;
 *  2. a new case's Experience stage (#stage-experience-notes): from the step list to "Case
 *     discussion and reflections", a 75th case started through the UI. Each key there goes to the
 *     invoked case cycle, and the record preview re-renders with every case.
 * Per key, two measures:
 *  - Event Timing (budgeted): a PerformanceObserver({ type: 'event', durationThreshold: 16,
 *    buffered: true }) installed by an init script records Chromium's PerformanceEventTiming
 *    entries; a key's figure is the largest `duration` (event timestamp to the next paint after
 *    its handlers ran, rounded to 8 ms) among the entries that start between its keydown and the
 *    next key's keydown, the measure behind INP. Chromium reports only entries of 16 ms or more,
 *    so a key with no entry counts as "under 16 ms" (0 in the sorted list); p95 is exact whenever
 *    at least 11 of the 200 keys have entries, and otherwise shown as "< 16 ms".
 *  - Frame proxy (cross-check): a capturing keydown listener on document keeps event.timeStamp;
 *    on the input event that follows, requestAnimationFrame waits for a frame in which the field
 *    holds the typed text, then a setTimeout(0) queued from that frame runs after the frame's
 *    paint; the time from the keydown timestamp to then is the figure.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { z } from 'zod';
import { nameShim, recordOffMachine, summarise, type Summary } from './common.ts';
import { bundleForPage, openProfile } from './profile.ts';
import type { TypingSeedOptions } from './typing-seed-entry.ts';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const seedEntry = fileURLToPath(new URL('./typing-seed-entry.ts', import.meta.url));
export const profileDir = join(repoRoot, '.bench', 'typing-profile');

export const typingSamples = 200;
export const typingWarmup = 20;
/** Between one key and the next: 150 ms is 80 words a minute, a fast typist. */
export const keyGapMs = 150;
const seededCases = 74;
const anyOtherBusiness = 'any-other-business';

// ---------------------------------------------------------------------------------------
// In the page.

type KeySample = { key: string; downAt: number; paintedAt: number; inputAt: number; frames: number };
type EventEntry = { name: string; startTime: number; duration: number; processingStart: number; processingEnd: number; interactionId: number };
interface KeyProbe {
  samples: KeySample[];
  entries: EventEntry[];
  waitFor(count: number): Promise<void>;
}
type KeyWindow = Window & { __benchKeys?: KeyProbe };

function installKeyProbe(): void {
  const samples: KeySample[] = [];
  const entries: EventEntry[] = [];
  const waiters: { count: number; resolve: () => void }[] = [];
  const probe: KeyProbe = {
    samples,
    entries,
    waitFor(count) {
      if (samples.length >= count) return Promise.resolve();
      return new Promise((resolve) => waiters.push({ count, resolve }));
    },
  };
  (window as KeyWindow).__benchKeys = probe;
  const settle = () => {
    for (const waiter of [...waiters]) {
      if (samples.length < waiter.count) continue;
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve();
    }
  };
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries() as PerformanceEventTiming[]) {
        entries.push({
          name: entry.name,
          startTime: entry.startTime,
          duration: entry.duration,
          processingStart: entry.processingStart,
          processingEnd: entry.processingEnd,
          interactionId: (entry as PerformanceEventTiming & { interactionId?: number }).interactionId ?? 0,
        });
      }
    }).observe({ type: 'event', durationThreshold: 16, buffered: true } as PerformanceObserverInit);
  } catch {
    // No Event Timing: the frame proxy still measures.
  }
  let down: { key: string; at: number } | null = null;
  document.addEventListener('keydown', (event) => (down = { key: event.key, at: event.timeStamp }), { capture: true });
  document.addEventListener(
    'input',
    (event) => {
      const key = down;
      down = null;
      const field = event.target;
      if (!key || !(field instanceof HTMLTextAreaElement || field instanceof HTMLInputElement)) return;
      const expected = field.value;
      const inputAt = event.timeStamp;
      let frames = 0;
      const frame = () => {
        frames += 1;
        // Painted once a frame shows the field holding the text typed (React may re-set a controlled value).
        if (field.value !== expected && frames < 10) return void requestAnimationFrame(frame);
        setTimeout(() => {
          samples.push({ key: key.key, downAt: key.at, inputAt, paintedAt: performance.now(), frames });
          settle();
        }, 0);
      };
      requestAnimationFrame(frame);
    },
    { capture: true },
  );
}

// ---------------------------------------------------------------------------------------
// Node side.

const $Seeded = z.object({ sessionId: z.string(), answers: z.number(), cases: z.number(), freeText: z.number(), at: z.string() });
const $KeySample = z.object({ key: z.string(), downAt: z.number(), paintedAt: z.number(), inputAt: z.number(), frames: z.number() });
const $EventEntry = z.object({ name: z.string(), startTime: z.number(), duration: z.number(), processingStart: z.number(), processingEnd: z.number(), interactionId: z.number() });
const $Probe = z.object({ samples: z.array($KeySample), entries: z.array($EventEntry) });


/** A fresh profile holding the 300-answer session, written at `baseUrl`'s origin. */
export async function seedSession(baseUrl: string, passphrase: string): Promise<z.infer<typeof $Seeded>> {
  rmSync(profileDir, { recursive: true, force: true });
  mkdirSync(profileDir, { recursive: true });
  const code = await bundleForPage(seedEntry, 'BenchSeedTyping');
  const context = await openProfile(profileDir, { bypassCSP: true });
  recordOffMachine(context);
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(`${baseUrl}/#/`);
    await page.getByLabel('Passphrase', { exact: true }).waitFor();
    await page.evaluate(code);
    const options: TypingSeedOptions = { passphrase, cases: seededCases, date: '2026-11-20' };
    return $Seeded.parse(
      await page.evaluate((o) => {
        const seed = window.__benchSeedTyping;
        if (!seed) throw new Error('The typing seeder is not loaded');
        return seed(o);
      }, options),
    );
  } finally {
    await context.close();
  }
}

export interface TypingPlace {
  place: string;
  /** Event Timing: largest entry duration per key (0 when under the 16 ms threshold). */
  eventTimingMs: Summary;
  /** Keys with an Event Timing entry (≥ 16 ms). */
  keysOver16: number;
  /** Whether p95 is exact (≥ 11 keys reported) or only known to be under 16 ms. */
  eventTimingExact: boolean;
  /** Frame proxy: keydown timestamp to the task after the first frame showing the text. */
  frameMs: Summary;
  /** Keydown to the input event (input delay and key handling before it). */
  keyToInputMs: Summary;
  raw: { samples: KeySample[]; entries: EventEntry[] };
}

async function typeAndMeasure(page: Page, place: string, selector: string, text: string): Promise<TypingPlace> {
  const field = page.locator(selector);
  await field.focus();
  await page.keyboard.press('Control+End');
  const before = (await page.evaluate(() => (window as KeyWindow).__benchKeys?.samples.length)) ?? 0;
  const entriesBefore = (await page.evaluate(() => (window as KeyWindow).__benchKeys?.entries.length)) ?? 0;
  const total = typingWarmup + typingSamples;
  for (let i = 0; i < total; i++) {
    const sentAt = Date.now();
    await page.keyboard.type(text[i % text.length] ?? 'x');
    await page.evaluate((n) => (window as KeyWindow).__benchKeys?.waitFor(n), before + i + 1);
    const wait = keyGapMs - (Date.now() - sentAt);
    if (wait > 0) await page.waitForTimeout(wait);
  }
  // Event Timing entries are delivered after their frame: give the observer a moment.
  await page.waitForTimeout(500);
  const probe = $Probe.parse(await page.evaluate(() => ({ samples: (window as KeyWindow).__benchKeys?.samples ?? [], entries: (window as KeyWindow).__benchKeys?.entries ?? [] })));
  const all = probe.samples.slice(before);
  if (all.length !== total) throw new Error(`${place}: ${all.length} keys recorded of ${total}`);
  const entries = probe.entries.slice(entriesBefore);
  const perKey = all.map((sample, i) => {
    const end = all[i + 1]?.downAt ?? Number.POSITIVE_INFINITY;
    const own = entries.filter((entry) => entry.startTime >= sample.downAt - 0.5 && entry.startTime < end - 0.5);
    return own.reduce((max, entry) => Math.max(max, entry.duration), 0);
  });
  const measured = all.slice(typingWarmup);
  const measuredEt = perKey.slice(typingWarmup);
  const keysOver16 = measuredEt.filter((d) => d > 0).length;
  return {
    place,
    eventTimingMs: summarise(measuredEt),
    keysOver16,
    eventTimingExact: keysOver16 >= typingSamples - Math.ceil(0.95 * typingSamples) + 1,
    frameMs: summarise(measured.map((s) => s.paintedAt - s.downAt)),
    keyToInputMs: summarise(measured.map((s) => s.inputAt - s.downAt)),
    raw: { samples: all, entries },
  };
}

export const freeTextField = `#answer-${anyOtherBusiness}`;
export const caseStageField = '#stage-experience-notes';
export const typedText = ' Checked the rota again with the team lead; cover confirmed for both weeks of the holiday and the duty desk.';

/** From the resumed session to a new (75th) case's Experience stage, through the UI. */
export async function startNewCase(page: Page): Promise<void> {
  const details = page.locator('nav.app-step-list details');
  if (!(await details.evaluate((el) => (el as HTMLDetailsElement).open))) await details.locator('summary').click();
  await details.getByRole('button', { name: 'Case discussion and reflections', exact: true }).click();
  await page.getByLabel('Child or family').fill('Baby Z');
  await page.getByRole('button', { name: 'Discuss a case' }).last().click();
  await page.getByRole('region', { name: 'Conversation' }).getByRole('heading', { name: 'Experience — What happened?' }).waitFor();
}

export interface TypingResult {
  seeded: z.infer<typeof $Seeded>;
  seedMs: number;
  keyGapMs: number;
  samples: number;
  warmup: number;
  places: TypingPlace[];
}

export async function openSession(context: BrowserContext, baseUrl: string, sessionId: string, passphrase: string): Promise<Page> {
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(`${baseUrl}/#/session/${sessionId}`);
  await page.getByLabel('Passphrase', { exact: true }).fill(passphrase);
  await page.getByRole('button', { name: 'Unlock' }).click();
  const conversation = page.getByRole('region', { name: 'Conversation' });
  await conversation.getByRole('heading', { level: 2, name: 'Any other business', exact: true }).waitFor({ timeout: 60_000 });
  return page;
}

/** Seeds the 300-answer session at `baseUrl`'s origin and measures typing in it at two places. */
export async function measureTyping(baseUrl: string, passphrase: string, log: (line: string) => void = () => undefined): Promise<TypingResult> {
  const seedStarted = Date.now();
  const seeded = await seedSession(baseUrl, passphrase);
  const seedMs = Date.now() - seedStarted;
  if (seeded.answers !== 300) throw new Error(`The seeded session holds ${seeded.answers} answers, not 300`);
  log(`  seeded a session with ${seeded.answers} answers (${seeded.cases} cases) in ${(seedMs / 1000).toFixed(1)} s`);

  const context = await openProfile(profileDir);
  try {
    recordOffMachine(context);
    await context.addInitScript({ content: nameShim });
    await context.addInitScript(installKeyProbe);
    const page = await openSession(context, baseUrl, seeded.sessionId, passphrase);
    const restored = await page.locator(freeTextField).inputValue();
    if (!restored.startsWith('Annual leave')) throw new Error(`The session did not resume with its answer: “${restored}”`);

    log(`  typing at "Any other business" (${typingWarmup} warm-up + ${typingSamples} keys)…`);
    const freeText = await typeAndMeasure(page, 'free-text step', freeTextField, typedText);

    await startNewCase(page);
    log(`  typing at a 75th case's Experience stage (${typingWarmup} warm-up + ${typingSamples} keys)…`);
    const caseStage = await typeAndMeasure(page, 'case stage', caseStageField, typedText);
    return { seeded, seedMs, keyGapMs, samples: typingSamples, warmup: typingWarmup, places: [freeText, caseStage] };
  } finally {
    await context.close();
  }
}
