/**
 * Hostile payloads for the property-based tests of every import boundary (issue 17): random
 * values, and mutations of a real valid payload (a backup, a share, a snapshot, a template).
 * A mutation picks a place in the value (any object, array or leaf, found without recursion) and
 * drops a key, duplicates an array item, renames a key, swaps a value for one of another type,
 * nests it deeply, inflates a number or an array, or changes one character of a string.
 *
 * Runs are kept small (NUM_RUNS, or PROPERTY_RUNS from the environment for a longer search);
 * fast-check prints the seed and the shrunk counterexample of a failure, and `{ seed, path }`
 * in the test's fc.assert options replays it.
 */
import fc from 'fast-check';

/** Runs per property: the whole property suite stays well under a minute on two cores. */
export const NUM_RUNS = Number(process.env['PROPERTY_RUNS'] ?? 60);
/** Runs for a property whose every run seals or opens a file (PBKDF2 at 2,000 rounds, IndexedDB). */
export const SLOW_RUNS = Math.max(5, Math.round(NUM_RUNS / 4));

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Path = (string | number)[];

/** A value nested `depth` levels deep in arrays or objects, built without recursion. */
export function nested(depth: number, inner: unknown = 1, kind: 'array' | 'object' = 'array'): unknown {
  let value = inner;
  for (let i = 0; i < depth; i++) value = kind === 'array' ? [value] : { a: value };
  return value;
}

/** Its JSON text, built without JSON.stringify (which recurses and would overflow first). */
export function nestedText(depth: number, inner = '1', kind: 'array' | 'object' = 'array'): string {
  return kind === 'array' ? `${'['.repeat(depth)}${inner}${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}${inner}${'}'.repeat(depth)}`;
}

/**
 * The places in a JSON value (objects, arrays and leaves) by path, root first, down to 100 levels
 * (a value a mutation already nested deeply is not walked to its bottom: each path is a copy).
 */
export function pathsOf(value: unknown): Path[] {
  const out: Path[] = [];
  const pending: [unknown, Path][] = [[value, []]];
  while (pending.length > 0) {
    const [next, path] = pending.pop()!;
    out.push(path);
    if (path.length >= 100) continue;
    if (Array.isArray(next)) next.forEach((item, i) => pending.push([item, [...path, i]]));
    else if (typeof next === 'object' && next !== null) for (const [key, item] of Object.entries(next)) pending.push([item, [...path, key]]);
  }
  return out;
}

/** A deep copy made without recursion (structuredClone overflows the stack at a few thousand levels). */
function clone<T>(value: T): T {
  const copyOf = (item: unknown): unknown => (Array.isArray(item) ? new Array(item.length) : typeof item === 'object' && item !== null ? {} : item);
  const root = copyOf(value);
  const pending: [unknown, unknown][] = [[value, root]];
  while (pending.length > 0) {
    const [from, to] = pending.pop()!;
    if (typeof from !== 'object' || from === null) continue;
    for (const [key, item] of Object.entries(from)) {
      const copy = copyOf(item);
      Object.defineProperty(to, key, { value: copy, enumerable: true, writable: true, configurable: true });
      pending.push([item, copy]);
    }
  }
  return root as T;
}

function at(value: unknown, path: Path): unknown {
  let here = value;
  for (const step of path) here = (here as Record<string | number, unknown>)[step];
  return here;
}

/** A value of another type than most fields expect (the big ones test the checks on sizes). */
export const strangeValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, true, false, 0, -1, 1e308, -1e308, 2 ** 53, '', '__proto__', 'A'.repeat(10_000), [], {}, [[[]]], { constructor: 1 }),
  fc.anything({ maxDepth: 3 }),
  fc.json({ depthSize: 'small' }).map((text) => JSON.parse(text) as unknown),
  fc.integer({ min: 60, max: 5_000 }).map((depth) => nested(depth)),
);

const mutationKinds = ['drop', 'duplicate', 'rename', 'swap', 'nest', 'inflate', 'flip'] as const;
export type Mutation = { kind: (typeof mutationKinds)[number]; place: number; replacement: unknown; depth: number; char: number };

export const mutationArb: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.constantFrom(...mutationKinds),
  place: fc.nat(),
  replacement: strangeValue,
  depth: fc.integer({ min: 60, max: 20_000 }),
  char: fc.nat(),
});

