/**
 * An amendment to a signed record. A sealed record is never changed: a correction or
 * addition is kept beside it, dated and named, and shown after the signed content.
 */
import { z } from 'zod';
import { $IsoInstant, $RecordId } from '../model/record.ts';

export const $AmendmentV1 = z.strictObject({
  id: $RecordId,
  sessionId: $RecordId,
  madeAt: $IsoInstant,
  /** The full name of the person making the amendment. */
  madeBy: z.string().trim().min(1, 'Enter your full name').max(200),
  /** The section it concerns, or null for the record as a whole. */
  sectionId: z.string().min(1).nullable(),
  text: z.string().trim().min(1, 'Enter the amendment').max(20000),
});
export type AmendmentV1 = z.infer<typeof $AmendmentV1>;

/**
 * The amendments of one session, oldest first. An amendment of another session reaching
 * here is a caller's mistake that would attach words to the wrong record, so it throws.
 */
export function amendmentsOf(sessionId: string, amendments: readonly AmendmentV1[]): AmendmentV1[] {
  const foreign = amendments.find((a) => a.sessionId !== sessionId);
  if (foreign) throw new Error(`Amendment ${foreign.id} belongs to session ${foreign.sessionId}, not ${sessionId}`);
  return [...amendments].sort((a, b) => Date.parse(a.madeAt) - Date.parse(b.madeAt));
}
