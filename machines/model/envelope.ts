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
