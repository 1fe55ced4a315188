/**
 * The shape of a value from outside (a file, a message, a saved snapshot), checked without
 * recursion before it reaches code that recurses: JSON.stringify, canonical JSON, structured
 * clone. A value nested past MAX_JSON_DEPTH would overflow the stack there (an uncaught
 * RangeError, issue 17); a key that names the prototype could reach it further on.
 */

/**
 * The deepest nesting accepted. The app's own deepest value (a backup version 1 file: the file,
 * its tables, a session row, its template, a section, a field, its options) is under 20.
 */
export const MAX_JSON_DEPTH = 64;

const forbiddenKeys: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

export type ShapeProblem = 'too-deep' | 'forbidden-key';

/** What is wrong with the value's shape, or null: one walk with a stack of its own. */
export function shapeProblem(value: unknown, maxDepth = MAX_JSON_DEPTH): ShapeProblem | null {
  const pending: Array<[unknown, number]> = [[value, 1]];
  while (pending.length > 0) {
    const [next, depth] = pending.pop()!;
    if (typeof next !== 'object' || next === null) continue;
    if (depth > maxDepth) return 'too-deep';
    if (Array.isArray(next)) {
      for (const item of next) if (typeof item === 'object' && item !== null) pending.push([item, depth + 1]);
      continue;
    }
    for (const key of Object.keys(next)) {
      if (forbiddenKeys.has(key)) return 'forbidden-key';
      const item = (next as Record<string, unknown>)[key];
      if (typeof item === 'object' && item !== null) pending.push([item, depth + 1]);
    }
  }
  return null;
}
