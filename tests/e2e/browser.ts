// Debian's Chromium driven by playwright-core, with guards every browser test shares:
// no request may leave the machine, and pages must pass axe at serious level.
import { createRequire } from 'node:module';
import { mkdtempSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AxeResults } from 'axe-core';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, onTestFinished } from 'vitest';

/** Chromium's flags for every test and the bench. */
export const browserArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  // Without these Chromium keeps calling Google hosts it cannot reach.
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: browserArgs });
}

/**
 * For a browser test file: one Chromium launched before its tests and closed after them, and
 * the origin of the server under test. Call at the top level of the file; `browser()` gives
 * the launched browser inside tests.
 */
export function useBrowser(): { browser: () => Browser; baseUrl: string } {
  let launched: Browser | undefined;
  beforeAll(async () => {
    launched = await launchBrowser();
  });
  afterAll(async () => {
    await launched?.close();
  });
  const browser = () => {
    if (!launched) throw new Error('The browser is launched in beforeAll');
    return launched;
  };
  return { browser, baseUrl: inject('baseUrl') };
}

/** A device with its profile on disk: Chromium over its own profile folder, as a person's browser keeps one. */
export interface Device {
  context: BrowserContext;
  page: Page;
  /** URLs of requests to any host but this machine (they are also aborted). */
  offMachine: string[];
}

/**
 * For a browser test file whose devices keep their profiles on disk (across a close or a kill):
 * `profileDir` makes a profile folder, `launch` starts Chromium over it (refusing every request
 * off this machine), `kill` kills that browser outright. Every context still open is closed and
 * every folder removed after the file's tests. Call at the top level of the file.
 */
export function useProfiles(): { profileDir: (name: string) => string; launch: (dir: string) => Promise<Device>; kill: (dir: string) => void } {
  const profiles: string[] = [];
  const contexts: BrowserContext[] = [];
  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    for (const dir of profiles) rmSync(dir, { recursive: true, force: true });
  });
  return {
    profileDir(name) {
      const dir = mkdtempSync(join(tmpdir(), `profile-${name}-`));
      profiles.push(dir);
      return dir;
    },
    async launch(dir) {
      const context = await chromium.launchPersistentContext(dir, {
        executablePath: '/usr/bin/chromium',
        args: browserArgs.filter((arg) => arg !== '--headless'),
        headless: true,
      });
      contexts.push(context);
      const offMachine: string[] = [];
      await context.route(
        (url) => !isLocal(url.href),
        (route) => {
          offMachine.push(route.request().url());
          return route.abort('blockedbyclient');
        },
      );
      const page = context.pages()[0] ?? (await context.newPage());
      return { context, page, offMachine };
    },
    kill: killProfile,
  };
}

/**
 * Kills the browser running over a profile outright: SIGKILL to its process group (Playwright
 * starts the browser as a group of its own; the profile's `SingletonLock` names its process as
 * `host-pid`). No unload, no flush.
 */
function killProfile(dir: string): void {
  const owner = readlinkSync(join(dir, 'SingletonLock'));
  const pid = Number(owner.slice(owner.lastIndexOf('-') + 1));
  if (!Number.isInteger(pid) || pid <= 1) throw new Error(`No browser process in ${dir}'s lock: ${owner}`);
  process.kill(-pid, 'SIGKILL');
}

const localHosts = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Whether a request stays on this machine (or needs no network at all). */
export function isLocal(url: string): boolean {
  const { protocol, hostname } = new URL(url);
  if (protocol === 'data:' || protocol === 'blob:' || protocol === 'about:') return true;
  return localHosts.has(hostname);
}

export interface TrackedPage {
  page: Page;
  context: BrowserContext;
  /** URLs of requests to any host but this machine (they are also aborted). */
  thirdPartyRequests(): string[];
  /** Console errors, including Content-Security-Policy violations. */
  consoleErrors(): string[];
  close(): Promise<void>;
}

/**
 * A page in a fresh context (empty storage). Requests off this machine are aborted and
 * recorded; when called inside a test, that test fails if there were any.
 */
export async function newPage(browser: Browser): Promise<TrackedPage> {
  const context = await browser.newContext();
  const thirdParty: string[] = [];
  const errors: string[] = [];

  context.on('request', (request) => {
    if (!isLocal(request.url())) thirdParty.push(request.url());
  });
  await context.route(
    (url) => !isLocal(url.href),
    (route) => route.abort('blockedbyclient'),
  );

  const page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));

  if (expect.getState().currentTestName !== undefined) {
    onTestFinished(() => {
      expect(thirdParty, 'requests left this machine').toEqual([]);
    });
  }

  return {
    page,
    context,
    thirdPartyRequests: () => [...thirdParty],
    consoleErrors: () => [...errors],
    close: () => context.close(),
  };
}

const axeSource = readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
);

/**
 * Runs axe on the current page and throws listing every serious or critical violation.
 * axe is evaluated through the DevTools protocol rather than added as a <script> tag,
 * because the app's CSP (rightly) refuses inline scripts.
 */
export async function expectNoSeriousAxeViolations(page: Page, label: string): Promise<void> {
  const alreadyLoaded = await page.evaluate(() => 'axe' in window);
  if (!alreadyLoaded) await page.evaluate(axeSource);

  const results = await page.evaluate(() => {
    const { axe } = window as unknown as { axe: { run(context: Document): Promise<AxeResults> } };
    return axe.run(document);
  });
  const serious = results.violations.filter(
    (v) => v.impact === 'serious' || v.impact === 'critical',
  );
  if (serious.length === 0) return;

  const report = serious
    .map((v) => {
      const targets = v.nodes.map((node) => `  ${node.target.join(' ')}`).join('\n');
      return `- [${v.impact}] ${v.id}: ${v.help}\n${targets}`;
    })
    .join('\n');
  throw new Error(`Accessibility violations on ${label}:\n${report}`);
}

/** The page at a phone's width (390 px) and a desktop's (1280 px) never scrolls sideways. */
export async function expectFits(page: Page, label: string): Promise<void> {
  for (const width of [390, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, `${label} at ${width} px scrolls sideways by ${overflow} px`).toBeLessThanOrEqual(0);
  }
}

/** The passphrase every browser test sets for the app lock. */
export const TEST_PASSPHRASE = 'four unrelated words here';

/**
 * Opens the app at its start on a fresh device and sets the lock's passphrase, as a new user
 * does first; the home page then shows. Later moves within the app are fragment navigations
 * (`#/…`), which keep it unlocked; a reload locks it (see `unlock`).
 */
export async function openApp(page: Page): Promise<void> {
  await page.goto(`${inject('baseUrl')}/#/`);
  await page.getByRole('heading', { level: 1, name: 'Protect the records on this device' }).waitFor();
  await page.getByLabel('Passphrase', { exact: true }).fill(TEST_PASSPHRASE);
  await page.getByLabel('Type the passphrase again').fill(TEST_PASSPHRASE);
  await page.getByRole('button', { name: 'Set the passphrase' }).click();
  await page.getByRole('heading', { level: 1, name: 'Safeguarding supervision' }).waitFor();
}

/** After a reload the app opens locked: unlocks it with the test passphrase. */
export async function unlock(page: Page): Promise<void> {
  await page.getByRole('heading', { level: 1, name: 'Unlock' }).waitFor();
  await page.getByLabel('Passphrase', { exact: true }).fill(TEST_PASSPHRASE);
  await page.getByRole('button', { name: 'Unlock' }).click();
}
