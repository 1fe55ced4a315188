/**
 * The full dataset inside Chromium, cached between bench runs. Generating it takes minutes (each of
 * the 20,000 records is sealed, saved and signed by the real repositories), so it is written once
 * into a Chromium profile folder under .bench/ and reused while the seed, the size and the
 * generator's format are the same (BENCH_RESEED=1 forces a new one).
 *
 * The seeder (tests/bench/seed-entry.ts) is bundled by Vite and evaluated in the app's own page,
 * at the bench's fixed origin (IndexedDB belongs to an origin, port included). That one context
 * bypasses the page's CSP, because evaluating a bundle is what CSP forbids; the measuring
 * contexts never do.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext } from 'playwright-core';
import { build, type Rolldown } from 'vite';
import { z } from 'zod';
import { browserArgs } from '../e2e/browser.ts';
import { FULL_SIZE, type DatasetSize } from './size.ts';
import type { SeedOptions } from './seed-entry.ts';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const seedEntry = fileURLToPath(new URL('./seed-entry.ts', import.meta.url));

export const DATASET_SEED = 20_261_122;
/** Change when the generator writes different records (a new profile is seeded then). */
export const DATASET_FORMAT = 1;
/** "Today" for the seeded records' saving times; the records themselves run from 2016. */
export const DATASET_NOW = '2026-11-22T10:00:00.000Z';

const $Summary = z.object({
  supervisees: z.number(),
  sessions: z.number(),
  cases: z.number(),
  actions: z.number(),
  groupSessions: z.number(),
  firstDate: z.string(),
  lastDate: z.string(),
  caseLabels: z.array(z.string()),
});
export type SeededSummary = z.infer<typeof $Summary>;
const $Seeded = z.object({ summary: $Summary, personIds: z.array(z.string()) });
const $Marker = z.object({ key: z.string(), seededInMs: z.number(), summary: $Summary, personIds: z.array(z.string()) });
export type SeededProfile = { dir: string; seededInMs: number; summary: SeededSummary; personIds: string[]; reused: boolean };

export function datasetSize(): DatasetSize {
  const scale = process.env.BENCH_DATASET === 'small' ? { supervisees: 4, sessionsPerSupervisee: 50, groupSessions: 20 } : {};
  return { ...FULL_SIZE, ...scale };
}

/** Persistent Chromium contexts on one profile folder (one at a time). */
export function openProfile(dir: string, options: { bypassCSP?: boolean } = {}): Promise<BrowserContext> {
  return chromium.launchPersistentContext(dir, { executablePath: '/usr/bin/chromium', args: browserArgs, headless: true, bypassCSP: options.bypassCSP ?? false });
}

/** Bundles a seeder entry (Vite, IIFE) into code to evaluate in the app's page. */
export async function bundleForPage(entry: string, name: string): Promise<string> {
  const output = await build({
    configFile: false,
    logLevel: 'warn',
    mode: 'production',
    build: { write: false, minify: false, lib: { entry, formats: ['iife'], name, fileName: name } },
  });
  const first = (Array.isArray(output) ? output[0] : output) as Rolldown.RolldownOutput | undefined;
  const chunk = first?.output.find((item) => item.type === 'chunk');
  if (!chunk || chunk.type !== 'chunk') throw new Error(`${entry} did not bundle`);
  return chunk.code;
}

/** The seeded profile for this origin, generated when missing or out of date. */
export async function seededProfile(baseUrl: string, passphrase: string, log: (line: string) => void): Promise<SeededProfile> {
  const size = datasetSize();
  // Not the database version: a profile seeded by an older version is upgraded by the app on its
  // first unlock, as a user's device would be (the bench reports how long that took).
  const key = JSON.stringify({ format: DATASET_FORMAT, seed: DATASET_SEED, size, origin: baseUrl });
  const dir = join(repoRoot, '.bench', `profile-${size.supervisees}x${size.sessionsPerSupervisee}`);
  const markerFile = join(dir, 'bench-dataset.json');
  if (process.env.BENCH_RESEED !== '1' && existsSync(markerFile)) {
    const marker = $Marker.safeParse(JSON.parse(readFileSync(markerFile, 'utf8')));
    if (marker.success && marker.data.key === key) return { dir, ...marker.data, reused: true };
  }
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const code = await bundleForPage(seedEntry, 'BenchSeed');
  const context = await openProfile(dir, { bypassCSP: true });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(`${baseUrl}/#/`);
    // The app is on its first-use screen; the seeder sets the same passphrase first use would.
    await page.getByLabel('Passphrase', { exact: true }).waitFor();
    await page.evaluate(code);
    const options: SeedOptions = { seed: DATASET_SEED, size, passphrase, now: DATASET_NOW };
    const started = Date.now();
    const ticker = setInterval(() => {
      void page
        .evaluate(() => window.__benchSeedProgress)
        .then((p) => p && log(`  seeded ${p.done.toLocaleString('en-GB')} of ${p.total.toLocaleString('en-GB')} sessions (${Math.round((Date.now() - started) / 1000)} s)`))
        .catch(() => undefined);
    }, 30_000);
    let seeded: { summary: SeededSummary; personIds: string[] };
    try {
      seeded = $Seeded.parse(await page.evaluate((o) => {
        const seed = window.__benchSeed;
        if (!seed) throw new Error('The seeder is not loaded');
        return seed(o);
      }, options));
    } finally {
      clearInterval(ticker);
    }
    const seededInMs = Date.now() - started;
    writeFileSync(markerFile, `${JSON.stringify({ key, seededInMs, ...seeded })}\n`);
    return { dir, seededInMs, ...seeded, reused: false };
  } finally {
    await context.close();
  }
}
