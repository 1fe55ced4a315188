/**
 * Checking a stored record against its seal. The hash was taken over the signed content
 * as the second signature landed; recomputing it shows whether a single word has changed
 * since. Amendments are kept outside the signed content, so they never break the seal.
 */
import type { SessionContentV1 } from '../model/record.ts';
import { contentHashOf, signedContentOf } from '../model/seal.ts';
import { amendmentsOf, type AmendmentV1 } from './amendment.ts';

export type RecordVerification =
  | { status: 'unsigned' }
  | { status: 'valid'; hash: string }
  | { status: 'amended'; hash: string; amendments: number }
  | { status: 'invalid'; expected: string; actual: string };

export function verifyRecord(content: SessionContentV1, amendments: readonly AmendmentV1[] = []): RecordVerification {
  const expected = content.contentHash;
  if (expected === null) return { status: 'unsigned' };
  const actual = contentHashOf(signedContentOf(content));
  if (actual !== expected) return { status: 'invalid', expected, actual };
  const count = amendmentsOf(content.sessionId, amendments).length;
  return count > 0 ? { status: 'amended', hash: actual, amendments: count } : { status: 'valid', hash: actual };
}
