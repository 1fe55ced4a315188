/**
 * How hard a write is made to last. Browsers commit IndexedDB transactions "relaxed" by default
 * (acknowledged once the operating system has the write, before it reaches the disk). Autosave
 * stays relaxed (it is written again on the next change); signing, sealing and restore are made
 * `strict` (the commit waits for the disk) by running them inside `strictly`: the durability
 * middleware below asks IndexedDB for a strict transaction whenever one is opened from inside it.
 * Dexie carries the marker in its own zone (Dexie.Promise.PSD) from the call to the transaction it
 * opens, so the transaction must be asked for before `strictly`'s work awaits anything else.
 * Apart from storageFaults.ts because it needs Dexie, which the lock screen must not load.
 */
import Dexie, { type DBCore, type Middleware } from 'dexie';

const STRICT = 'appStrictDurability';
type Zone = Record<string, unknown>;
/** Dexie's zone API (public on Dexie.Promise, though not in its type declarations). */
const zones = Dexie.Promise as unknown as { PSD: Zone; newPSD<T>(work: () => T, props: Zone): T };

/** Runs `work` with every IndexedDB transaction it opens (synchronously, or through Dexie's own promises) committed strictly. */
export function strictly<T>(work: () => Promise<T>): Promise<T> {
  return Promise.resolve(zones.newPSD(work, { [STRICT]: true }));
}

/** `strictly` when `strict` (a document being sealed), else the work as it is (relaxed). */
export function strictlyIf<T>(strict: boolean, work: () => Promise<T>): Promise<T> {
  return strict ? strictly(work) : work();
}

/** Whether the code running now is inside `strictly`. */
export function inStrictZone(): boolean {
  return zones.PSD[STRICT] === true;
}

/** The options for a native transaction opened outside Dexie (restore's bulk write). */
export const STRICT_TRANSACTION: IDBTransactionOptions = { durability: 'strict' };

/** Opens strict transactions inside `strictly`, the browser's default everywhere else. */
export function durabilityMiddleware(): Middleware<DBCore> {
  return {
    stack: 'dbcore',
    name: 'durability',
    create(down) {
      return {
        ...down,
        transaction(stores, mode, options) {
          return down.transaction(stores, mode, inStrictZone() && mode === 'readwrite' ? { ...options, durability: 'strict' } : options);
        },
      };
    },
  };
}
