/**
 * A live session actor kept on the device, for the one-to-one and group session screens:
 * loads what was saved, restores the actor from it (or rebuilds it), saves every change — to
 * the actor and to the child actor it has invoked — flushes the last save when the page is
 * hidden, and stops it all when the screen goes. Leaving while a save is still being written
 * (or has failed) asks first: nothing typed is lost.
 */
import { useEffect, useState, type DependencyList } from 'react';
import { createActor, type Actor, type AnyActorRef, type AnyStateMachine, type InputFrom, type Snapshot } from 'xstate';
import { createSaver, createStatusStore, type Later, type SaveStatusStore } from './saver.ts';

export type Loaded<TValue> = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'ready'; value: TValue; notice: string | null };

/** The actor to start: its machine, the snapshot to start from and its input, and what to tell the users if it was rebuilt. */
export type RestoredActor<TMachine extends AnyStateMachine> = { machine: TMachine; snapshot: Snapshot<unknown>; input: InputFrom<TMachine>; notice: string | null };

export type PersistedActorOptions<TStored, TMachine extends AnyStateMachine, TValue> = {
  /** What was saved, with its snapshot envelope; throws (with the message to show) when there is nothing. */
  load: () => Promise<{ stored: TStored; envelope: unknown }>;
  restore: (stored: TStored, envelope: unknown) => RestoredActor<TMachine>;
  /** Makes the actor's state durable; may leave the rest for once the changes pause (see saver.ts). */
  save: (stored: TStored, actor: Actor<TMachine>) => Promise<void | Later>;
  /** The id the machine invokes its child under (its key in `snapshot.children`): the child's changes are saved too. */
  childId: string;
  /** The value the screen provides once the actor runs. */
  ready: (stored: TStored, actor: Actor<TMachine>) => TValue;
  /** The clock that dates each save. */
  now: () => Date;
};

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** `deps`: what `options` reads; the actor is opened again when one changes. */
export function usePersistedActor<TStored, TMachine extends AnyStateMachine, TValue>(
  options: PersistedActorOptions<TStored, TMachine, TValue>,
  deps: DependencyList,
): { loaded: Loaded<TValue>; status: SaveStatusStore; retry: (() => void) | null } {
  const [loaded, setLoaded] = useState<Loaded<TValue>>({ kind: 'loading' });
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
      const { load, restore, save, childId, ready, now } = options;
      const { stored, envelope } = await load();
      const restored = restore(stored, envelope);
      const actor = createActor(restored.machine as AnyStateMachine, { snapshot: restored.snapshot, input: restored.input });
      const typed = actor as Actor<TMachine>;
      const saver = createSaver(() => save(stored, typed), status.set, now);
      // Every change to the actor or to the child running in it is saved as it happens.
      let childSubscription: { unsubscribe: () => void } | null = null;
      let watched: unknown = null;
      const subscription = actor.subscribe({
        next: (snapshot) => {
          const child = (snapshot.children as Record<string, AnyActorRef | undefined>)[childId];
          if (child !== watched) {
            childSubscription?.unsubscribe();
            watched = child;
            childSubscription = child ? child.subscribe(() => void saver.schedule()) : null;
          }
          void saver.schedule();
        },
        error: (error) => status.set({ kind: 'error', message: messageOf(error) }),
      });
      actor.start();
      const flushOnHide = () => void saver.flush();
      window.addEventListener('pagehide', flushOnHide);
      stop = () => {
        window.removeEventListener('pagehide', flushOnHide);
        // Leaving the screen: what waits for a pause is written now, for the screens that read it.
        void saver.flush();
        subscription.unsubscribe();
        childSubscription?.unsubscribe();
        actor.stop();
      };
      if (cancelled) return stop();
      setRetry(() => () => void saver.schedule());
      setLoaded({ kind: 'ready', value: ready(stored, typed), notice: restored.notice });
    })().catch((error: unknown) => {
      if (!cancelled) setLoaded({ kind: 'error', message: messageOf(error) });
    });
    return () => {
      cancelled = true;
      stop();
    };
    // `options` is new on every render: what it reads is in `deps`.
  }, deps);

  return { loaded, status, retry };
}
