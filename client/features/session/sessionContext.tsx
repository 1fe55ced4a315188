/** The live session actor and its template, for the steps of the conversation. */
import { createContext, useContext, useSyncExternalStore } from 'react';
import { useSelector } from '@xstate/react';
import type { Actor, ActorRefFrom, SnapshotFrom } from 'xstate';
import type { RecordTemplateV1, SectionV1 } from '../../../machines/model/template.ts';
import type { SessionMachine } from '../../../machines/session/session.machine.ts';
import type { caseCycleMachine } from '../../../machines/cycle/cycle.machine.ts';
import type { CaseDiscussionV1, SessionContentV1 } from '../../../machines/model/record.ts';
import type { SaveStatus } from './saver.ts';

export type SessionActor = Actor<SessionMachine>;
export type SessionSnapshot = SnapshotFrom<SessionMachine>;
export type CycleActor = ActorRefFrom<typeof caseCycleMachine>;

export type SessionValue = {
  actor: SessionActor;
  template: RecordTemplateV1;
  sections: readonly SectionV1[];
  newId: () => string;
  now: () => Date;
};

export const SessionContext = createContext<SessionValue | null>(null);

/** How the last save went: the sealed record is offered only once it is safely written. */
export const SaveStatusContext = createContext<SaveStatus>({ kind: 'idle' });

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession is used outside a session');
  return value;
}

export function useSessionSelector<T>(selector: (snapshot: SessionSnapshot) => T, compare?: (a: T, b: T) => boolean): T {
  const { actor } = useSession();
  return useSelector(actor, selector, compare);
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

/** Where in the session the users are, in words, e.g. "Case discussion and reflections — Analysis". */
export function positionLabel(sections: readonly SectionV1[], snapshot: SessionSnapshot, stageTitle: string | null): string {
  const { sectionId } = agendaPosition(snapshot);
  if (sectionId === 'signed') return 'The signed record';
  const heading = sections.find((s) => s.id === sectionId)?.heading ?? sectionId;
  return stageTitle ? `${heading} — ${stageTitle}` : heading;
}
