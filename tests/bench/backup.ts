/**
 * Backup and restore at scale, through the real Security screen (issue 8: an encrypted backup of
 * the full dataset in at most 5 s, its restore in at most 10 s, headless Chromium).
 *
 * `measureBackup(page, …)`: on an unlocked app holding the records (best unlocked straight onto
 * #/security, so the home page's work over the dataset never starts), goes to #/security, waits
 * until the page is quiet (waitForQuiet), types the backup's passphrase twice and clicks "Download
 * an encrypted backup"; the time runs from the click (Node's clock) to Playwright's `download`
 * event (the file handed to the browser). The file is then saved outside the browser's download
 * folder and its size taken. A problem shown instead (the error summary) or a crashed page ends
 * the measurement with that message and the time it took.
 *
 * `measureRestore(browser, baseUrl, …)`: a fresh, empty context (a new device) sets the app's
 * passphrase on first use, goes to #/security, chooses the file (handed to the page before the
 * clock starts), types its passphrase and clicks "Restore"; the time runs from the click to the
 * "The backup has been restored." status with its counts (reading the file, opening, checking and
 * writing every row).
 *
 * Both also return the app's own phases (performance.measure entries named backup:…, made through
 * client/perf/phases.ts by the backup modules in a bench build only: `benchDefine`), in
 * milliseconds, so a slow figure says where its time went. With BENCH_PROFILE=1 the restore's
 * main thread is profiled too (summary printed; the profiler slows it, so its figure is no verdict).
 *
 * Standalone (`npm run bench:backup`): builds the client in production mode into
 * .bench/dist-backup-<port> (its own folder, so a browser test building dist/ meanwhile changes
 * nothing here), serves it with the real server on 127.0.0.1:4393 (BENCH_PORT; a fixed origin,
 * because the seeded profile's IndexedDB belongs to it), seeds the dataset once
 * (tests/bench/profile.ts; BENCH_DATASET=small for 4 × 50 sessions), measures one backup on a copy
 * of the seeded profile (its service worker removed, so the build under test is what runs) and one
 * restore of that file, prints the figures and writes them to .bench/backup-results-<port>.json
 * (the file is kept in .bench/backup-out-<port>/). `--seed-only` stops after seeding;
 * BENCH_DIST=<folder> serves a build made earlier (the code before a change) instead of building.
 */
