/**
 * Saves the session as the users work: every change schedules a save; while one is
 * running, further changes coalesce into one more save of the latest state, so the last
 * thing typed is always the last thing written. Failures are reported, never swallowed.
 */
export type SaveStatus = { kind: 'idle' } | { kind: 'saving' } | { kind: 'saved'; at: Date } | { kind: 'error'; message: string };

/** Every save running anywhere in the app: locking waits for them, so nothing typed is lost. */
const runningSaves = new Set<Promise<void>>();

/** Resolves when every save running now (and any it coalesces) has been written or has failed. */
export async function whenAllSaved(): Promise<void> {
  while (runningSaves.size > 0) await Promise.allSettled([...runningSaves]);
}

export function createSaver(save: () => Promise<void>, onStatus: (status: SaveStatus) => void, now: () => Date = () => new Date()) {
  let running: Promise<void> | null = null;
  let pending = false;

  async function run(): Promise<void> {
    onStatus({ kind: 'saving' });
    try {
      do {
        pending = false;
        await save();
      } while (pending);
      onStatus({ kind: 'saved', at: now() });
    } catch (error) {
      onStatus({ kind: 'error', message: error instanceof Error ? error.message : String(error) });
    } finally {
      running = null;
    }
  }

  return {
    schedule(): Promise<void> {
      if (running) {
        pending = true;
        return running;
      }
      const started = run();
      running = started;
      runningSaves.add(started);
      void started.finally(() => runningSaves.delete(started));
      return started;
    },
    /** Resolves when everything scheduled so far has been written (or has failed). */
    async flush(): Promise<void> {
      while (running) await running;
    },
  };
}
