/**
 * A repository whose code (and the schemas it parses with) loads on its first use, so the
 * app's first screen does not carry the code of every feature. Every repository method is
 * async already, so callers see no difference.
 */
import Dexie from 'dexie';

type AsyncRepository = { [method: string]: (...args: never[]) => Promise<unknown> };

export function lazyRepository<T extends AsyncRepository>(load: () => Promise<T>): T {
  let loading: Promise<T> | null = null;
  return new Proxy({} as T, {
    get(_target, method) {
      if (typeof method !== 'string') return undefined;
      return (...args: unknown[]): Promise<unknown> => {
        // A failed load (a chunk not reached) is tried again on the next call, not cached.
        loading ??= load().catch((error: unknown) => {
          loading = null;
          throw error;
        });
        // Continued through a Dexie promise, in the caller's Dexie zone: a live query that calls
        // this while the code is still loading observes the tables the repository then reads (after
        // a plain await of the load, it would not, and would never run again when they change).
        return Dexie.Promise.resolve(loading).then((repository) => {
          const call = repository[method] as ((...a: unknown[]) => Promise<unknown>) | undefined;
          if (typeof call !== 'function') throw new Error(`No repository method ${method}`);
          return call(...args);
        });
      };
    },
  });
}

/** Runs `load` once, on first use, and shares the result. */
export function once<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | null = null;
  return () =>
    (loading ??= load().catch((error: unknown) => {
      loading = null;
      throw error;
    }));
}
