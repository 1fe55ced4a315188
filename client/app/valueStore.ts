/**
 * A value held outside React state, for what many parts of a screen follow but few show: those
 * that show it subscribe (useSyncExternalStore, or their own subscription), and a change
 * re-renders only them.
 */
export interface ReadableStore<T> {
  get(): T;
  /** Returns the unsubscribe function. */
  subscribe(listener: () => void): () => void;
}

export interface ValueStore<T> extends ReadableStore<T> {
  set(value: T): void;
}

export function createValueStore<T>(initial: T): ValueStore<T> {
  let current = initial;
  const listeners = new Set<() => void>();
  return {
    get: () => current,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    set(value) {
      current = value;
      for (const listener of [...listeners]) listener();
    },
  };
}
