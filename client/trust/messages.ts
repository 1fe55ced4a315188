/**
 * What two connected devices send each other, as zod schemas. Every message is a signed envelope
 * (client/trust/signing.ts) whose payload names its kind, so a signature on one kind can never pass
 * for another; each is checked against the key book before anything in it is believed: the
 * sender's name and key, their chain head, the record.
 *
 * - connectInvite: in a link (the key in the link's fragment), the inviting device's keys and where
 *   to answer. connectReply: the other device's keys, sealed to the inviter. Both screens then show
 *   the same safety number; each person confirms it on their own device, which pins the other's key.
 * - signatureRequest: a record to sign on the other party's device, sealed to that device.
 *   signatureReply: their signature (or the record returned unsigned, with a reason), sealed back.
 *   sealedRecord: the record as sealed by the first device, sealed to the signer's device, so both
 *   hold the same record.
 */
import { z } from 'zod';
import { $IsoInstant, $RecordId, $SessionContentV1, $SignatureRole, $SignatureV1 } from '../../machines/model/record.ts';
import { $RecordTemplateV1 } from '../../machines/model/template.ts';
import { $ChainHeadV1, $KeySignatureV1, $SenderV1, $SignerCommentV1 } from '../../machines/model/trust.ts';
import { $AmendmentV1 } from '../../machines/record/amendment.ts';
import { $RecordSignatureV1 } from '../../machines/record/chain.ts';

export const MESSAGE_FORMAT = 'safeguarding-supervision/device-message';

const $ShareId = z.string().regex(/^[A-Za-z0-9_-]{22}$/);
const $Token = z.string().regex(/^[A-Za-z0-9_-]{43}$/);
/** Where the answer goes: an empty slot on the relay that only the holder of the write token can fill, once. */
export const $ReplySlotV1 = z.strictObject({ slotId: $ShareId, writeToken: $Token });
export type ReplySlotV1 = z.infer<typeof $ReplySlotV1>;

const base = { format: z.literal(MESSAGE_FORMAT), version: z.literal(1) };

export const $ConnectInviteV1 = z.strictObject({
  ...base,
  kind: z.literal('connectInvite'),
  inviteId: $RecordId,
  from: $SenderV1.extend({ party: $SignatureRole }),
  /** The supervision as the inviting device holds it: the supervisee's id there, and their name. */
  supervision: z.strictObject({ personId: $RecordId, supervisee: z.strictObject({ name: z.string().trim().min(1).max(200), jobRole: z.string().max(200) }) }),
  agreementId: $RecordId.nullable(),
  reply: $ReplySlotV1,
  createdAt: $IsoInstant,
  expiresAt: $IsoInstant,
});
export type ConnectInviteV1 = z.infer<typeof $ConnectInviteV1>;

export const $ConnectReplyV1 = z.strictObject({
  ...base,
  kind: z.literal('connectReply'),
  inviteId: $RecordId,
  from: $SenderV1.extend({ party: $SignatureRole }),
  /** The supervisee's id as both devices will now file the supervision (the supervisor's device's id wins). */
  personId: $RecordId,
  chainHead: $ChainHeadV1.nullable(),
  sentAt: $IsoInstant,
});
export type ConnectReplyV1 = z.infer<typeof $ConnectReplyV1>;

export const $SignatureRequestV1 = z.strictObject({
  ...base,
  kind: z.literal('signatureRequest'),
  requestId: $RecordId,
  /** The party asked to sign. */
  role: $SignatureRole,
  template: $RecordTemplateV1,
  record: $SessionContentV1,
  from: $SenderV1,
  chainHead: $ChainHeadV1.nullable(),
  reply: $ReplySlotV1,
  sentAt: $IsoInstant,
  expiresAt: $IsoInstant,
});
export type SignatureRequestV1 = z.infer<typeof $SignatureRequestV1>;

export const $SignatureOutcomeV1 = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('signed'), signature: $SignatureV1, comment: $SignerCommentV1.nullable(), keySignature: $KeySignatureV1 }),
  z.strictObject({ kind: z.literal('returned'), reason: z.string().trim().min(1).max(5000) }),
]);
export type SignatureOutcomeV1 = z.infer<typeof $SignatureOutcomeV1>;

export const $SignatureReplyV1 = z.strictObject({
  ...base,
  kind: z.literal('signatureReply'),
  requestId: $RecordId,
  sessionId: $RecordId,
  outcome: $SignatureOutcomeV1,
  from: $SenderV1,
  chainHead: $ChainHeadV1.nullable(),
  /** Where the sealed record is to be sent (when signed). */
  delivery: $ReplySlotV1.nullable(),
  sentAt: $IsoInstant,
});
export type SignatureReplyV1 = z.infer<typeof $SignatureReplyV1>;

export const $SealedRecordV1 = z.strictObject({
  ...base,
  kind: z.literal('sealedRecord'),
  requestId: $RecordId.nullable(),
  template: $RecordTemplateV1,
  record: $SessionContentV1,
  amendments: z.array($AmendmentV1).max(1000),
  /** The sealing device's signature over the record's chain link. */
  chainSignature: $RecordSignatureV1,
  from: $SenderV1,
  chainHead: $ChainHeadV1.nullable(),
  sentAt: $IsoInstant,
});
export type SealedRecordV1 = z.infer<typeof $SealedRecordV1>;

export const $DeviceMessageV1 = z.discriminatedUnion('kind', [$ConnectInviteV1, $ConnectReplyV1, $SignatureRequestV1, $SignatureReplyV1, $SealedRecordV1]);
export type DeviceMessageV1 = z.infer<typeof $DeviceMessageV1>;
