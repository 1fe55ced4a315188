/**
 * What the browser's storage can refuse, and how hard a write is made to last.
 *
 * Quota: a write IndexedDB refuses because the device (or the origin's share of it) is full
 * arrives as a `QuotaExceededError` DOMException, or wrapped: Dexie's `AbortError` /
 * `QuotaExceededError` with the browser's error `inner`, or a transaction's abort whose `error`
 * is the quota error. Every one of them aborts its transaction, so nothing of that save is
 * written; `isQuotaError` recognises them all so the screens can say so in words.
 *
 * Durability: browsers commit IndexedDB transactions "relaxed" by default (acknowledged once
 * the operating system has the write, before it reaches the disk). Autosave stays relaxed (it is
 * written again on the next change); signing, sealing and restore are made `strict` (the commit
 * waits for the disk) by running them inside `strictly`: the durability middleware below asks
 * IndexedDB for a strict transaction whenever one is opened from inside it. Dexie carries the
 * marker in its own zone (Dexie.Promise.PSD) from the call to the transaction it opens, so the
 * transaction must be asked for before `strictly`'s work awaits anything else.
 */
import Dexie, { type DBCore, type Middleware } from 'dexie';
import { createValueStore, type ReadableStore } from '../app/valueStore.ts';

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

function named(error: unknown): { name?: unknown; inner?: unknown; error?: unknown; cause?: unknown } | null {
  return typeof error === 'object' && error !== null ? (error as { name?: unknown }) : null;
}

/** Whether a failed write was refused because storage is full (directly, or wrapped by Dexie or a transaction's abort). */
export function isQuotaError(error: unknown, depth = 0): boolean {
  const e = named(error);
  if (!e || depth > 4) return false;
  if (e.name === 'QuotaExceededError') return true;
  // A legacy code some browsers still give a quota DOMException under another name.
  if (error instanceof DOMException && error.code === 22) return true;
  return [e.inner, e.error, e.cause].some((inner) => inner !== error && isQuotaError(inner, depth + 1));
}

/** How full the origin's storage is, from `navigator.storage.estimate()`; null when the browser cannot say. */
export type StorageEstimateResult = { usage: number; quota: number; freeShare: number };

/** Below this share of the quota left, the home and security screens warn. */
export const LOW_STORAGE_SHARE = 0.1;

export async function estimateStorage(storage: Pick<StorageManager, 'estimate'> | undefined = globalThis.navigator?.storage): Promise<StorageEstimateResult | null> {
  if (!storage || typeof storage.estimate !== 'function') return null;
  try {
    const { usage, quota } = await storage.estimate();
    if (typeof usage !== 'number' || typeof quota !== 'number' || quota <= 0) return null;
    return { usage, quota, freeShare: Math.max(0, quota - usage) / quota };
  } catch {
    return null;
  }
}

/** What the home and security screens say about space: nothing, running low, or a write refused for it. */
export type StorageState = { kind: 'ok' } | { kind: 'low'; freeShare: number } | { kind: 'full' };

/** At most one estimate in this long (the estimate is cheap, but saves come at every keystroke). */
export const STORAGE_CHECK_EVERY_MS = 3 * 60_000;

export function createStorageWatch(options: { storage?: Pick<StorageManager, 'estimate'> | undefined; now?: () => number } = {}) {
  const state = createValueStore<StorageState>({ kind: 'ok' });
  const now = options.now ?? (() => Date.now());
  let lastCheck = -Infinity;
  let running: Promise<void> | null = null;
  async function check(): Promise<void> {
    const estimate = await estimateStorage('storage' in options ? options.storage : globalThis.navigator?.storage);
    if (!estimate) return;
    // A refused write stays "full" until an estimate shows room again.
    if (estimate.freeShare < LOW_STORAGE_SHARE) state.set({ kind: 'low', freeShare: estimate.freeShare });
    else state.set({ kind: 'ok' });
  }
  return {
    state: state as ReadableStore<StorageState>,
    /** Asks for an estimate unless one was asked for within STORAGE_CHECK_EVERY_MS (`force`: at once). */
    check(force = false): Promise<void> {
      if (running) return running;
      if (!force && now() - lastCheck < STORAGE_CHECK_EVERY_MS) return Promise.resolve();
      lastCheck = now();
      running = check().finally(() => (running = null));
      return running;
    },
    /** A write was refused for quota. */
    full(): void {
      state.set({ kind: 'full' });
    },
  };
}

/** The app's one watch over this device's storage (the save path reports to it; the home and security screens show it). */
export const storageWatch = createStorageWatch();
