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
import { createValueStore, type ReadableStore, type ValueStore } from '../app/valueStore.ts';
import { isQuotaError, storageWatch } from '../db/storageFaults.ts';

/** `quota`: the write was refused because storage is full (nothing of it was written; the change is still in memory). */
export type SaveStatus = { kind: 'idle' } | { kind: 'saving' } | { kind: 'saved'; at: Date } | { kind: 'error'; message: string; quota?: boolean };

/**
 * How saving is going, for the screen: held outside React so that a keystroke's save re-renders
 * only what shows the status (useSaveStatus), not the screen that owns the saver.
 */
export type SaveStatusStore = ReadableStore<SaveStatus>;

export function createStatusStore(initial: SaveStatus = { kind: 'idle' }): ValueStore<SaveStatus> {
  return createValueStore(initial);
}

/** The rest of a save's work, done once the changes pause (see the top of this file). */
export type Later = () => Promise<void>;

/** Quiet time after the last change before a save's `Later` runs. */
export const SETTLE_AFTER_MS = 400;
/** While changes go on, a `Later` waits no longer than this. */
export const SETTLE_AT_MOST_MS = 5000;

/** Every saver with work running or waiting: locking flushes them all, so nothing typed is lost. */
const busySavers = new Set<{ flush(): Promise<void> }>();

/** Every saver whose latest save failed (what it holds is not on the device yet). */
const failingSavers = new Set<object>();

/** Whether a live document's latest change is not saved (its latest save failed). */
export function anySaveFailing(): boolean {
  return failingSavers.size > 0;
}

/** Resolves when every save running or waiting now (and any it coalesces) has been written or has failed. */
export async function whenAllSaved(): Promise<void> {
  while (busySavers.size > 0) await Promise.allSettled([...busySavers].map((saver) => saver.flush()));
}

export function createSaver(save: () => Promise<void | Later>, onStatus: (status: SaveStatus) => void, now: () => Date = () => new Date()) {
  /** The save (or the `Later`) being written; one at a time. */
  let running: Promise<void> | null = null;
  /** A change came while something was being written: the latest state is saved after it. */
  let pending = false;
  /** The latest save's `Later`, waiting for the changes to pause. */
  let later: Later | null = null;
  let quietTimer: ReturnType<typeof setTimeout> | undefined;
  /** When the waiting `Later` is run even if the changes go on. */
  let settleBy: number | null = null;

  function fail(error: unknown) {
    failingSavers.add(saver);
    const message = error instanceof Error ? error.message : String(error);
    if (!isQuotaError(error)) return onStatus({ kind: 'error', message });
    // Storage is full: the transaction was aborted (nothing of it written), the change stays in
    // the actor and on screen, and the next change or "Try saving again" writes it again.
    storageWatch.full();
    onStatus({ kind: 'error', message, quota: true });
  }

  /** Runs `work` as the one thing being written; a change meanwhile is saved after it. */
  function start(work: () => Promise<void>): Promise<void> {
    const started = work()
      .catch(fail)
      .finally(() => {
        running = null;
        if (pending) void saver.schedule();
        else if (later) armLater();
        else {
          settleBy = null;
          busySavers.delete(saver);
        }
      });
    running = started;
    busySavers.add(saver);
    return started;
  }

  /** Saves the latest state; again while changes came meanwhile. The write is asked for at once. */
  async function saveLatest(): Promise<void> {
    pending = false;
    // The write is asked for first (a save starts its write before it awaits anything), and only
    // then is anyone told that it is saving.
    const saving = save();
    onStatus({ kind: 'saving' });
    // The latest save's `Later` replaces the one waiting; a save that leaves none has written everything.
    later = (await saving) ?? null;
    while (pending) {
      pending = false;
      later = (await save()) ?? null;
    }
    failingSavers.delete(saver);
    onStatus({ kind: 'saved', at: now() });
    // How much room is left, now and then (at most every few minutes).
    void storageWatch.check();
  }

  function armLater() {
    clearTimeout(quietTimer);
    settleBy ??= Date.now() + SETTLE_AT_MOST_MS;
    quietTimer = setTimeout(settle, Math.max(0, Math.min(SETTLE_AFTER_MS, settleBy - Date.now())));
  }

  /** Runs the waiting `Later` now (unless something is being written: it is armed again after that). */
  function settle() {
    clearTimeout(quietTimer);
    if (running || !later) return;
    const work = later;
    later = null;
    settleBy = null;
    void start(work);
  }

  const saver = {
    schedule(): Promise<void> {
      if (running) {
        pending = true;
        return running;
      }
      clearTimeout(quietTimer);
      return start(saveLatest);
    },
    /** Resolves when everything scheduled so far has been written (or has failed), its `Later` included, run at once. */
    async flush(): Promise<void> {
      for (;;) {
        if (running) await running;
        else if (later) settle();
        else return;
      }
    },
  };
  return saver;
}

/** What a live document's save needs of its kind (kind.ts): the state taken once, its writes. */
type DocumentWrites<TStored, TActor, TState, TRepositories> = {
  capture: (actor: TActor, stored: TStored) => TState;
  write: (repositories: TRepositories, stored: TStored, state: TState) => Promise<void>;
  settle?: (repositories: TRepositories, stored: TStored, state: TState) => Later | null;
};

/**
 * A live document's save: the state taken once, written at once through the kind's `write` (asked
 * for before anything is awaited, within the change's task), and the kind's `settle` for the same
 * state handed back as the `Later`.
 */
export function saveDocument<TStored, TActor, TState, TRepositories>(
  kind: DocumentWrites<TStored, TActor, TState, TRepositories>,
  repositories: TRepositories,
  stored: TStored,
  actor: TActor,
): () => Promise<void | Later> {
  return async () => {
    const state = kind.capture(actor, stored);
    await kind.write(repositories, stored, state);
    return kind.settle?.(repositories, stored, state) ?? undefined;
  };
}

type Subscription = { unsubscribe: () => void };
/** An actor as the saver follows it (no XState loaded here: the lock screen imports this module). */
type Followed = {
  subscribe: (observer: { next: (snapshot: { children?: unknown }) => void; error: (error: unknown) => void }) => Subscription;
};
type Watched = { subscribe: (next: () => void) => Subscription };

/**
 * Saves every change to `actor`, to the child it has invoked under `childId` (followed as it comes
 * and goes), and to each companion; an error in the actor is shown as the save status. Returns
 * what stops following.
 */
export function followActor(
  saver: { schedule(): Promise<void> },
  actor: Followed,
  options: { childId?: string; companions?: readonly Watched[]; onError: (message: string) => void },
): () => void {
  let childSubscription: Subscription | null = null;
  let watched: unknown = null;
  const subscription = actor.subscribe({
    next: (snapshot) => {
      if (options.childId) {
        const child = (snapshot.children as Record<string, Watched | undefined> | undefined)?.[options.childId];
        if (child !== watched) {
          childSubscription?.unsubscribe();
          watched = child;
          childSubscription = child ? child.subscribe(() => void saver.schedule()) : null;
        }
      }
      void saver.schedule();
    },
    error: (error) => options.onError(error instanceof Error ? error.message : String(error)),
  });
  const companions = (options.companions ?? []).map((companion) => companion.subscribe(() => void saver.schedule()));
  return () => {
    subscription.unsubscribe();
    childSubscription?.unsubscribe();
    for (const s of companions) s.unsubscribe();
  };
}
