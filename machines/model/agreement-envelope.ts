/** The versioned envelope an agreement snapshot is saved in, apart from XState (see envelope.ts). */
import { z } from 'zod';
import { $IsoInstant } from './record.ts';

/**
 * The agreement machine's version (agreementMachineVersion in agreement.machine.ts), repeated
 * here so storage code need not load XState; a test holds the two equal.
 */
export const agreementEnvelopeMachineVersion = 1;

export const $AgreementSnapshotEnvelopeV1 = z.strictObject({
  machineId: z.literal('agreement'),
  machineVersion: z.number().int().positive(),
  savedAt: $IsoInstant,
  snapshot: z.unknown(),
});
export type AgreementSnapshotEnvelopeV1 = z.infer<typeof $AgreementSnapshotEnvelopeV1>;

export function agreementEnvelopeOf(snapshot: unknown, savedAt: string): AgreementSnapshotEnvelopeV1 {
  return { machineId: 'agreement', machineVersion: agreementEnvelopeMachineVersion, savedAt, snapshot };
}
