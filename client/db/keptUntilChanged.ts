/**
 * Counts over a large index (and other figures read from many rows), kept until the table changes. In Chromium an IndexedDB count walks
 * every key in its range: with 20,000 signed records it took 170–440 ms of the database's own
 * time on each visit to the start page, and every screen opened in that moment waited behind it
 * (the dashboard's slow visits, issue 17). A figure is kept per database and per name, and
 * forgotten as soon as Dexie reports any change to one of the tables it reads, from this tab or
 * another (Dexie's `storagemutated`, which it also relays between tabs).
 *
 * Read a count only after the query that is shown beside it has been awaited: Dexie runs the
 * live queries of a change synchronously while it announces it, and the forgetting below runs in
 * that same announcement, so by the time an await resumes a changed figure is never returned.
 *
 * Chromium leaves an index entry behind when a row's indexed value changes (an action done is
 * still under 'open' until the database sweeps it, which it does only once no tab has it open), so
 * counting open actions walked every action a supervisee ever had: 340–740 ms for the dashboard.
 */
import Dexie from 'dexie';

type Kept = { tables: readonly string[]; value: Promise<unknown> };
type Cache = { entries: Map<string, Kept>; version: number; listeners: Set<() => void> };

const caches = new WeakMap<Dexie, Cache>();

function cacheOf(db: Dexie): Cache {
  const found = caches.get(db);
  if (found) return found;
  const cache: Cache = { entries: new Map(), version: 0, listeners: new Set() };
  caches.set(db, cache);
  const prefix = `idb://${db.name}/`;
  Dexie.on('storagemutated', (parts: Record<string, unknown>) => {
    const changed = new Set<string>();
    for (const part of Object.keys(parts)) {
      if (part.startsWith(prefix)) changed.add(part.slice(prefix.length).split('/')[0] ?? '');
    }
    if (changed.size === 0) return;
    let dropped = false;
    for (const [name, kept] of cache.entries) {
      if (kept.tables.some((table) => changed.has(table))) {
        cache.entries.delete(name);
        dropped = true;
      }
    }
    if (!dropped) return;
    cache.version += 1;
    // Told after Dexie's own announcement has run: a screen asks again, and reads afresh.
    queueMicrotask(() => {
      for (const listener of cache.listeners) listener();
    });
  });
  db.on('close', () => cache.entries.clear());
  return cache;
}

/**
 * `read()` once, then its value until one of `tables` changes. A failed read is not kept. `name`
 * says what is read and for whom (one name, one kind of value).
 *
 * A kept figure is read outside Dexie's sight, so a live query that used one is not run again by
 * Dexie when the rows behind it change: a screen showing kept figures also follows
 * `keptFiguresChanges` (client/app/useKeptFigures.ts), whose version moves whenever a kept figure
 * is forgotten.
 */
export function keptUntilChanged<T>(db: Dexie, name: string, tables: readonly string[], read: () => Promise<T>): Promise<T> {
  const cache = cacheOf(db).entries;
  const kept = cache.get(name);
  if (kept) return kept.value as Promise<T>;
  const value = read();
  const entry = { tables, value };
  cache.set(name, entry);
  value.catch(() => {
    if (cache.get(name) === entry) cache.delete(name);
  });
  return value;
}

/** A version that moves whenever a kept figure of this database is forgotten, and a way to be told. */
export function keptFiguresChanges(db: Dexie): { subscribe: (listener: () => void) => () => void; version: () => number } {
  const cache = cacheOf(db);
  return {
    subscribe(listener) {
      cache.listeners.add(listener);
      return () => cache.listeners.delete(listener);
    },
    version: () => cache.version,
  };
}
