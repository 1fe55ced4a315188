/**
 * The floor for saving an answer: a bare IndexedDB put of a row the size of the app's sealed row
 * that made the answer durable, in the same page, right after the app's own saves were timed
 * (issue 8: the app's commit p95 may be at most 3× this put's p95).
 *
 * That row is the one bench.ts's commit probe kept: the row put in the first transaction to commit
 * the last text typed, as it went to IndexedDB (sealed by the app): the session's snapshot
 * envelope with the record inside, { sessionId, savedAt, sealed: { v, iv, ct } }. (Until
 * 2026-11-22 the answer became durable only with the session row, which was read back raw and
 * sized instead.) Its size is what a structured clone of it holds: the byteLength of every
 * Uint8Array plus the UTF-8 byte length of every string (keys and values), 8 bytes for every
 * number. The bare row has the same shape and the same sizes: the same strings and numbers, with
 * fresh random bytes in place of each Uint8Array for every sample (as each save writes a fresh IV
 * and ciphertext, which do not compress).
 *
 * The bare database ("bench-bare", one object store whose inbound key is the row's own key field,
 * `sessionId`) is opened once. Each sample puts the row under the same key (the app overwrites
 * its row too) in its own readwrite transaction (default durability, as the app's) and is timed
 * from performance.now() at the put call to the timeStamp of the transaction's 'complete' event
 * (as the app's commits are). Samples are
 * paced as the app's are (an animation frame, then a task), with the same warm-up and sample
 * count.
 */
import type { Page } from 'playwright-core';
import { z } from 'zod';
import { summarise, type Summary } from './common.ts';

type BareArgs = { samples: number; warmup: number };

const $BareRun = z.object({
  rowBytes: z.number(),
  shape: z.string(),
  uint8ArrayBytes: z.number(),
  stringBytes: z.number(),
  times: z.array(z.number()),
  durability: z.string(),
});

async function runBarePuts(args: BareArgs): Promise<z.input<typeof $BareRun>> {
  const openDb = (name: string, upgrade?: (db: IDBDatabase) => void): Promise<IDBDatabase> =>
    new Promise((resolve, reject) => {
      const request = upgrade ? indexedDB.open(name, 1) : indexedDB.open(name);
      if (upgrade) request.onupgradeneeded = () => upgrade(request.result);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
  const raw = (window as unknown as { __benchCommit?: { durableRow?: unknown } }).__benchCommit?.durableRow;
  if (typeof raw !== 'object' || raw === null) throw new Error('The commit probe kept no row');
  const keyPath = 'sessionId';
  if (!(keyPath in raw)) throw new Error(`The row has no ${keyPath}`);

  const encoder = new TextEncoder();
  let uint8ArrayBytes = 0;
  let stringBytes = 0;
  let numberBytes = 0;
  // The row's shape, with a maker for a copy holding fresh random bytes.
  type Maker = () => unknown;
  const describe = (value: unknown): { shape: string; make: Maker } => {
    if (value instanceof Uint8Array) {
      const length = value.byteLength;
      uint8ArrayBytes += length;
      return {
        shape: `u8[${length}]`,
        make: () => {
          const bytes = new Uint8Array(length);
          for (let at = 0; at < length; at += 65_536) crypto.getRandomValues(bytes.subarray(at, Math.min(at + 65_536, length)));
          return bytes;
        },
      };
    }
    if (typeof value === 'string') {
      stringBytes += encoder.encode(value).byteLength;
      return { shape: `str[${value.length}]`, make: () => value };
    }
    if (typeof value === 'number') {
      numberBytes += 8;
      return { shape: 'num', make: () => value };
    }
    if (Array.isArray(value)) {
      const items = value.map(describe);
      return { shape: `[${items.map((i) => i.shape).join(',')}]`, make: () => items.map((i) => i.make()) };
    }
    if (typeof value === 'object' && value !== null) {
      const entries = Object.entries(value).map(([name, item]) => {
        stringBytes += encoder.encode(name).byteLength;
        return [name, describe(item)] as const;
      });
      return {
        shape: `{${entries.map(([name, item]) => `${name}:${item.shape}`).join(',')}}`,
        make: () => Object.fromEntries(entries.map(([name, item]) => [name, item.make()])),
      };
    }
    return { shape: typeof value, make: () => value };
  };
  const { shape, make } = describe(raw);

  const deleted = indexedDB.deleteDatabase('bench-bare');
  await new Promise((resolve) => {
    deleted.onsuccess = resolve;
    deleted.onerror = resolve;
  });
  const bare = await openDb('bench-bare', (db) => db.createObjectStore('rows', { keyPath }));
  const nextFrame = () => new Promise<void>((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  const times: number[] = [];
  let durability = '';
  for (let i = 0; i < args.warmup + args.samples; i++) {
    await nextFrame();
    const row = make() as Record<string, unknown>;
    const tx = bare.transaction('rows', 'readwrite');
    const done = new Promise<number>((resolve, reject) => {
      tx.oncomplete = (event) => resolve(event.timeStamp);
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error);
    });
    const start = performance.now();
    tx.objectStore('rows').put(row);
    const end = await done;
    durability = tx.durability;
    if (i >= args.warmup) times.push(end - start);
  }
  bare.close();
  return { rowBytes: uint8ArrayBytes + stringBytes + numberBytes, shape, uint8ArrayBytes, stringBytes, times, durability };
}

export interface BarePutResult {
  /** Bytes of the app's sealed row that made the last answer durable, as measured above. */
  rowBytes: number;
  uint8ArrayBytes: number;
  stringBytes: number;
  shape: string;
  durability: string;
  putMs: Summary;
  raw: number[];
}

/** Times bare puts of a row shaped and sized as the one bench.ts's commit probe kept in `page`. */
export async function measureBarePut(page: Page, options: { samples: number; warmup: number }): Promise<BarePutResult> {
  const run = $BareRun.parse(await page.evaluate(runBarePuts, options));
  return {
    rowBytes: run.rowBytes,
    uint8ArrayBytes: run.uint8ArrayBytes,
    stringBytes: run.stringBytes,
    shape: run.shape,
    durability: run.durability,
    putMs: summarise(run.times),
    raw: run.times,
  };
}