import { serve } from '@hono/node-server';
import { once } from 'node:events';
import { mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { build } from 'vite';
import { createApp } from '../../server/app.ts';
import { launchBrowser } from '../e2e/browser.ts';
import { seededProfile } from './profile.ts';
import { openProfile, runProfile } from './scale.ts';
import { benchDefine } from './common.ts';
import { printSummary, startProfile, stopProfile, summariseProfile } from './cpuprofile.ts';

/** What one backup took, through the screen. */
export interface BackupMeasurement {
  /** Click on "Download an encrypted backup" → the browser's download event. */
  exportMs: number;
  /** The file's size in bytes. */
  fileBytes: number;
  /** Where the file was saved (outside the browser's download folder). */
  filePath: string;
  /** The app's phases (backup:read, backup:open-and-compress, …), ms. */
  phases: Record<string, number>;
}

/** What one restore took, through the screen. */
export interface RestoreMeasurement {
  /** Click on "Restore" → the "The backup has been restored." status. */
  restoreMs: number;
  /** The status as shown ("The backup has been restored." and its counts: added, identical, kept as a copy, refused). */
  status: string;
  /**
   * Click on "Restore" → the rows derived from the records (cases, actions, signatures) all
   * written: a version 3 backup's restore writes them after the status (backup:restore-derived).
   * Null when there were none to write (a version 1 or 2 file).
   */
  derivedMs: number | null;
  /** The app's phases (backup:decrypt, backup:unpack, backup:check, backup:restore-write, …), ms. */
  phases: Record<string, number>;
}

export interface MeasureBackupOptions {
  baseUrl: string;
  /** The backup's own passphrase (at least 8 characters). */
  backupPassphrase: string;
  /** A folder to save the file in. */
  saveDir: string;
  timeoutMs?: number;
}

export interface MeasureRestoreOptions {
  /** The backup file (from measureBackup). */
  filePath: string;
  backupPassphrase: string;
  /** The new device's app passphrase, set on first use (at least 10 characters). */
  appPassphrase: string;
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 600_000;

function clearPhases(page: Page): Promise<void> {
  return page.evaluate(() => performance.clearMeasures());
}

/** The backup:… measures the app made since clearPhases, summed by name. */
function phases(page: Page): Promise<Record<string, number>> {
  return page.evaluate(() => {
    const out: Record<string, number> = {};
    for (const entry of performance.getEntriesByType('measure')) if (entry.name.startsWith('backup:')) out[entry.name] = (out[entry.name] ?? 0) + entry.duration;
    return out;
  });
}

/**
 * Waits for the restore's derived rows to be written (its backup:restore-derived measure); false
 * when it wrote none (nobody marked in derivedPending and no such measure).
 */
async function derivedWritten(page: Page, timeoutMs: number): Promise<boolean> {
  const measured = () => page.evaluate(() => performance.getEntriesByName('backup:restore-derived').length > 0);
  const marked = () =>
    page.evaluate(
      () =>
        new Promise<number>((resolve) => {
          const request = indexedDB.open('safeguarding-supervision');
          request.onerror = () => resolve(0);
          request.onsuccess = () => {
            const db = request.result;
            if (!db.objectStoreNames.contains('derivedPending')) return (db.close(), resolve(0));
            const count = db.transaction('derivedPending').objectStore('derivedPending').count();
            count.onsuccess = () => (db.close(), resolve(count.result));
            count.onerror = () => (db.close(), resolve(0));
          };
        }),
    );
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    if (await measured()) return true;
    if ((await marked()) === 0) {
      // The last mark is cleared just before the measure is made.
      await new Promise((resolve) => setTimeout(resolve, 250));
      return measured();
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('The derived rows were not written in time');
}

/** Resolves with the first problem the page shows (error summary) or its crash; never on success. */
function problemShown(page: Page, timeoutMs: number): { promise: Promise<never>; cancel: () => void } {
  let cancelled = false;
  let onCrash: (() => void) | undefined;
  const promise = new Promise<never>((_resolve, reject) => {
    onCrash = () => reject(new Error('The page crashed'));
    page.once('crash', onCrash);
    const summary = page.getByRole('alert');
    summary
      .first()
      .waitFor({ timeout: timeoutMs })
      .then(async () => {
        if (!cancelled) reject(new Error(`The screen showed a problem: ${(await summary.first().innerText()).replace(/\s+/g, ' ')}`));
      })
      .catch(() => undefined);
  });
  promise.catch(() => undefined);
  return {
    promise,
    cancel: () => {
      cancelled = true;
      if (onCrash) page.off('crash', onCrash);
    },
  };
}

/**
 * Resolves once the page's main thread has been free for a second (ten 100 ms timers each firing
 * within 150 ms), so work a screen started earlier (the home page's queries over the whole
 * dataset) is not counted in what is measured next.
 */
export async function waitForQuiet(page: Page): Promise<void> {
  // tsx (esbuild keepNames) wraps named functions in __name(...): give the page that helper.
  await page.evaluate('globalThis.__name = globalThis.__name || ((fn) => fn);');
  return page.evaluate(
    () =>
      new Promise<void>((resolve, reject) => {
        const started = performance.now();
        let calm = 0;
        const tick = () => {
          const at = performance.now();
          setTimeout(() => {
            calm = performance.now() - at < 150 ? calm + 1 : 0;
            if (calm >= 10) resolve();
            else if (performance.now() - started > 300_000) reject(new Error('The page never became quiet'));
            else tick();
          }, 100);
        };
        tick();
      }),
  );
}

/**
 * Makes a backup through #/security on an unlocked app and times it (see the header). Open the
 * app on #/security before unlocking it, so the home page's work over the dataset never starts;
 * the measurement begins once the page is quiet in any case.
 */
export async function measureBackup(page: Page, options: MeasureBackupOptions): Promise<BackupMeasurement> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (!page.url().endsWith('#/security')) await page.evaluate(() => (window.location.hash = '#/security'));
  await page.getByRole('heading', { level: 2, name: 'Backup and restore' }).waitFor({ timeout: 60_000 });
  await waitForQuiet(page);
  await page.getByLabel('Passphrase for the backup').fill(options.backupPassphrase);
  await page.getByLabel('Type the backup’s passphrase again').fill(options.backupPassphrase);
  await clearPhases(page);
  const problem = problemShown(page, timeoutMs);
  const downloaded = page.waitForEvent('download', { timeout: timeoutMs });
  const started = performance.now();
  await page.getByRole('button', { name: 'Download an encrypted backup' }).click();
  try {
    const download = await Promise.race([downloaded, problem.promise]).catch((error: unknown) => {
      throw new Error(`${error instanceof Error ? error.message : String(error)} (after ${((performance.now() - started) / 1000).toFixed(2)} s)`);
    });
    const exportMs = performance.now() - started;
    mkdirSync(options.saveDir, { recursive: true });
    const filePath = join(options.saveDir, download.suggestedFilename());
    await download.saveAs(filePath);
    return { exportMs, fileBytes: statSync(filePath).size, filePath, phases: await phases(page) };
  } finally {
    problem.cancel();
  }
}

/** Restores a backup on a new device (a fresh context) through #/security and times it (see the header). */
export async function measureRestore(browser: Browser, baseUrl: string, options: MeasureRestoreOptions): Promise<RestoreMeasurement> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(`${baseUrl}/#/`);
    await page.getByRole('heading', { level: 1, name: 'Protect the records on this device' }).waitFor({ timeout: 60_000 });
    await page.getByLabel('Passphrase', { exact: true }).fill(options.appPassphrase);
    await page.getByLabel('Type the passphrase again').fill(options.appPassphrase);
    await page.getByRole('button', { name: 'Set the passphrase' }).click();
    await page.getByRole('heading', { level: 1, name: 'Safeguarding supervision' }).waitFor({ timeout: 60_000 });
    await page.evaluate(() => (window.location.hash = '#/security'));
    await page.getByRole('heading', { level: 2, name: 'Backup and restore' }).waitFor({ timeout: 60_000 });
    await page.getByLabel('Backup file').setInputFiles(options.filePath);
    await waitForQuiet(page);
    await page.getByLabel('The backup’s passphrase', { exact: true }).fill(options.backupPassphrase);
    const restored = page.getByRole('status').filter({ hasText: /^The backup has been restored\./ });
    await clearPhases(page);
    const problem = problemShown(page, timeoutMs);
    const cdp = process.env.BENCH_PROFILE === '1' ? await context.newCDPSession(page) : null;
    if (cdp) await startProfile(cdp, 500);
    const started = performance.now();
    await page.getByRole('button', { name: 'Restore', exact: true }).click();
    try {
      await Promise.race([restored.waitFor({ timeout: timeoutMs }), problem.promise]).catch((error: unknown) => {
        throw new Error(`${error instanceof Error ? error.message : String(error)} (after ${((performance.now() - started) / 1000).toFixed(2)} s)`);
      });
      if (cdp) printSummary('Restore', summariseProfile(await stopProfile(cdp), 40), console.log);
      const restoreMs = performance.now() - started;
      const status = (await restored.innerText()).trim();
      const derivedMs = (await derivedWritten(page, timeoutMs)) ? performance.now() - started : null;
      return { restoreMs, status, derivedMs, phases: await phases(page) };
    } finally {
      problem.cancel();
    }
  } finally {
    await context.close();
  }
}

