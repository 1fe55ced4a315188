/**
 * Cold start to the first usable prompt, against an empty React page (issue 8).
 *
 * The baseline (tests/bench/empty/) is one heading and one labelled text input rendered by React
 * 19 with createRoot and StrictMode, as the app renders. It is built in the same run by the same
 * Vite (@vitejs/plugin-react, production mode) into .bench/empty-dist/ and served by the same
 * server (server/app.ts createApp, so the same security headers and caching) on its own port.
 *
 * Each sample is a fresh browser context (empty HTTP cache, so no V8 code cache either; no
 * service worker; empty IndexedDB, so the app shows its first-use screen) with the CPU throttled
 * 4× through CDP (Emulation.setCPUThrottlingRate on the page's session, set before navigating).
 * An init script installs a MutationObserver (childList, subtree, attributes) that stamps
 * performance.now() (milliseconds since the navigation's time origin) at the first mutation after
 * which the prompt is usable: the input (#lock-passphrase, the app's first-use passphrase field;
 * #empty-input on the baseline) is in the DOM, rendered (checkVisibility with visibility and
 * opacity), not disabled, not read-only, not inert, in the tab order, and its <label> is rendered
 * with text. It stamps the next animation frame too (the frame that paints it). Samples alternate
 * app/empty after one unmeasured warm-up load of each; medians are compared as a ratio (app ÷
 * empty), on the animation-frame stamp (budgeted) and on the DOM stamp. After the warm-up loads
 * the bench also checks, outside any timing, that the prompt takes focus and typing.
 *
 * Initial JS of the baseline: the scripts its page requested before the prompt was usable,
 * gzipped from the built files (node:zlib default level), as for the app.
 */
import react from '@vitejs/plugin-react';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { Browser } from 'playwright-core';
import { build } from 'vite';
import { z } from 'zod';
import { nameShim, recordOffMachine, serveDir, summarise, type Summary } from './common.ts';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const emptyRoot = fileURLToPath(new URL('./empty/', import.meta.url));
export const emptyDistDir = join(repoRoot, '.bench', 'empty-dist');

export const coldStartSamples = 15;
export const cpuThrottlingRate = 4;

type PromptTarget = { inputId: string };
type PromptMarks = { domAt: number | null; frameAt: number | null };
type ProbeWindow = Window & { __benchPrompt?: PromptMarks };

const $Loaded = z.object({
  marks: z.object({ domAt: z.number(), frameAt: z.number() }),
  scripts: z.array(z.object({ url: z.string(), startTime: z.number() })),
  navigation: z.object({ responseEnd: z.number(), domContentLoaded: z.number() }),
});

/** In the page, before any of its scripts: stamps when the prompt is usable, then the next frame. */
function installPromptProbe(target: PromptTarget): void {
  const marks: PromptMarks = { domAt: null, frameAt: null };
  (window as ProbeWindow).__benchPrompt = marks;
  const usable = (): boolean => {
    const input = document.getElementById(target.inputId);
    if (!(input instanceof HTMLInputElement) || input.disabled || input.readOnly || input.tabIndex < 0 || input.closest('[inert]')) return false;
    if (!input.checkVisibility({ visibilityProperty: true, opacityProperty: true })) return false;
    const label = input.labels?.[0];
    return label !== undefined && (label.textContent ?? '').trim() !== '' && label.checkVisibility({ visibilityProperty: true, opacityProperty: true });
  };
  const observer = new MutationObserver(() => {
    if (marks.domAt !== null || !usable()) return;
    marks.domAt = performance.now();
    observer.disconnect();
    requestAnimationFrame(() => {
      marks.frameAt = performance.now();
    });
  });
  observer.observe(document, { childList: true, subtree: true, attributes: true });
}

/**
 * Builds the empty React page with the same Vite and React plugin as the app, in production mode.
 * `build` overrides Vite's build options (tests/bench/where.ts builds it unminified).
 */
export async function buildEmptyPage(outDir = emptyDistDir, overrides: { minify?: boolean; rolldownOptions?: { output?: { strictExecutionOrder?: boolean } } } = {}): Promise<void> {
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      configFile: false,
      root: emptyRoot,
      mode: 'production',
      logLevel: 'warn',
      plugins: [react()],
      build: { outDir, emptyOutDir: true, ...overrides },
    });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
}

export interface ColdSample {
  /** Navigation start to the prompt usable in the DOM. */
  domMs: number;
  /** Same, to the next animation frame. */
  frameMs: number;
  responseEndMs: number;
  domContentLoadedMs: number;
}

interface Loaded {
  sample: ColdSample;
  scripts: { url: string; startTime: number }[];
}

