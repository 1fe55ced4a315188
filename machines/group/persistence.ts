/**
 * Saving and restoring group session actors, as machines/persistence.ts does for one-to-one
 * sessions: a versioned envelope validated with zod; a snapshot that does not restore is
 * rebuilt from the record content at the step it had reached (a consultation in progress is
 * kept as far as it was saved, as an incomplete consultation).
 */
import { z } from 'zod';
import type { Snapshot } from 'xstate';
import { $ConsultationV1, $GroupSessionContentV1, type GroupSessionContentV1 } from '../model/group.ts';
import { $GroupSnapshotEnvelopeV1, groupSessionMachineVersion } from '../model/envelope.ts';
import { restoresCleanly } from '../restoresCleanly.ts';
import { groupSessionMachine, registerGaps, type GroupSessionInput } from './groupSession.machine.ts';

export { $GroupSnapshotEnvelopeV1, groupEnvelopeOf, groupSessionMachineVersion, type GroupSnapshotEnvelopeV1 } from '../model/envelope.ts';

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
