/**
 * Saves the session as the users work: every change schedules a save; while one is
 * running, further changes coalesce into one more save of the latest state, so the last
 * thing typed is always the last thing written. Failures are reported, never swallowed.
 *
 * A save may leave the rest of its work for later (a `Later`): it makes the change durable at
 * once, and the rows other screens read are brought up to date once the changes pause
 * (SETTLE_AFTER_MS without one, and at least every SETTLE_AT_MOST_MS while they go on), or at
 * once when the saver is flushed (the page hidden, the screen left, the app locking). Only the
 * latest save's `Later` runs: it writes the latest state. Typing is then one small write a
 * keystroke, with nothing else in its way.
 */
export type SaveStatus = { kind: 'idle' } | { kind: 'saving' } | { kind: 'saved'; at: Date } | { kind: 'error'; message: string };

/**
 * How saving is going, for the screen: held outside React so that a keystroke's save re-renders
 * only what shows the status (useSaveStatus), not the screen that owns the saver.
 */
export interface SaveStatusStore {
  get(): SaveStatus;
  subscribe(listener: () => void): () => void;
}

export function createStatusStore(initial: SaveStatus = { kind: 'idle' }): SaveStatusStore & { set(status: SaveStatus): void } {
  let current = initial;
  const listeners = new Set<() => void>();
  return {
    get: () => current,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    set(status) {
      current = status;
      for (const listener of [...listeners]) listener();
    },
  };
}

/** The rest of a save's work, done once the changes pause (see the top of this file). */
export type Later = () => Promise<void>;

/** Quiet time after the last change before a save's `Later` runs. */
export const SETTLE_AFTER_MS = 400;
/** While changes go on, a `Later` waits no longer than this. */
export const SETTLE_AT_MOST_MS = 5000;

/** Every saver with work running or waiting: locking flushes them all, so nothing typed is lost. */
const busySavers = new Set<{ flush(): Promise<void> }>();

/** Resolves when every save running or waiting now (and any it coalesces) has been written or has failed. */
export async function whenAllSaved(): Promise<void> {
  while (busySavers.size > 0) await Promise.allSettled([...busySavers].map((saver) => saver.flush()));
}

export function createSaver(save: () => Promise<void | Later>, onStatus: (status: SaveStatus) => void, now: () => Date = () => new Date()) {
  let running: Promise<void> | null = null;
  let pending = false;
  /** Wakes a run waiting for the changes to pause: a change came, or the saver is flushed. */
  let wake: (() => void) | null = null;
  let hurry = false;

  /** Resolves after `ms` of quiet, or as soon as a change comes or the saver is flushed. */
  function quiet(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wake = null;
        resolve();
      }
      wake = done;
    });
  }

  /** One save, then one more while changes came meanwhile; the latest save's `Later`, or null. */
  async function saveLatest(): Promise<Later | null> {
    let later: Later | null;
    let first = true;
    do {
      pending = false;
      // The write is asked for first (a save starts its write before it awaits anything), and
      // only then is anyone told that it is saving.
      const saving = save();
      if (first) onStatus({ kind: 'saving' });
      first = false;
      later = (await saving) ?? null;
    } while (pending);
    onStatus({ kind: 'saved', at: now() });
    return later;
  }

  async function run(): Promise<void> {
    try {
      let later = await saveLatest();
      let settleBy = Date.now() + SETTLE_AT_MOST_MS;
      while (later) {
        if (!hurry && !pending) await quiet(Math.max(0, Math.min(SETTLE_AFTER_MS, settleBy - Date.now())));
        if (pending) {
          // Another change: made durable now. Its `Later` replaces the one waiting (a save that
          // leaves none has written everything), and the wait for a pause goes on.
          later = await saveLatest();
          if (!later || (!hurry && Date.now() < settleBy)) continue;
        }
        await later();
        later = null;
        settleBy = Date.now() + SETTLE_AT_MOST_MS;
        if (pending) later = await saveLatest();
      }
    } catch (error) {
      onStatus({ kind: 'error', message: error instanceof Error ? error.message : String(error) });
    } finally {
      running = null;
      hurry = false;
    }
  }

  const saver = {
    schedule(): Promise<void> {
      if (running) {
        pending = true;
        wake?.();
        return running;
      }
      const started = run();
      running = started;
      busySavers.add(saver);
      void started.finally(() => {
        if (!running) busySavers.delete(saver);
      });
      return started;
    },
    /** Resolves when everything scheduled so far has been written (or has failed), its later work included, done at once. */
    async flush(): Promise<void> {
      while (running) {
        hurry = true;
        wake?.();
        await running;
      }
    },
  };
  return saver;
}
