/**
 * The one versioned envelope every live document's snapshot is saved in (STYLE 7): a one-to-one
 * session (and a practice session, which runs the same machine), a group session, an agreement.
 * Kept apart from the machines so storage code can read and write envelopes without loading
 * XState. The stored form is `{ machineId, machineVersion, savedAt, snapshot }`, in that order, as
 * it has been since version 1 (rows and backups written before this module was one still load:
 * tests/live/old-rows.test.ts).
 */
import { z } from 'zod';
import { $IsoInstant } from './record.ts';

/**
 * Each machine's version: bump one when a change to its machine means old snapshots no longer fit
 * it. The agreement's repeats agreementMachineVersion in agreement.machine.ts (a test holds the two
 * equal); the session's is exported by session.machine.ts.
 */
export const machineVersions = { session: 1, groupSession: 1, agreement: 1 } as const;
export type MachineId = keyof typeof machineVersions;

export type SnapshotEnvelopeV1<TId extends MachineId = MachineId> = { machineId: TId; machineVersion: number; savedAt: string; snapshot: unknown };

/** The schema of one machine's envelope. */
export function $SnapshotEnvelopeV1<TId extends MachineId>(machineId: TId): z.ZodType<SnapshotEnvelopeV1<TId>> {
  return z.strictObject({
    machineId: z.literal(machineId),
    machineVersion: z.number().int().positive(),
    savedAt: $IsoInstant,
    snapshot: z.unknown(),
  }) as unknown as z.ZodType<SnapshotEnvelopeV1<TId>>;
}

/** A snapshot in its machine's envelope, at the machine's current version. */
export function envelopeFor<TId extends MachineId>(machineId: TId, snapshot: unknown, savedAt: string): SnapshotEnvelopeV1<TId> {
  return { machineId, machineVersion: machineVersions[machineId], savedAt, snapshot };
}

export const sessionMachineVersion = machineVersions.session;
export const groupSessionMachineVersion = machineVersions.groupSession;
export const agreementEnvelopeMachineVersion = machineVersions.agreement;

export const $SessionSnapshotEnvelopeV1 = $SnapshotEnvelopeV1('session');
export type SessionSnapshotEnvelopeV1 = SnapshotEnvelopeV1<'session'>;
export const $GroupSnapshotEnvelopeV1 = $SnapshotEnvelopeV1('groupSession');
export type GroupSnapshotEnvelopeV1 = SnapshotEnvelopeV1<'groupSession'>;
export const $AgreementSnapshotEnvelopeV1 = $SnapshotEnvelopeV1('agreement');
export type AgreementSnapshotEnvelopeV1 = SnapshotEnvelopeV1<'agreement'>;

export const envelopeOf = (snapshot: unknown, savedAt: string) => envelopeFor('session', snapshot, savedAt);
export const groupEnvelopeOf = (snapshot: unknown, savedAt: string) => envelopeFor('groupSession', snapshot, savedAt);
export const agreementEnvelopeOf = (snapshot: unknown, savedAt: string) => envelopeFor('agreement', snapshot, savedAt);

/**
 * The envelope a live session is saved in with its row: the machine's snapshot without its
 * context. The context is the record, which the same transaction writes to the session row, so it
 * is stored once; `withRecord` puts it back on restore. Envelopes saved before this (context
 * inside), and those written as the users type (client/live/session.ts), are read as they are.
 */
export function envelopeWithoutRecord(snapshot: unknown, savedAt: string): SessionSnapshotEnvelopeV1 {
  if (typeof snapshot !== 'object' || snapshot === null || !('context' in snapshot)) return envelopeOf(snapshot, savedAt);
  const { context: _record, ...rest } = snapshot as Record<string, unknown>;
  return envelopeOf(rest, savedAt);
}

/** A saved snapshot with its record: the snapshot's own (an older envelope) or else the session row's. */
export function withRecord(snapshot: unknown, record: unknown): unknown {
  if (typeof snapshot !== 'object' || snapshot === null || Array.isArray(snapshot) || 'context' in snapshot) return snapshot;
  return { ...snapshot, context: record };
}
