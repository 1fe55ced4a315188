/**
 * The group session as a live document, as client/live/session.ts is for one-to-one sessions: a
 * versioned envelope validated with zod; a snapshot that does not restore is rebuilt from the
 * record content at the step it had reached (a consultation in progress is kept as far as it was
 * saved, as an incomplete consultation); every change written with the session row; a new session
 * started from XState's pure `initialTransition`.
 */
import { z } from 'zod';
import { initialTransition, type Snapshot } from 'xstate';
import { $ConsultationV1, $GroupSessionContentV1, type GroupMemberV1, type GroupSessionContentV1 } from '../../machines/model/group.ts';
import { $GroupSnapshotEnvelopeV1, groupSessionMachineVersion } from '../../machines/model/envelope.ts';
import { restoresCleanly } from '../../machines/restoresCleanly.ts';
import { groupSessionMachine, registerGaps, type GroupSessionInput } from '../../machines/group/groupSession.machine.ts';
import { loadNamesLanguage } from '../../machines/review/namesLanguage.ts';
import { copy } from '../content/copy.ts';
import type { StoredGroupSession } from '../db/groupRepositories.ts';
import type { Repositories } from '../db/repositories.ts';
import type { Result } from '../db/result.ts';
import type { LiveKind } from './kind.ts';

export { $GroupSnapshotEnvelopeV1, groupEnvelopeOf, groupSessionMachineVersion, type GroupSnapshotEnvelopeV1 } from '../../machines/model/envelope.ts';

export function groupInputOf(content: GroupSessionContentV1): GroupSessionInput {
  return {
    sessionId: content.sessionId,
    groupId: content.groupId,
    groupName: content.groupName,
    date: content.date,
    facilitator: content.facilitator,
    members: content.members,
    previouslyAgreed: content.previouslyAgreed,
    groundRules: content.groundRules,
    vocabulary: content.vocabulary,
  };
}

const $Persisted = z.looseObject({
  status: z.enum(['active', 'done']),
  value: z.looseObject({ agenda: z.union([z.string(), z.record(z.string(), z.string())]) }),
  context: $GroupSessionContentV1,
  children: z.looseObject({}),
});

const $ConsultationInProgress = z.looseObject({
  snapshot: z.looseObject({ children: z.looseObject({ consultation: z.looseObject({ snapshot: z.looseObject({ context: $ConsultationV1.loose() }) }) }) }),
});

export type RestoredGroupSession = { kind: 'restored' | 'rebuilt'; snapshot: Snapshot<unknown>; why?: string };

/** Where a rebuilt session resumes: the furthest step its content shows it reached. */
function stepFor(content: GroupSessionContentV1): string | Record<string, string> {
  if (content.agreement) return { consultations: 'choosing' };
  // Past the register only if its rule holds: a part-marked register is finished first.
  return registerGaps(content).length === 0 ? 'agreement' : 'register';
}

export function restoreGroupSession(content: GroupSessionContentV1, envelope: unknown): RestoredGroupSession {
  const rebuild = (why: string): RestoredGroupSession => {
    const partial = $ConsultationInProgress.safeParse(envelope);
    const inProgress = partial.success ? partial.data.snapshot.children.consultation.snapshot.context : null;
    const consultations =
      inProgress && !content.consultations.some((c) => c.id === inProgress.id)
        ? [...content.consultations, $ConsultationV1.parse({ ...pickConsultation(inProgress), complete: false })]
        : content.consultations;
    const snapshot = groupSessionMachine.resolveState({ value: { agenda: stepFor(content), escalation: 'closed' }, context: { ...content, consultations, refusal: [] } });
    return { kind: 'rebuilt', snapshot, why };
  };
  const parsedEnvelope = $GroupSnapshotEnvelopeV1.safeParse(envelope);
  if (!parsedEnvelope.success) return rebuild('the saved position could not be read');
  if (parsedEnvelope.data.machineVersion !== groupSessionMachineVersion) return rebuild('the app has been updated since this session was saved');
  const persisted = $Persisted.safeParse(parsedEnvelope.data.snapshot);
  if (!persisted.success) return rebuild('the saved position did not match this version of the app');
  const agenda = persisted.data.value.agenda;
  // Mid-consultation without its consultation would be stuck: nothing left to finish.
  if (typeof agenda !== 'string' && agenda['consultations'] === 'consulting' && !('consultation' in persisted.data.children)) {
    return rebuild('the consultation in progress was not saved with the session');
  }
  const snapshot = parsedEnvelope.data.snapshot as Snapshot<unknown>;
  if (!restoresCleanly(groupSessionMachine, snapshot, groupInputOf(content))) return rebuild('the saved position could not be resumed');
  return { kind: 'restored', snapshot };
}

