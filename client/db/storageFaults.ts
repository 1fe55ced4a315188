/**
 * What the browser's storage can refuse (how hard a write is made to last is durability.ts).
 *
 * Quota: a write IndexedDB refuses because the device (or the origin's share of it) is full
 * arrives as a `QuotaExceededError` DOMException, or wrapped: Dexie's `AbortError` /
 * `QuotaExceededError` with the browser's error `inner`, or a transaction's abort whose `error`
 * is the quota error. Every one of them aborts its transaction, so nothing of that save is
 * written; `isQuotaError` recognises them all so the screens can say so in words.
 */
import { createValueStore, type ReadableStore } from '../app/valueStore.ts';

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
