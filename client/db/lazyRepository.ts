/**
 * A repository whose code (and the schemas it parses with) loads on its first use, so the
 * app's first screen does not carry the code of every feature. Every repository method is
 * async already, so callers see no difference.
 */
type AsyncRepository = { [method: string]: (...args: never[]) => Promise<unknown> };

export function lazyRepository<T extends AsyncRepository>(load: () => Promise<T>): T {
  let loading: Promise<T> | null = null;
  return new Proxy({} as T, {
    get(_target, method) {
      if (typeof method !== 'string') return undefined;
      return async (...args: unknown[]) => {
        // A failed load (a chunk not reached) is tried again on the next call, not cached.
        loading ??= load().catch((error: unknown) => {
          loading = null;
          throw error;
        });
        const repository = await loading;
        const call = repository[method] as ((...a: unknown[]) => Promise<unknown>) | undefined;
        if (typeof call !== 'function') throw new Error(`No repository method ${method}`);
        return call(...args);
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