// ---------------------------------------------------------------------------------------
// Standalone.

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
/** This bench's fixed origin (BENCH_PORT overrides it, e.g. for a second run beside a first). */
const BENCH_PORT = Number(process.env.BENCH_PORT ?? 4393);
const appPassphrase = 'four unrelated words for the bench';
const backupPassphrase = 'a backup passphrase for the bench';

async function buildInto(outDir: string): Promise<void> {
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ configFile: join(repoRoot, 'vite.config.ts'), mode: 'production', logLevel: 'warn', define: benchDefine, build: { outDir, emptyOutDir: true } });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
}

function formatPhases(phases: Record<string, number>): string {
  const entries = Object.entries(phases);
  return entries.length === 0 ? '' : `(${entries.map(([name, ms]) => `${name.replace('backup:', '')} ${(ms / 1000).toFixed(2)} s`).join(', ')})`;
}

async function main(): Promise<void> {
  const log = (line: string) => console.log(line);
  // BENCH_DIST: serve a build made earlier (e.g. of the code before a change) instead of building.
  const distDir = process.env.BENCH_DIST ?? join(repoRoot, '.bench', `dist-backup-${BENCH_PORT}`);
  if (process.env.BENCH_DIST) log(`Serving the existing build in ${distDir}`);
  else {
    log(`Building the client (production) into ${distDir}…`);
    await buildInto(distDir);
  }
  const server = serve({ fetch: createApp({ staticRoot: distDir }).fetch, hostname: '127.0.0.1', port: BENCH_PORT });
  await once(server, 'listening');
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    log(`Seeding (or reusing) the dataset at ${baseUrl}…`);
    const seeded = await seededProfile(baseUrl, appPassphrase, log);
    log(`Dataset: ${JSON.stringify({ ...seeded.summary, caseLabels: seeded.summary.caseLabels.length })} (${seeded.reused ? 'reused' : `seeded in ${Math.round(seeded.seededInMs / 1000)} s`})`);
    if (process.argv.includes('--seed-only')) return;

    const runDir = runProfile(seeded, join(repoRoot, '.bench', `run-backup-${BENCH_PORT}`));
    // The seeded profile's service worker would serve the build it cached.
    rmSync(join(runDir, 'Default', 'Service Worker'), { recursive: true, force: true });
    const saveDir = join(repoRoot, '.bench', `backup-out-${BENCH_PORT}`);
    rmSync(saveDir, { recursive: true, force: true });
    let made: BackupMeasurement;
    const context = await openProfile(runDir);
    try {
      const page = context.pages()[0] ?? (await context.newPage());
      // Unlocked straight onto the Security screen: the home page's queries never start.
      await page.goto(`${baseUrl}/#/security`);
      await page.getByLabel('Passphrase', { exact: true }).fill(appPassphrase);
      await page.getByRole('button', { name: 'Unlock' }).click();
      log('Making the backup…');
      made = await measureBackup(page, { baseUrl, backupPassphrase, saveDir });
    } finally {
      await context.close();
    }
    log(`  export ${(made.exportMs / 1000).toFixed(2)} s, file ${(made.fileBytes / 1e6).toFixed(1)} MB ${formatPhases(made.phases)}`);

    const browser = await launchBrowser();
    let restored: RestoreMeasurement;
    try {
      log('Restoring it on a new device…');
      restored = await measureRestore(browser, baseUrl, { filePath: made.filePath, backupPassphrase, appPassphrase });
    } finally {
      await browser.close();
    }
    log(`  restore ${(restored.restoreMs / 1000).toFixed(2)} s: ${restored.status} ${formatPhases(restored.phases)}`);
    if (restored.derivedMs !== null) log(`  derived rows (cases, actions, signatures) all written ${(restored.derivedMs / 1000).toFixed(2)} s after the click`);
    const results = {
      date: new Date().toISOString(),
      cpu: os.cpus()[0]?.model ?? 'unknown',
      cores: os.cpus().length,
      dataset: seeded.summary.sessions,
      exportMs: made.exportMs,
      fileBytes: made.fileBytes,
      restoreMs: restored.restoreMs,
      status: restored.status,
      exportPhasesMs: made.phases,
      restorePhasesMs: restored.phases,
    };
    writeFileSync(join(repoRoot, '.bench', `backup-results-${BENCH_PORT}.json`), `${JSON.stringify(results, null, 2)}\n`);
  } finally {
    if ('closeAllConnections' in server) server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
