/**
 * A repository whose code loads on first use (client/db/lazyRepository.ts), called from a live
 * query (as the screens' useLiveQuery do) before its code has arrived: the query must still observe
 * the tables the repository reads, or it never runs again when they change (the schedule screen kept
 * "No frequency has been set yet." after saving one).
 */
import 'fake-indexeddb/auto';
import Dexie, { liveQuery, type Table } from 'dexie';
import { describe, expect, it } from 'vitest';
import { lazyRepository } from '../../client/db/lazyRepository.ts';

/** The platform's promise, as a dynamic import gives (inside a live query, `Promise` may be Dexie's own). */
const NativePromise = Promise;

describe('lazyRepository in a live query', () => {
  it('a live query that first calls it while its code loads still sees the changes to what it reads', async () => {
    const db = new Dexie(`lazy-live-${crypto.randomUUID()}`) as Dexie & { people: Table<{ id: string }, string>; notes: Table<{ id: string; text: string }, string> };
    db.version(1).stores({ people: 'id', notes: 'id' });
    // The code arrives after a timer, as a chunk does: later than the microtasks a live query's zone survives.
    const notes = lazyRepository(() => new NativePromise<{ all: () => Promise<string[]> }>((resolve) => setTimeout(() => resolve({ all: async () => (await db.notes.toArray()).map((note) => note.text) }), 20)));
    const seen: string[][] = [];
    // As the screens do: a table read at once, then the lazily loaded repository's.
    const subscription = liveQuery(async () => {
      await db.people.toArray();
      return notes.all();
    }).subscribe((value) => seen.push(value));
    try {
      await expect.poll(() => seen.length).toBe(1);
      expect(seen[0]).toEqual([]);
      await db.notes.add({ id: 'n1', text: 'first' });
      await expect.poll(() => seen.at(-1)).toEqual(['first']);
    } finally {
      subscription.unsubscribe();
      db.close();
    }
  });
});
