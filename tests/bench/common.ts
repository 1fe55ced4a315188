/** Helpers shared by the bench's measurements (tests/bench/bench.ts and the files it calls). */
import { serve } from '@hono/node-server';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import type { BrowserContext, Page } from 'playwright-core';
import { copy } from '../../client/content/copy.ts';
import { createApp } from '../../server/app.ts';

/**
 * tsx (esbuild keepNames) wraps named functions in __name(...); functions serialised into the
 * page by Playwright need that helper there. Add it as the first init script of each context.
 */
/**
 * The bench's builds make the app's phase measures (client/perf/phases.ts; backup:… in the
 * backup and restore figures); the production build compiles them away.
 */
export const benchDefine = { __BENCH_PHASES__: 'true' };

export const nameShim = 'globalThis.__name = globalThis.__name || ((fn) => fn);';

export interface Summary {
  median: number;
  p95: number;
  min: number;
  max: number;
  n: number;
}

/** Median, and p95 by nearest rank. */
export function summarise(values: readonly number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  if (n === 0) throw new Error('No samples');
  const mid = Math.floor(n / 2);
  const median = n % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { median, p95: sorted[Math.ceil(0.95 * n) - 1]!, min: sorted[0]!, max: sorted[n - 1]!, n };
}

export interface Served {
  baseUrl: string;
  close: () => Promise<void>;
}

/** Listens with node-server on 127.0.0.1 (`listenOn` 0: a free port). */
export async function listen(fetch: (request: Request) => Response | Promise<Response>, listenOn = 0): Promise<Served> {
  const server = serve({ fetch, hostname: '127.0.0.1', port: listenOn });
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    close: async () => {
      // Keep-alive connections (a browser's, autocannon's) would otherwise hold close() open.
      if ('closeAllConnections' in server) server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Serves a built folder with the real server (its security headers and caching) on 127.0.0.1. */
export function serveDir(staticRoot: string, listenOn = 0): Promise<Served> {
  return listen(createApp({ staticRoot }).fetch, listenOn);
}

/** Requests any bench context made to a host off this machine (reported by the bench). */
export const offMachine: string[] = [];

/**
 * Records, without routing, requests off this machine: interception would add latency to every
 * request being timed.
 */
export function recordOffMachine(context: BrowserContext): void {
  context.on('request', (request) => {
    const { protocol, hostname } = new URL(request.url());
    if ((protocol === 'http:' || protocol === 'https:') && hostname !== '127.0.0.1') offMachine.push(request.url());
  });
}

// ---------------------------------------------------------------------------------------
// Steps through the app's screens, shared by the measurements.

export const conversation = (page: Page) => page.getByRole('region', { name: 'Conversation' });

export async function stepHeading(page: Page, text: string): Promise<void> {
  await conversation(page).getByRole('heading', { level: 2, name: text, exact: true }).waitFor();
}

export async function next(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Continue', exact: true }).click();
}

/**
 * Through the UI: the passphrase set on first use (or the app already unlocked), a supervisee
 * "Val Visitor" added, a Derby session begun; stops at its first step.
 */
export async function beginDerbySession(page: Page, baseUrl: string, device: { passphrase: string } | 'unlocked'): Promise<void> {
  await page.goto(`${baseUrl}/#/`);
  if (device !== 'unlocked') {
    await page.getByLabel('Passphrase', { exact: true }).fill(device.passphrase);
    await page.getByLabel('Type the passphrase again').fill(device.passphrase);
    await page.getByRole('button', { name: 'Set the passphrase' }).click();
    await page.getByRole('heading', { level: 1, name: 'Safeguarding supervision' }).waitFor();
  }
  await page.getByRole('button', { name: 'Start a supervision session' }).click();
  await page.getByRole('heading', { name: 'Start a supervision session', level: 1 }).waitFor();
  if (device === 'unlocked') {
    // Supervisees may already be on the device: adding one is then behind its disclosure.
    if (!(await page.getByLabel('Full name', { exact: true }).isVisible())) await page.locator('summary', { hasText: copy.start.addPerson }).click();
  }
  await page.getByLabel('Full name', { exact: true }).fill('Val Visitor');
  await page.getByLabel('Role', { exact: true }).fill('Health Visitor');
  await page.getByRole('button', { name: 'Add supervisee' }).click();
  await page.getByRole('radio', { name: 'Val Visitor' }).waitFor();
  await page.getByLabel('Supervisor’s full name').fill('Sam Supervisor');
  await page.getByLabel('Supervisor’s role').fill('Named Nurse');
  await page.getByRole('radio', { name: /Derby and Derbyshire ICB/ }).check();
  await page.getByRole('radio', { name: 'Safeguarding Supervision', exact: true }).check();
  await page.getByLabel('Date of the supervision').fill('2026-11-20');
  await page.getByRole('button', { name: 'Begin the session' }).click();
  await stepHeading(page, 'Review of previous supervision / 1:1 session');
}
