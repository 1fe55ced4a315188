// The lock screen is the first screen: it must paint before the records' code loads (ARCHITECTURE.md,
// "the lock screen is the first screen"). Dexie, xstate, zod and the cipher load once its form is
// painted; a static import that pulls one of them into the entry made the first screen's
// JavaScript 77.8 → 111.8 kB gzip (the saver, imported by the lock, imported Dexie for durability).
// Behind the lock, while the passphrase is typed, every screen's code loads (Shell.tsx): none of it
// may evaluate the language analysis (compromise, about 110 ms of one task on a two-core machine),
// which froze the lock screen and put 90 ms on every reload into a session (issue 20).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const heavy = ['dexie', 'dexie-react-hooks', 'xstate', '@xstate/react', 'zod', '@noble/ciphers', 'marked', 'dompurify', 'compromise', 'docx'];

/** Static (not type-only, not dynamic) imports and re-exports of a module. */
function staticImports(source: string): string[] {
  const found: string[] = [];
  for (const match of source.matchAll(/^(?:import|export)\s+(?!type\b)(?:[^;'"]*?\s+from\s+)?['"]([^'"]+)['"]/gm)) found.push(match[1] ?? '');
  return found;
}

/** Every module the entry loads before anything is imported on demand, with the path that reached it. */
function staticGraph(entry: string): Map<string, string[]> {
  const reached = new Map<string, string[]>();
  const visit = (file: string, via: string[]) => {
    if (reached.has(file)) return;
    reached.set(file, via);
    if (!file.startsWith(repoRoot)) return;
    for (const specifier of staticImports(readFileSync(file, 'utf8'))) {
      if (specifier.startsWith('.')) {
        const target = normalize(join(dirname(file), specifier));
        if (existsSync(target)) visit(target, [...via, relative(repoRoot, file)]);
      } else {
        reached.set(`package:${specifier}`, [...via, relative(repoRoot, file)]);
      }
    }
  };
  visit(entry, []);
  return reached;
}

/** The packages of `names` (a package or any of its entry points: `compromise/two`) the graph reaches, with the path. */
function packagesReached(graph: Map<string, string[]>, names: readonly string[]): string[] {
  return [...graph.keys()]
    .filter((key) => key.startsWith('package:') && names.some((name) => key === `package:${name}` || key.startsWith(`package:${name}/`)))
    .map((key) => `${key.slice('package:'.length)} via ${graph.get(key)?.join(' > ')}`);
}

describe('the first screen', () => {
  it('loads none of the records’ libraries before the lock is painted', () => {
    const graph = staticGraph(join(repoRoot, 'client/main.tsx'));
    expect(packagesReached(graph, heavy)).toEqual([]);
    // The walk itself reaches the lock's own modules (it would pass vacuously if it read nothing).
    expect([...graph.keys()].some((file) => file.endsWith('client/app/LockGate.tsx'))).toBe(true);
    expect(graph.has('package:react')).toBe(true);
  });

  it('loads no screen that evaluates the language analysis: compromise is imported when a check runs', () => {
    const routes = readFileSync(join(repoRoot, 'client/app/routes.tsx'), 'utf8');
    const screens = [...routes.matchAll(/import\('(\.\.\/features\/[^']+\.tsx)'\)/g)].map((m) => normalize(join(repoRoot, 'client/app', m[1] ?? '')));
    expect(screens.length).toBeGreaterThan(20);
    const graphs = new Map([join(repoRoot, 'client/app/Shell.tsx'), ...screens].map((entry) => [relative(repoRoot, entry), staticGraph(entry)]));
    const pulled = [...graphs].flatMap(([entry, graph]) => packagesReached(graph, ['compromise']).map((path) => `${entry}: ${path}`));
    expect(pulled).toEqual([]);
    // The walk reaches the group session's machine, which runs the names check.
    expect([...(graphs.get('client/features/group/GroupSessionScreen.tsx')?.keys() ?? [])].some((file) => file.endsWith('machines/review/names.ts'))).toBe(true);
  });
});