/** The value with one mutation applied (a fresh copy; the original is untouched). */
export function mutate<T>(original: T, mutation: Mutation): unknown {
  const value = clone(original) as unknown;
  const paths = pathsOf(value);
  const path = paths[mutation.place % paths.length]!;
  const parentPath = path.slice(0, -1);
  const key = path[path.length - 1];
  const parent = key === undefined ? undefined : (at(value, parentPath) as Record<string | number, unknown> | unknown[]);
  const target = at(value, path);
  const put = (next: unknown): unknown => {
    if (parent === undefined || key === undefined) return next;
    (parent as Record<string | number, unknown>)[key] = next;
    return value;
  };
  switch (mutation.kind) {
    case 'drop':
      if (parent === undefined || key === undefined) return undefined;
      if (Array.isArray(parent)) parent.splice(Number(key), 1);
      else delete (parent as Record<string, unknown>)[key];
      return value;
    case 'duplicate':
      if (Array.isArray(target)) return put([...target, ...target.slice(0, 1), ...target]);
      if (Array.isArray(parent) && key !== undefined) {
        parent.splice(Number(key), 0, clone(target));
        return value;
      }
      return put([target, target]);
    case 'rename':
      if (parent === undefined || key === undefined || Array.isArray(parent)) return put({ renamed: target });
      delete (parent as Record<string, unknown>)[key];
      (parent as Record<string, unknown>)[`${String(key)}_`] = target;
      return value;
    case 'swap':
      return put(mutation.replacement);
    case 'nest':
      return put(nested(mutation.depth, target, mutation.char % 2 === 0 ? 'array' : 'object'));
    case 'inflate':
      if (typeof target === 'number') return put(mutation.char % 2 === 0 ? target * 1e12 + 1 : -target - 1);
      if (Array.isArray(target)) return put(Array.from({ length: Math.min(5_000, (target.length + 1) * 50) }, (_, i) => target[i % Math.max(1, target.length)] ?? null));
      // Grown to about a megabyte at most: big enough to cross any field's limit, small enough to stay quick.
      if (typeof target === 'string') return put(target.repeat(Math.min(1 + mutation.depth, Math.ceil(1_000_000 / Math.max(1, target.length)))));
      return put({ ...(target as object), ...Object.fromEntries(Array.from({ length: 2_000 }, (_, i) => [`extra${i}`, i])) });
    case 'flip': {
      if (typeof target !== 'string' || target.length === 0) return put(mutation.replacement);
      const i = mutation.char % target.length;
      const flipped = String.fromCharCode(target.charCodeAt(i) ^ (1 + (mutation.depth % 127)));
      return put(target.slice(0, i) + flipped + target.slice(i + 1));
    }
  }
}

/** One to three mutations of a valid payload, applied in turn. */
export function mutated<T>(valid: T): fc.Arbitrary<unknown> {
  return fc.array(mutationArb, { minLength: 1, maxLength: 3 }).map((mutations) => mutations.reduce<unknown>((value, m) => mutate(value, m), valid));
}

/**
 * JSON text of a value, written without recursion (JSON.stringify overflows the stack on the deep
 * nesting a mutation makes). Values JSON cannot hold are written as JSON.stringify would.
 */
export function textOf(value: unknown): string {
  const out: string[] = [];
  const raw = (text: string) => ({ raw: text });
  const pending: unknown[] = [{ value }];
  while (pending.length > 0) {
    const task = pending.pop() as { raw: string } | { value: unknown };
    if ('raw' in task) {
      out.push(task.raw);
      continue;
    }
    const item = task.value;
    if (Array.isArray(item)) {
      pending.push(raw(']'));
      for (let i = item.length - 1; i >= 0; i--) pending.push({ value: item[i] === undefined || typeof item[i] === 'function' || typeof item[i] === 'symbol' ? null : item[i] }, ...(i > 0 ? [raw(',')] : []));
      pending.push(raw('['));
    } else if (typeof item === 'object' && item !== null && !(item instanceof Date) && !('toJSON' in item)) {
      const entries = Object.entries(item).filter(([, v]) => v !== undefined && typeof v !== 'function' && typeof v !== 'symbol');
      pending.push(raw('}'));
      for (let i = entries.length - 1; i >= 0; i--) pending.push({ value: entries[i]![1] }, raw(`${i > 0 ? ',' : ''}${JSON.stringify(entries[i]![0])}:`));
      pending.push(raw('{'));
    } else if (typeof item === 'bigint') out.push(String(item));
    else out.push(JSON.stringify(item) ?? 'null');
  }
  return out.join('');
}

/** Text of any kind: random strings, random JSON, JSON of random values, and deep nesting as text. */
export const hostileText: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.json(),
  fc.anything().map(textOf),
  fc.tuple(fc.integer({ min: 1, max: 200_000 }), fc.constantFrom<'array' | 'object'>('array', 'object')).map(([depth, kind]) => nestedText(depth, '1', kind)),
);

/** A JSON text with one character changed, cut short, or grown: a file damaged on the way. */
export function damagedText(valid: string): fc.Arbitrary<string> {
  return fc.oneof(
    fc.tuple(fc.nat(), fc.integer({ min: 1, max: 127 })).map(([i, x]) => {
      const at = i % valid.length;
      return valid.slice(0, at) + String.fromCharCode(valid.charCodeAt(at) ^ x) + valid.slice(at + 1);
    }),
    fc.nat().map((i) => valid.slice(0, i % valid.length)),
    fc.string({ maxLength: 40 }).map((junk) => valid + junk),
  );
}

/** What every refusal looks like: a typed `{ ok: false }` with a message from the boundary's own messages. */
export function isTypedRefusal(result: unknown, messages: Readonly<Record<string, string>>): boolean {
  if (typeof result !== 'object' || result === null || (result as { ok?: unknown }).ok !== false) return false;
  const { message, reason } = result as { message?: unknown; reason?: unknown };
  if (typeof message !== 'string' || !Object.values(messages).includes(message)) return false;
  return reason === undefined || (typeof reason === 'string' && messages[reason] === message);
}

export type { Json };
