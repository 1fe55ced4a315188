/**
 * Measurements with the full dataset present (tests/bench/profile.ts seeds it once). Each run
 * works on a copy of the seeded profile, so what a run adds (a session, a restored backup) never
 * reaches the cached one.
 *
 * Screens are timed inside the page: performance.now() when the route's hash is set, then a
 * MutationObserver stamps the moment the screen's content is in the DOM (a given number of
 * elements matching a selector), and the next animation frame after it ("first render").
 */
import { cpSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { openProfile, type SeededProfile } from './profile.ts';

export interface RouteTiming {
  /** From setting the hash to the content in the DOM. */
  domMs: number;
  /** Same, to the next animation frame (painted). */
  frameMs: number;
}

type ProbeArgs = { hash: string; selector: string; count: number; timeoutMs: number };

/** In the page: navigate by hash and time until `count` elements match `selector`. */
function timeRoute(args: ProbeArgs): Promise<RouteTiming> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const done = () => document.querySelectorAll(args.selector).length >= args.count;
    const timer = window.setTimeout(() => {
      observer.disconnect();
      reject(new Error(`${args.hash}: ${args.selector} ×${args.count} not shown within ${args.timeoutMs} ms`));
    }, args.timeoutMs);
    const observer = new MutationObserver(() => {
      if (!done()) return;
      observer.disconnect();
      window.clearTimeout(timer);
      const domAt = performance.now();
      requestAnimationFrame(() => resolve({ domMs: domAt - start, frameMs: performance.now() - start }));
    });
    observer.observe(document, { childList: true, subtree: true, attributes: true, characterData: true });
    window.location.hash = args.hash;
  });
}

/** Times a screen `samples` times, going home in between (so each render is a fresh mount). */
export async function timeScreen(page: Page, target: { hash: string; selector: string; count: number }, samples: number): Promise<RouteTiming[]> {
  const timings: RouteTiming[] = [];
  for (let i = 0; i < samples + 1; i++) {
    await page.evaluate(() => (window.location.hash = '#/'));
    await page.getByRole('heading', { level: 1, name: 'Safeguarding supervision' }).waitFor();
    await page.waitForTimeout(300);
    const timing = await page.evaluate(timeRoute, { ...target, timeoutMs: 120_000 });
    if (i > 0) timings.push(timing); // the first is a warm-up (code chunks loading)
  }
  return timings;
}

/** A working copy of the seeded profile for this run. */
export function runProfile(seeded: SeededProfile, dir: string): string {
  rmSync(dir, { recursive: true, force: true });
  cpSync(seeded.dir, dir, { recursive: true });
  for (const lock of ['SingletonLock', 'SingletonCookie', 'SingletonSocket']) rmSync(join(dir, lock), { force: true });
  // The seeding page registered the service worker of the build it ran on; without this, its
  // precache would serve that build's code instead of the one being measured.
  for (const cached of ['Service Worker', 'Cache', 'Code Cache']) rmSync(join(dir, 'Default', cached), { recursive: true, force: true });
  return dir;
}

export async function unlock(page: Page, passphrase: string): Promise<void> {
  // A copied profile has no lock hint (localStorage): the first-use form shows until the look at
  // the vault answers, and it has a "Passphrase" field too. Typing into it, then clicking the
  // Unlock form's button once it replaced it, sent an empty passphrase ("not right").
  await page.getByRole('button', { name: 'Unlock' }).waitFor({ timeout: 60_000 });
  await page.getByLabel('Passphrase', { exact: true }).fill(passphrase);
  await page.getByRole('button', { name: 'Unlock' }).click();
  await page.getByRole('heading', { level: 1, name: 'Safeguarding supervision' }).waitFor({ timeout: 60_000 });
}

export { openProfile };

/** In the page: types `query` into the search field at once and times until results are shown. */
function timeSearch(args: { query: string; timeoutMs: number }): Promise<RouteTiming> {
  return new Promise((resolve, reject) => {
    const input = document.getElementById('search-case');
    const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set;
    if (!(input instanceof HTMLInputElement) || !setValue) return reject(new Error('No search field'));
    const summary = document.getElementById('search-summary');
    const before = summary?.textContent ?? '';
    const done = () => document.querySelectorAll('[data-testid="search-result"]').length > 0 && (summary?.textContent ?? '') !== before;
    const timer = window.setTimeout(() => reject(new Error(`No results for ${args.query}`)), args.timeoutMs);
    const observer = new MutationObserver(() => {
      if (!done()) return;
      observer.disconnect();
      window.clearTimeout(timer);
      const domAt = performance.now();
      requestAnimationFrame(() => resolve({ domMs: domAt - start, frameMs: performance.now() - start }));
    });
    observer.observe(document.body, { childList: true, subtree: true, characterData: true });
    const start = performance.now();
    setValue.call(input, args.query);
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

/** Opens the search screen (timed to its field) and times `samples` searches, clearing between them. */
export async function timeSearches(page: Page, queries: readonly string[]): Promise<{ open: RouteTiming; searches: RouteTiming[] }> {
  await page.evaluate(() => (window.location.hash = '#/'));
  await page.getByRole('heading', { level: 1, name: 'Safeguarding supervision' }).waitFor();
  const open = await page.evaluate(timeRoute, { hash: '#/search', selector: '#search-case', count: 1, timeoutMs: 300_000 });
  const searches: RouteTiming[] = [];
  for (const query of queries) {
    await page.getByLabel('Child or family').fill('');
    await page.waitForTimeout(100);
    searches.push(await page.evaluate(timeSearch, { query, timeoutMs: 30_000 }));
  }
  return { open, searches };
}
