/** The versioned envelope a group session snapshot is saved in, apart from XState (see envelope.ts). */
import { z } from 'zod';
import { $IsoInstant } from './record.ts';

export const groupSessionMachineVersion = 1;

export const $GroupSnapshotEnvelopeV1 = z.strictObject({
  machineId: z.literal('groupSession'),
  machineVersion: z.number().int().positive(),
  savedAt: $IsoInstant,
  snapshot: z.unknown(),
});
export type GroupSnapshotEnvelopeV1 = z.infer<typeof $GroupSnapshotEnvelopeV1>;

export function groupEnvelopeOf(snapshot: unknown, savedAt: string): GroupSnapshotEnvelopeV1 {
  return { machineId: 'groupSession', machineVersion: groupSessionMachineVersion, savedAt, snapshot };
}

