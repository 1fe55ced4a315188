// The lock screen is the first screen: it must paint before the records' code loads (ARCHITECTURE.md,
// "the lock screen is the first screen"). Dexie, xstate, zod and the cipher load once its form is
// painted; a static import that pulls one of them into the entry made the first screen's
// JavaScript 77.8 → 111.8 kB gzip (the saver, imported by the lock, imported Dexie for durability).
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
  visit(join(repoRoot, 'client/main.tsx'), []);
  return reached;
}

describe('the first screen', () => {
  it('loads none of the records’ libraries before the lock is painted', () => {
    const graph = staticGraph(join(repoRoot, 'client/main.tsx'));
    const pulled = heavy.filter((name) => graph.has(`package:${name}`)).map((name) => `${name} via ${graph.get(`package:${name}`)?.join(' > ')}`);
    expect(pulled).toEqual([]);
    // The walk itself reaches the lock's own modules (it would pass vacuously if it read nothing).
    expect([...graph.keys()].some((file) => file.endsWith('client/app/LockGate.tsx'))).toBe(true);
    expect(graph.has('package:react')).toBe(true);
  });
});
