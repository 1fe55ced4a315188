/**
 * Where the time goes, for the measurements that miss their budget: `node --import tsx
 * tests/bench/where.ts [coldstart] [typing] [save]` (all three by default). Not timed, not
 * budgeted: CPU profiles (CDP Profiler, 100 µs sampling) of builds made for reading them.
 *
 * The app and the empty React page are built unminified and with Rolldown's
 * strictExecutionOrder (each module's top-level code in its own function) into
 * .bench/analysis-dist/ and .bench/analysis-empty-dist/, so a profile's frames name functions
 * and every line maps to the module it came from (the `// path` comments Rolldown writes in
 * unminified chunks). Each profile is summarised twice: by self time per function, and by the
 * app module on whose behalf the time was spent (the innermost frame on the stack in client/ or
 * machines/: zod building a schema at import is charged to the module declaring it).
 *
 * - coldstart: 3 fresh-context loads of each page, CPU throttled 4×, the profile cut where an
 *   init script's MutationObserver finds the prompt usable (it calls a marker function then).
 * - typing: the 300-answer session (seeded at this origin, as the bench does), 60 keys at each
 *   place, 150 ms apart.
 * - save: a new Derby session begun through the UI, 100 keys typed at its issues step (the
 *   bench's save-an-answer place), 150 ms apart.
 *
 * Profiles are written to .bench/where-*.cpuprofile (DevTools opens them).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, CDPSession, Page } from 'playwright-core';
import { build } from 'vite';
import { launchBrowser } from '../e2e/browser.ts';
import { buildEmptyPage } from './coldstart.ts';
import { beginDerbySession, nameShim, recordOffMachine, serveDir } from './common.ts';
import { attributeToModules, cutAt, startProfile, stopProfile, summariseProfile, writeProfile, type CpuProfile, type SelfTime } from './cpuprofile.ts';
import { openProfile } from './profile.ts';
import { caseStageField, freeTextField, openSession, profileDir, seedSession, startNewCase, typedText } from './typing.ts';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const appDir = join(repoRoot, '.bench', 'analysis-dist');
const emptyDir = join(repoRoot, '.bench', 'analysis-empty-dist');
const passphrase = 'four unrelated words for the bench';
const analysisBuild = { minify: false, rolldownOptions: { checks: { bundlerTimings: false }, output: { strictExecutionOrder: true } } } as const;
const isOwn = (module: string) => module.startsWith('client/') || module.startsWith('machines/') || module.startsWith('tests/');

async function buildForReading(): Promise<void> {
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ configFile: join(repoRoot, 'vite.config.ts'), mode: 'production', logLevel: 'warn', build: { outDir: appDir, emptyOutDir: true, ...analysisBuild } });
    await buildEmptyPage(emptyDir, analysisBuild);
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
}

/** Script URLs of a profile mapped to their text in the built folder served at `baseUrl`. */
function sourcesOf(profile: CpuProfile, baseUrl: string, dir: string): Map<string, string> {
  const sources = new Map<string, string>();
  for (const node of profile.nodes) {
    const { url } = node.callFrame;
    if (!url.startsWith(baseUrl) || sources.has(url)) continue;
    try {
      sources.set(url, readFileSync(join(dir, decodeURIComponent(new URL(url).pathname)), 'utf8'));
    } catch {
      // not a built file
    }
  }
  return sources;
}

function print(title: string, profiles: CpuProfile[], baseUrl: string, dir: string): void {
  const merged = new Map<string, { modules: number; functions: number }>();
  const add = (list: SelfTime[], kind: 'modules' | 'functions') => {
    for (const item of list) {
      const entry = merged.get(`${kind}\t${item.name}`) ?? { modules: 0, functions: 0 };
      entry[kind] += item.ms / profiles.length;
      merged.set(`${kind}\t${item.name}`, entry);
    }
  };
  let total = 0;
  for (const profile of profiles) {
    const summary = summariseProfile(profile, 25);
    total += summary.totalMs / profiles.length;
    add(summary.functions, 'functions');
    add(attributeToModules(profile, sourcesOf(profile, baseUrl, dir), isOwn, 25), 'modules');
  }
  const ranked = (kind: 'modules' | 'functions') =>
    [...merged.entries()]
      .filter(([key]) => key.startsWith(`${kind}\t`))
      .map(([key, value]) => ({ name: key.slice(kind.length + 1), ms: value[kind] }))
      .sort((a, b) => b.ms - a.ms)
      .slice(0, 18);
  console.log(`\n${title}: ${total.toFixed(0)} ms of CPU on average (idle excluded), ${profiles.length} profile(s)`);
  console.log('  by app module on whose behalf (innermost client/ or machines/ frame):');
  for (const item of ranked('modules')) console.log(`    ${item.ms.toFixed(1).padStart(8)} ms  ${item.name}`);
  console.log('  by function, self time:');
  for (const item of ranked('functions')) console.log(`    ${item.ms.toFixed(1).padStart(8)} ms  ${item.name}`);
}

type MarkerWindow = Window & { __benchUsable?: boolean };

