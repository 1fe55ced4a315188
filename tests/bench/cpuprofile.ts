/**
 * Where the time goes: a V8 CPU profile taken through CDP (Profiler.start/stop) summarised by
 * self time, per function and per script. Used by the bench when BENCH_PROFILE=1 (profiles are
 * then written to .bench/*.cpuprofile, which Chromium's DevTools opens), never while timing a
 * budgeted sample: the profiler slows the page.
 */
import { writeFileSync } from 'node:fs';
import type { CDPSession } from 'playwright-core';
import { z } from 'zod';

const $CallFrame = z.object({ functionName: z.string(), url: z.string(), lineNumber: z.number(), columnNumber: z.number() });
const $Profile = z.looseObject({
  nodes: z.array(z.looseObject({ id: z.number(), callFrame: $CallFrame, children: z.array(z.number()).optional() })),
  startTime: z.number(),
  endTime: z.number(),
  samples: z.array(z.number()).optional(),
  timeDeltas: z.array(z.number()).optional(),
});
export type CpuProfile = z.infer<typeof $Profile>;

export interface SelfTime {
  name: string;
  ms: number;
  share: number;
}

export interface ProfileSummary {
  totalMs: number;
  functions: SelfTime[];
  scripts: SelfTime[];
}

export async function startProfile(cdp: CDPSession, intervalUs = 200): Promise<void> {
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: intervalUs });
  await cdp.send('Profiler.start');
}

export async function stopProfile(cdp: CDPSession): Promise<CpuProfile> {
  const { profile } = z.object({ profile: $Profile }).parse(await cdp.send('Profiler.stop'));
  await cdp.send('Profiler.disable');
  return profile;
}

const shortUrl = (url: string) => (url === '' ? '(native)' : (url.split('/').pop() ?? url));

/** Self time by function (name, script, line) and by script, largest first; idle excluded. */
export function summariseProfile(profile: CpuProfile, top = 15): ProfileSummary {
  const byId = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  const functions = new Map<string, number>();
  const scripts = new Map<string, number>();
  let total = 0;
  // A sample's time is the delta to the next sample.
  for (let i = 0; i < samples.length; i++) {
    const frame = byId.get(samples[i]!);
    const us = deltas[i + 1] ?? 0;
    if (!frame || frame.functionName === '(idle)') continue;
    total += us;
    const name = `${frame.functionName || '(anonymous)'} ${shortUrl(frame.url)}${frame.url ? `:${frame.lineNumber + 1}:${frame.columnNumber + 1}` : ''}`;
    functions.set(name, (functions.get(name) ?? 0) + us);
    const script = frame.url ? shortUrl(frame.url) : frame.functionName;
    scripts.set(script, (scripts.get(script) ?? 0) + us);
  }
  const rank = (map: Map<string, number>): SelfTime[] =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, us]) => ({ name, ms: us / 1000, share: total === 0 ? 0 : us / total }));
  return { totalMs: total / 1000, functions: rank(functions), scripts: rank(scripts) };
}

export function writeProfile(file: string, profile: CpuProfile): void {
  writeFileSync(file, JSON.stringify(profile));
}

export function printSummary(title: string, summary: ProfileSummary, log: (line: string) => void): void {
  log(`${title}: ${summary.totalMs.toFixed(0)} ms of CPU (idle excluded). By script: ${summary.scripts.map((s) => `${s.name} ${s.ms.toFixed(0)} ms`).join(', ')}`);
  for (const f of summary.functions) log(`  ${f.ms.toFixed(1).padStart(8)} ms ${(f.share * 100).toFixed(1).padStart(5)}%  ${f.name}`);
}

/**
 * Line ranges of the modules in an unminified Rolldown chunk: each module's code follows a
 * comment line naming it (`// client/db/db.ts`, `// node_modules/zod/v4/core/core.js`).
 */
export function modulesOf(source: string): { line: number; module: string }[] {
  const starts: { line: number; module: string }[] = [];
  source.split('\n').forEach((text, index) => {
    const match = /^\/\/ ((?:\0|\.\.\/|node_modules\/|client\/|machines\/|tests\/)\S*)$/.exec(text);
    if (match?.[1]) starts.push({ line: index, module: match[1].replace('\0', '') });
  });
  return starts;
}

/**
 * Self time attributed to the app's own modules: each sample goes to the innermost frame on its
 * stack whose code is in one of `isOwn`'s modules (a module's top-level code counts, as does a
 * library it calls: zod building a schema at import is charged to the module declaring it).
 * Samples with no such frame go to the module of their leaf frame, or to the native category.
 * `sources` maps script URLs to their text (unminified, so the module comments are there).
 */
export function attributeToModules(profile: CpuProfile, sources: Map<string, string>, isOwn: (module: string) => boolean, top = 20): SelfTime[] {
  const ranges = new Map([...sources.entries()].map(([url, text]) => [url, modulesOf(text)]));
  const moduleAt = (url: string, line: number): string | null => {
    const starts = ranges.get(url);
    if (!starts) return null;
    let found: string | null = null;
    for (const start of starts) {
      if (start.line > line) break;
      found = start.module;
    }
    return found;
  };
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const byId = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const owner = new Map<number, string>();
  const ownerOf = (id: number): string => {
    const cached = owner.get(id);
    if (cached !== undefined) return cached;
    let leaf: string | null = null;
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const frame = byId.get(at);
      if (!frame) break;
      const module = frame.url ? moduleAt(frame.url, frame.lineNumber) : null;
      if (leaf === null) leaf = module ?? (frame.url ? shortUrl(frame.url) : frame.functionName || '(native)');
      if (module && isOwn(module)) {
        owner.set(id, module);
        return module;
      }
    }
    const result = `${leaf ?? '(unknown)'} (no app frame)`;
    owner.set(id, result);
    return result;
  };
  const totals = new Map<string, number>();
  let total = 0;
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  for (let i = 0; i < samples.length; i++) {
    const id = samples[i]!;
    if (byId.get(id)?.functionName === '(idle)') continue;
    const us = deltas[i + 1] ?? 0;
    total += us;
    const name = ownerOf(id);
    totals.set(name, (totals.get(name) ?? 0) + us);
  }
  return [...totals.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([name, us]) => ({ name, ms: us / 1000, share: total === 0 ? 0 : us / total }));
}

/** The profile cut at the first sample inside `functionName` (a marker the page calls). */
export function cutAt(profile: CpuProfile, functionName: string): CpuProfile {
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const byId = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const samples = profile.samples ?? [];
  const inside = (id: number) => {
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) if (byId.get(at)?.functionName === functionName) return true;
    return false;
  };
  const end = samples.findIndex(inside);
  if (end < 0) return profile;
  return { ...profile, samples: samples.slice(0, end), timeDeltas: (profile.timeDeltas ?? []).slice(0, end + 1) };
}
