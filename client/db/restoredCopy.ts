/**
 * A copy restored from a backup (a session row with status 'copy'): the backup's version of a
 * record that differs from this device's, kept beside it. Its record is exactly as in the backup
 * (its id inside is the original's, so its seal verifies as it did); the row has an id of its own.
 */
import { z } from 'zod';
import { $IsoInstant } from '../../machines/model/record.ts';
import type { RestoredCopyV1 } from './db.ts';

export const $RestoredCopyV1: z.ZodType<RestoredCopyV1> = z.strictObject({
  of: z.string().regex(/^[A-Za-z0-9_-]{1,128}$/),
  backupCreatedAt: $IsoInstant,
  restoredAt: $IsoInstant,
  status: z.enum(['inProgress', 'signed']),
  recordSignature: z.unknown().optional(),
  childRecordChoices: z.unknown().optional(),
});
