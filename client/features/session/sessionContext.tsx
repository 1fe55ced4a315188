/** The live session actor and its template, for the steps of the conversation. */
import { createContext, startTransition, useContext, useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { useSelector } from '@xstate/react';
import type { Actor, ActorRefFrom, SnapshotFrom } from 'xstate';
import type { ReflectiveModelV1 } from '../../../machines/model/reflectiveModel.ts';
import type { RecordTemplateV1, SectionV1 } from '../../../machines/model/template.ts';
import type { SessionMachine } from '../../../machines/session/session.machine.ts';
import type { caseCycleMachine } from '../../../machines/cycle/cycle.machine.ts';
import type { CaseDiscussionV1, SessionContentV1 } from '../../../machines/model/record.ts';
import type { TextSource } from '../../components/TextArea.tsx';
import { createStatusStore, type SaveStatus, type SaveStatusStore } from '../../live/saver.ts';
import { copy } from '../../content/copy.ts';

export type SessionActor = Actor<SessionMachine>;
export type SessionSnapshot = SnapshotFrom<SessionMachine>;
export type CycleActor = ActorRefFrom<typeof caseCycleMachine>;

export type SessionValue = {
  actor: SessionActor;
  template: RecordTemplateV1;
  sections: readonly SectionV1[];
  /** The reflective models this session's cases may use: its saved copies and every model on this device. */
  models: readonly ReflectiveModelV1[];
  newId: () => string;
  now: () => Date;
};

export const SessionContext = createContext<SessionValue | null>(null);

/** How the last save went: the sealed record is offered only once it is safely written. */
export const SaveStatusContext = createContext<SaveStatusStore>(createStatusStore());

/** The save status of the screen's saver, re-rendering only the caller as it changes. */
export function useSaveStatus(): SaveStatus {
  const store = useContext(SaveStatusContext);
  return useSyncExternalStore(store.subscribe, store.get);
}

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession is used outside a session');
  return value;
}

export function useSessionSelector<T>(selector: (snapshot: SessionSnapshot) => T, compare?: (a: T, b: T) => boolean): T {
  const { actor } = useSession();
  return useSelector(actor, selector, compare);
}

/**
 * A text of the session's record as a bound field reads it (TextArea's `TextSource`): typing
 * into the field re-renders nothing. `key` names the text (`read` is taken once per key).
 */
export function useSessionText(key: string, read: (content: SessionContentV1) => string | undefined): TextSource {
  const { actor } = useSession();
  // `read` is what `key` names: the source is made again only for another key (or actor).
  return useMemo(
    () => ({
      get: () => read(actor.getSnapshot().context) ?? '',
      subscribe(onChange: () => void) {
        const subscription = actor.subscribe(onChange);
        return () => subscription.unsubscribe();
      },
    }),
    [actor, key],
  );
}

/** The section the agenda is on, and its sub-state (e.g. a case being discussed). */
export function agendaPosition(snapshot: SessionSnapshot): { sectionId: string; sub: string | null } {
  const agenda = (snapshot.value as { agenda: string | Record<string, string> }).agenda;
  if (typeof agenda === 'string') return { sectionId: agenda, sub: null };
  const [sectionId, sub] = Object.entries(agenda)[0] ?? ['', null];
  return { sectionId, sub };
}

export function cycleActorOf(snapshot: SessionSnapshot): CycleActor | undefined {
  return (snapshot.children as { cycle?: CycleActor }).cycle;
}

/** The record as it stands, with the case being discussed merged in so the preview shows it forming. */
export function liveContent(content: SessionContentV1, discussing: CaseDiscussionV1 | null): SessionContentV1 {
  if (!discussing) return content;
  const cases = content.cases.some((c) => c.id === discussing.id)
    ? content.cases.map((c) => (c.id === discussing.id ? discussing : c))
    : [...content.cases, discussing];
  return { ...content, cases };
}

/** The record with the case still being discussed (its cycle's context, if one is open) merged in. */
export function withOpenCase(content: SessionContentV1, open: CaseDiscussionV1 | undefined): SessionContentV1 {
  if (!open) return content;
  const { id, label, chosenBy, stages, skipped, complete } = open;
  return liveContent(content, { id, label, chosenBy, stages, skipped, complete });
}

/** The case cycle's snapshot, re-rendering as it changes; undefined when no case is open. */
export function useCycleSnapshot(cycle: CycleActor | undefined) {
  return useSyncExternalStore(
    (onChange) => {
      if (!cycle) return () => undefined;
      const subscription = cycle.subscribe(onChange);
      return () => subscription.unsubscribe();
    },
    () => cycle?.getSnapshot(),
  );
}

/** The preview waits for this pause in the changes before it is rebuilt. */
const PREVIEW_AFTER_MS = 150;

/** Runs `work` once the browser is idle (at most `within` ms from now); returns a cancel. */
function whenIdle(work: () => void, within: number): () => void {
  if (typeof requestIdleCallback === 'function') {
    const handle = requestIdleCallback(work, { timeout: within });
    return () => cancelIdleCallback(handle);
  }
  const handle = setTimeout(work, 0);
  return () => clearTimeout(handle);
}

/**
 * The record as it forms, with the case being discussed merged in, for the preview beside the
 * conversation. It is rebuilt once the changes pause (PREVIEW_AFTER_MS), when the browser is idle,
 * at a low priority: while someone types, each keystroke is saved with nothing else in its way,
 * and a burst of typing rebuilds the preview once.
 */
export function useRecordAsItForms(actor: SessionActor): SessionContentV1 {
  const current = () => {
    const snapshot = actor.getSnapshot();
    return withOpenCase(snapshot.context, cycleActorOf(snapshot)?.getSnapshot().context);
  };
  const [content, setContent] = useState(current);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let cancelIdle: (() => void) | null = null;
    const update = () => {
      cancelIdle = null;
      startTransition(() => setContent(current()));
    };
    const change = () => {
      clearTimeout(timer);
      cancelIdle?.();
      cancelIdle = null;
      timer = setTimeout(() => (cancelIdle = whenIdle(update, 200)), PREVIEW_AFTER_MS);
    };
    // The case being discussed is a child actor: its changes are followed too.
    let cycle: CycleActor | undefined;
    let cycleSubscription: { unsubscribe(): void } | null = null;
    const watchCycle = () => {
      const next = cycleActorOf(actor.getSnapshot());
      if (next === cycle) return;
      cycleSubscription?.unsubscribe();
      cycle = next;
      cycleSubscription = next ? next.subscribe(change) : null;
    };
    const subscription = actor.subscribe(() => {
      watchCycle();
      change();
    });
    watchCycle();
    // A change made before this subscribed (the first render reads the actor as it was then).
    if (content !== current()) change();
    return () => {
      subscription.unsubscribe();
      cycleSubscription?.unsubscribe();
      clearTimeout(timer);
      cancelIdle?.();
    };
    // `current` reads only `actor`.
  }, [actor]);
  return content;
}

/** Where in the session the users are, in words, e.g. "Case discussion and reflections — Analysis". */
export function positionLabel(sections: readonly SectionV1[], snapshot: SessionSnapshot, stageTitle: string | null): string {
  const { sectionId } = agendaPosition(snapshot);
  if (sectionId === 'signed') return copy.session.signedPosition;
  const heading = sections.find((s) => s.id === sectionId)?.heading ?? sectionId;
  return stageTitle ? `${heading} — ${stageTitle}` : heading;
}
