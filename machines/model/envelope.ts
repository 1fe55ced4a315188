/**
 * The versioned envelope a session snapshot is saved in (STYLE 7). Kept apart from the
 * machines so storage code can read and write envelopes without loading XState.
 */
import { z } from 'zod';
import { $IsoInstant } from './record.ts';

/** Bump when a change to the session machine means old snapshots no longer fit it. */
export const sessionMachineVersion = 1;

export const $SessionSnapshotEnvelopeV1 = z.strictObject({
  machineId: z.literal('session'),
  machineVersion: z.number().int().positive(),
  savedAt: $IsoInstant,
  snapshot: z.unknown(),
});
export type SessionSnapshotEnvelopeV1 = z.infer<typeof $SessionSnapshotEnvelopeV1>;

export function envelopeOf(snapshot: unknown, savedAt: string): SessionSnapshotEnvelopeV1 {
  return { machineId: 'session', machineVersion: sessionMachineVersion, savedAt, snapshot };
}

/**
 * The envelope a live session is saved in: the machine's snapshot without its context. The
 * context is the record, which the same transaction writes to the session row, so it is stored
 * once; `withRecord` puts it back on restore. Envelopes saved before this (context inside) are
 * read as they are.
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