function pickConsultation(context: Record<string, unknown>) {
  const { phaseStartedAt: _s, timerMs: _t, overtime: _o, refusal: _r, ...consultation } = context;
  return consultation;
}

/** Whether the session has been closed (its agenda at `closed`): closing is written strictly, and a closed session is never rewritten. */
function isClosed(snapshot: { value: unknown }): boolean {
  const agenda = (snapshot.value as { agenda?: string | Record<string, string> }).agenda;
  return (typeof agenda === 'string' ? agenda : Object.keys(agenda ?? {})[0]) === 'closed';
}

type GroupState = { content: GroupSessionContentV1; snapshot: Snapshot<unknown>; closed: boolean };

export const groupSessionKind: LiveKind<StoredGroupSession, typeof groupSessionMachine, GroupState> = {
  machine: () => groupSessionMachine,
  load: async (repositories, sessionId) => {
    // The machine checks the themes record for names: its language analysis is loaded with the rows.
    const [stored] = await Promise.all([repositories.groupSessions.get(sessionId), loadNamesLanguage()]);
    if (!stored) throw new Error(copy.group.sessionNotFound);
    return { stored, envelope: await repositories.groupSessions.snapshot(sessionId) };
  },
  // One machine for every group session.
  restore: (stored, envelope) => {
    const restored = restoreGroupSession(stored.content, envelope);
    return {
      snapshot: restored.snapshot,
      input: groupInputOf(stored.content),
      notice: restored.kind === 'rebuilt' ? copy.group.rebuilt(restored.why ?? '') : null,
    };
  },
  capture: (actor) => {
    const snapshot = actor.getSnapshot();
    return { content: snapshot.context, snapshot: actor.getPersistedSnapshot(), closed: isClosed(snapshot) };
  },
  write: (repositories, _stored, { content, snapshot, closed }) => repositories.groupSessions.save(content, snapshot, closed),
  // Every change to the session or to the consultation running in it is saved as it happens.
  childId: 'consultation',
};

/** Opens a session of a group: its members as they are today, who has agreed the ground rules before; its first snapshot saved before anything is shown. */
export async function createGroupSession(repositories: Repositories, input: { groupId: string; date: string }): Promise<Result<string>> {
  const words = copy.saving;
  const group = await repositories.groups.get(input.groupId);
  if (!group) return { ok: false, message: words.chooseGroup };
  if (!/^\d{4}-\d{2}-\d{2}$/.test(input.date)) return { ok: false, message: words.enterGroupSessionDate };
  const toMember = async (id: string): Promise<GroupMemberV1 | null> => {
    const p = await repositories.people.get(id);
    return p ? { personId: p.id, name: p.name, role: p.role } : null;
  };
  const facilitator = await toMember(group.facilitatorId);
  if (!facilitator) return { ok: false, message: words.facilitatorGone };
  const members = (await Promise.all([group.facilitatorId, ...group.memberIds].map(toMember))).filter((m): m is GroupMemberV1 => m !== null);
  const previouslyAgreed = await repositories.groupSessions.agreedBefore(group.id);
  const sessionId = repositories.newId();
  const [first] = initialTransition(groupSessionMachine, {
    sessionId, groupId: group.id, groupName: group.name, date: input.date, facilitator, members, previouslyAgreed, groundRules: group.groundRules, vocabulary: group.vocabulary,
  });
  await repositories.groupSessions.save(first.context, groupSessionMachine.getPersistedSnapshot(first), false);
  return { ok: true, value: sessionId };
}