async function coldLoad(browser: Browser, url: string, inputId: string, checkTyping: boolean): Promise<Loaded> {
  const context = await browser.newContext();
  try {
    recordOffMachine(context);
    await context.addInitScript({ content: nameShim });
    await context.addInitScript(installPromptProbe, { inputId });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: cpuThrottlingRate });
    await page.goto(url, { waitUntil: 'commit' });
    await page.waitForFunction(() => (window as ProbeWindow).__benchPrompt?.frameAt != null, undefined, { timeout: 60_000 });
    const raw: unknown = await page.evaluate(() => {
      const navigation = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
      return {
        marks: (window as ProbeWindow).__benchPrompt,
        scripts: performance
          .getEntriesByType('resource')
          .filter((entry) => (entry as PerformanceResourceTiming).initiatorType === 'script' || entry.name.endsWith('.js'))
          .map((entry) => ({ url: entry.name, startTime: entry.startTime })),
        navigation: { responseEnd: navigation?.responseEnd ?? Number.NaN, domContentLoaded: navigation?.domContentLoadedEventEnd ?? Number.NaN },
      };
    });
    const loaded = $Loaded.parse(raw);
    if (checkTyping) {
      // Outside the timing: the stamped prompt really takes focus and text.
      const input = page.locator(`#${inputId}`);
      await input.focus();
      await page.keyboard.type('ok');
      if ((await input.inputValue()) !== 'ok') throw new Error(`${url}: #${inputId} did not take typing`);
    }
    await cdp.detach();
    return {
      sample: {
        domMs: loaded.marks.domAt,
        frameMs: loaded.marks.frameAt,
        responseEndMs: loaded.navigation.responseEnd,
        domContentLoadedMs: loaded.navigation.domContentLoaded,
      },
      scripts: loaded.scripts.filter((s) => s.startTime <= loaded.marks.domAt),
    };
  } finally {
    await context.close();
  }
}

export interface ColdStartResult {
  samples: number;
  cpuThrottlingRate: number;
  app: { frameMs: Summary; domMs: Summary; responseEndMs: Summary; domContentLoadedMs: Summary; raw: ColdSample[] };
  empty: { frameMs: Summary; domMs: Summary; responseEndMs: Summary; domContentLoadedMs: Summary; raw: ColdSample[] };
  /** App median ÷ empty median, to the animation frame after the prompt is usable (budgeted). */
  ratio: number;
  /** Same, on the DOM stamp. */
  ratioDom: number;
  emptyInitialJs: { files: { path: string; bytes: number; gzipBytes: number }[]; gzipBytes: number; bytes: number };
}

function summariseSamples(raw: ColdSample[]) {
  return {
    frameMs: summarise(raw.map((s) => s.frameMs)),
    domMs: summarise(raw.map((s) => s.domMs)),
    responseEndMs: summarise(raw.map((s) => s.responseEndMs)),
    domContentLoadedMs: summarise(raw.map((s) => s.domContentLoadedMs)),
    raw,
  };
}

/**
 * Builds and serves the empty page, then times cold loads of the app (at `appUrl`) and of the
 * empty page, alternating, `coldStartSamples` each after one warm-up each.
 */
export async function measureColdStart(browser: Browser, appUrl: string, log: (line: string) => void = () => undefined): Promise<ColdStartResult> {
  await buildEmptyPage();
  const server = await serveDir(emptyDistDir);
  try {
    const emptyUrl = `${server.baseUrl}/`;
    const app = { url: `${appUrl}/#/`, inputId: 'lock-passphrase' };
    const empty = { url: emptyUrl, inputId: 'empty-input' };
    await coldLoad(browser, app.url, app.inputId, true);
    const emptyWarmup = await coldLoad(browser, empty.url, empty.inputId, true);
    const appSamples: ColdSample[] = [];
    const emptySamples: ColdSample[] = [];
    for (let i = 0; i < coldStartSamples; i++) {
      appSamples.push((await coldLoad(browser, app.url, app.inputId, false)).sample);
      emptySamples.push((await coldLoad(browser, empty.url, empty.inputId, false)).sample);
      if ((i + 1) % 5 === 0) log(`  ${i + 1} of ${coldStartSamples} pairs`);
    }
    const files = [...new Set(emptyWarmup.scripts.map((s) => s.url))].map((url) => {
      const path = decodeURIComponent(new URL(url).pathname);
      const file = join(emptyDistDir, path);
      if (!file.startsWith(emptyDistDir) || !existsSync(file)) throw new Error(`Script ${url} is not a file in ${emptyDistDir}`);
      const bytes = readFileSync(file);
      return { path, bytes: bytes.length, gzipBytes: gzipSync(bytes).length };
    });
    const appSummary = summariseSamples(appSamples);
    const emptySummary = summariseSamples(emptySamples);
    return {
      samples: coldStartSamples,
      cpuThrottlingRate,
      app: appSummary,
      empty: emptySummary,
      ratio: appSummary.frameMs.median / emptySummary.frameMs.median,
      ratioDom: appSummary.domMs.median / emptySummary.domMs.median,
      emptyInitialJs: {
        files,
        gzipBytes: files.reduce((sum, f) => sum + f.gzipBytes, 0),
        bytes: files.reduce((sum, f) => sum + f.bytes, 0),
      },
    };
  } finally {
    await server.close();
  }
}