/** The prompt probe of coldstart.ts, calling a marker function (to cut the profile) when usable. */
function installMarkerProbe(inputId: string): void {
  function benchPromptUsableMarker(): void {
    const until = performance.now() + 3;
    while (performance.now() < until) {
      // spin so the profiler samples the marker
    }
  }
  const observer = new MutationObserver(() => {
    const input = document.getElementById(inputId);
    if (!(input instanceof HTMLInputElement) || !input.checkVisibility() || !input.labels?.[0]?.textContent?.trim()) return;
    observer.disconnect();
    benchPromptUsableMarker();
    (window as MarkerWindow).__benchUsable = true;
  });
  observer.observe(document, { childList: true, subtree: true, attributes: true });
}

async function coldProfile(browser: Browser, url: string, inputId: string): Promise<CpuProfile> {
  const context = await browser.newContext();
  recordOffMachine(context);
  try {
    await context.addInitScript({ content: nameShim });
    await context.addInitScript(installMarkerProbe, inputId);
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    await startProfile(cdp, 100);
    await page.goto(url, { waitUntil: 'commit' });
    await page.waitForFunction(() => (window as MarkerWindow).__benchUsable === true, undefined, { timeout: 60_000 });
    return cutAt(await stopProfile(cdp), 'benchPromptUsableMarker');
  } finally {
    await context.close();
  }
}

async function typeProfiled(page: Page, cdp: CDPSession, selector: string, keys: number): Promise<CpuProfile> {
  await page.locator(selector).focus();
  await page.keyboard.press('Control+End');
  await startProfile(cdp, 100);
  for (let i = 0; i < keys; i++) {
    const sentAt = Date.now();
    await page.keyboard.type(typedText[i % typedText.length] ?? 'x');
    const wait = 150 - (Date.now() - sentAt);
    if (wait > 0) await page.waitForTimeout(wait);
  }
  await page.waitForTimeout(300);
  return stopProfile(cdp);
}

async function main(): Promise<void> {
  const wanted = new Set(process.argv.slice(2));
  const run = (name: string) => wanted.size === 0 || wanted.has(name);
  console.log('Building the app and the empty page unminified, one function per module…');
  await buildForReading();
  const app = await serveDir(appDir);
  const empty = await serveDir(emptyDir);
  const browser = await launchBrowser();
  try {
    if (run('coldstart')) {
      const appProfiles: CpuProfile[] = [];
      const emptyProfiles: CpuProfile[] = [];
      for (let i = 0; i < 3; i++) {
        appProfiles.push(await coldProfile(browser, `${app.baseUrl}/#/`, 'lock-passphrase'));
        emptyProfiles.push(await coldProfile(browser, `${empty.baseUrl}/`, 'empty-input'));
      }
      writeProfile(join(repoRoot, '.bench', 'where-coldstart-app.cpuprofile'), appProfiles[0]!);
      writeProfile(join(repoRoot, '.bench', 'where-coldstart-empty.cpuprofile'), emptyProfiles[0]!);
      print('Cold start, app, CPU 4×, navigation to the usable prompt', appProfiles, app.baseUrl, appDir);
      print('Cold start, empty React page, CPU 4×, navigation to the usable prompt', emptyProfiles, empty.baseUrl, emptyDir);
    }
    if (run('save')) {
      const context = await browser.newContext();
      recordOffMachine(context);
      try {
        await context.addInitScript({ content: nameShim });
        const page = await context.newPage();
        await beginDerbySession(page, app.baseUrl, { passphrase });
        await page.getByRole('button', { name: 'Continue', exact: true }).click();
        const cdp = await context.newCDPSession(page);
        const profile = await typeProfiled(page, cdp, '#answer-issues-or-concerns', 100);
        writeProfile(join(repoRoot, '.bench', 'where-save.cpuprofile'), profile);
        print('Saving answers: 100 keys at the issues step of a new session', [profile], app.baseUrl, appDir);
      } finally {
        await context.close();
      }
    }
    if (run('typing')) {
      const seeded = await seedSession(app.baseUrl, passphrase);
      const context = await openProfile(profileDir);
      recordOffMachine(context);
      try {
        await context.addInitScript({ content: nameShim });
        const page = await openSession(context, app.baseUrl, seeded.sessionId, passphrase);
        const cdp = await context.newCDPSession(page);
        const freeText = await typeProfiled(page, cdp, freeTextField, 60);
        writeProfile(join(repoRoot, '.bench', 'where-typing-free-text.cpuprofile'), freeText);
        print('Typing with 300 answers held: 60 keys at "Any other business"', [freeText], app.baseUrl, appDir);
        await startNewCase(page);
        const caseStage = await typeProfiled(page, cdp, caseStageField, 60);
        writeProfile(join(repoRoot, '.bench', 'where-typing-case-stage.cpuprofile'), caseStage);
        print('Typing with 300 answers held: 60 keys at a 75th case\u2019s Experience stage', [caseStage], app.baseUrl, appDir);
      } finally {
        await context.close();
      }
    }
  } finally {
    await browser.close();
    await app.close();
    await empty.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
