/** The live group session actor, for the steps of a group session. */
import { createContext, useContext, useSyncExternalStore } from 'react';
import { useSelector } from '@xstate/react';
import type { Actor, ActorRefFrom, SnapshotFrom } from 'xstate';
import type { groupSessionMachine } from '../../../machines/group/groupSession.machine.ts';
import type { consultationMachine } from '../../../machines/group/consultation.machine.ts';
import { copy } from '../../content/copy.ts';

export type GroupSessionActor = Actor<typeof groupSessionMachine>;
export type GroupSessionSnapshot = SnapshotFrom<typeof groupSessionMachine>;
export type ConsultationActor = ActorRefFrom<typeof consultationMachine>;
export type ConsultationSnapshot = SnapshotFrom<typeof consultationMachine>;

export type GroupSessionValue = { actor: GroupSessionActor; newId: () => string; now: () => Date };

export const GroupSessionContext = createContext<GroupSessionValue | null>(null);

export function useGroupSession(): GroupSessionValue {
  const value = useContext(GroupSessionContext);
  if (!value) throw new Error('useGroupSession is used outside a group session');
  return value;
}

export function useGroupSelector<T>(selector: (snapshot: GroupSessionSnapshot) => T, compare?: (a: T, b: T) => boolean): T {
  const { actor } = useGroupSession();
  return useSelector(actor, selector, compare);
}

export const groupSteps = ['register', 'agreement', 'consultations', 'closing'] as const;
export type GroupStep = (typeof groupSteps)[number] | 'closed';

export type GroupPosition = { step: GroupStep; sub: string | null };

/** Where the agenda is: its step, and within the consultations step, choosing or consulting. */
export function groupPosition(snapshot: { value: unknown }): GroupPosition {
  const agenda = (snapshot.value as { agenda: string | Record<string, string> }).agenda;
  if (typeof agenda === 'string') return { step: agenda as GroupStep, sub: null };
  const [step, sub] = Object.entries(agenda)[0] ?? ['register', null];
  return { step: step as GroupStep, sub };
}

export const samePosition = (a: GroupPosition, b: GroupPosition) => a.step === b.step && a.sub === b.sub;

export function isClosed(snapshot: { value: unknown }): boolean {
  return groupPosition(snapshot).step === 'closed';
}

export function consultationActorOf(snapshot: GroupSessionSnapshot): ConsultationActor | undefined {
  return (snapshot.children as { consultation?: ConsultationActor }).consultation;
}

/** The running consultation's snapshot, re-rendering as it changes; undefined when none runs. */
export function useConsultationSnapshot(consultation: ConsultationActor | undefined): ConsultationSnapshot | undefined {
  return useSyncExternalStore(
    (onChange) => {
      if (!consultation) return () => undefined;
      const subscription = consultation.subscribe(onChange);
      return () => subscription.unsubscribe();
    },
    () => consultation?.getSnapshot(),
  );
}

/** The running consultation, if any, and its snapshot. */
export function useRunningConsultation(): { actor: ConsultationActor | undefined; snapshot: ConsultationSnapshot | undefined } {
  const actor = useGroupSelector(consultationActorOf);
  const snapshot = useConsultationSnapshot(actor);
  return { actor, snapshot };
}

export function stepTitle(step: GroupStep): string {
  return copy.group.steps[step];
}
