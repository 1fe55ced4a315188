/**
 * The life of a live document on its screen, the same for every kind (kinds.ts): load what was
 * saved, restore the actor from it (or rebuild it), save every change — to the actor, to the
 * child actor it has invoked and to any companion — through the saver (saver.ts: the write at
 * once, the settling write once the typing pauses), flush the last save when the page is hidden,
 * and stop it all when the screen goes. Leaving while a save is still being written (or has
 * failed) asks first: nothing typed is lost. A screen calls `useLiveDocument(kind, id)` and writes
 * no save of its own.
 */
import { useEffect, useState } from 'react';
import { createActor, type AnyStateMachine } from 'xstate';
import { useServices } from '../app/services.tsx';
import type { LiveKind } from './kind.ts';
import { liveKinds, type ActorOf, type LiveKindName, type StoredOf } from './kinds.ts';
import { createSaver, createStatusStore, followActor, saveDocument, type SaveStatusStore } from './saver.ts';

export type Loaded<TValue> = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'ready'; value: TValue; notice: string | null };

/** An open live document: what was stored, and its running actor. */
export type LiveDocument<K extends LiveKindName> = { stored: StoredOf<K>; actor: ActorOf<K> };

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function useLiveDocument<K extends LiveKindName>(name: K, id: string): { loaded: Loaded<LiveDocument<K>>; status: SaveStatusStore; retry: (() => void) | null } {
  const { repositories, now } = useServices();
  const [loaded, setLoaded] = useState<Loaded<LiveDocument<K>>>({ kind: 'loading' });
  // Outside React state: a keystroke's save re-renders what shows the status, not this screen.
  const [status] = useState(() => createStatusStore());
  const [retry, setRetry] = useState<(() => void) | null>(null);

  // Leaving while a save is still being written (or has failed) asks first: nothing typed is lost.
  // One listener for the screen's life, asking only then (not added and removed on every save).
  useEffect(() => {
    const warn = (event: BeforeUnloadEvent) => {
      const kind = status.get().kind;
      if (kind === 'saving' || kind === 'error') event.preventDefault();
    };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [status]);

  useEffect(() => {
    let cancelled = false;
    let stop = () => undefined as void;
    (async () => {
      // The table's kinds differ in what they store and write: here each is one kind, run alike.
      const kind = (await liveKinds[name]()) as unknown as LiveKind<StoredOf<K>, AnyStateMachine, unknown>;
      const { stored, envelope } = await kind.load(repositories, id);
      const machine = kind.machine(stored);
      const restored = kind.restore(stored, envelope, machine);
      const actor = createActor(machine, { snapshot: restored.snapshot, input: restored.input });
      const saver = createSaver(saveDocument(kind, repositories, stored, actor), status.set, now);
      // Every change to the actor, to the child running in it, or to a companion is saved as it happens.
      const unfollow = followActor(saver, actor, {
        childId: kind.childId,
        companions: kind.companions?.(stored),
        onError: (message) => status.set({ kind: 'error', message }),
      });
      actor.start();
      const flushOnHide = () => void saver.flush();
      window.addEventListener('pagehide', flushOnHide);
      stop = () => {
        window.removeEventListener('pagehide', flushOnHide);
        // Leaving the screen: what waits for a pause is written now, for the screens that read it.
        void saver.flush();
        unfollow();
        actor.stop();
      };
      if (cancelled) return stop();
      setRetry(() => () => void saver.schedule());
      setLoaded({ kind: 'ready', value: { stored, actor: actor as unknown as ActorOf<K> }, notice: restored.notice });
    })().catch((error: unknown) => {
      if (!cancelled) setLoaded({ kind: 'error', message: messageOf(error) });
    });
    return () => {
      cancelled = true;
      stop();
    };
  }, [repositories, name, id, now]);

  return { loaded, status, retry };
}
