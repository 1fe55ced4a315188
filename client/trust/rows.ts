/**
 * What this device keeps of the exchanges under way with another device (sealed at rest like every
 * row): a connection being made (the key exchange), and requests for signatures sent from here or
 * received here. They hold the relay's tokens, so a reload or a killed tab resumes exactly there.
 */
import { z } from 'zod';
import { $IsoInstant, $RecordId, $SignatureRole } from '../../machines/model/record.ts';
import { $ChainHeadV1, $SenderV1 } from '../../machines/model/trust.ts';
import { $SignatureReplyV1, $SignatureRequestV1 } from './messages.ts';

const $ShareId = z.string().regex(/^[A-Za-z0-9_-]{22}$/);
const $Token = z.string().regex(/^[A-Za-z0-9_-]{43}$/);
const $Hash = z.string().regex(/^[0-9a-f]{64}$/);
/** A share or slot on the relay, and the token that deletes it (null where this device may not). */
const $Held = z.strictObject({ id: $ShareId, revokeToken: $Token.nullable() });
export type HeldShare = z.infer<typeof $Held>;

export const connectionStatuses = ['waiting', 'comparing', 'confirmed', 'mismatch', 'cancelled'] as const;
export type ConnectionStatus = (typeof connectionStatuses)[number];

/**
 * A key exchange. The inviter made a link and waits for the other device's keys ('waiting'); once
 * both devices hold both keys, each shows the safety number ('comparing') until its person
 * confirms it ('confirmed': the other's key is pinned) or says it does not match ('mismatch').
 */
export const $ConnectionV1 = z.strictObject({
  id: $RecordId,
  role: z.enum(['inviter', 'responder']),
  status: z.enum(connectionStatuses),
  /** The supervisee's id, as both devices file the supervision. */
  personId: $RecordId,
  /** The other person's party. */
  otherParty: $SignatureRole,
  agreementId: $RecordId.nullable(),
  /** The inviter's link (it holds the key to the invite: kept here to show again), its share, and when it expires. */
  invite: z.strictObject({ link: z.string().max(300), share: $Held, expiresAt: $IsoInstant }).nullable(),
  /** Where the responder's keys come back (the inviter holds its revoke token). */
  slot: $Held.nullable(),
  other: $SenderV1.nullable(),
  /** The other device's chain head, believed only once its key is pinned. */
  otherHead: $ChainHeadV1.nullable(),
  createdAt: $IsoInstant,
  updatedAt: $IsoInstant,
});
export type ConnectionV1 = z.infer<typeof $ConnectionV1>;

export const outgoingStatuses = ['awaiting', 'answered', 'delivered', 'withdrawn'] as const;

/** A record sent from here to be signed on the other party's device. */
export const $OutgoingRequestV1 = z.strictObject({
  direction: z.literal('outgoing'),
  requestId: $RecordId,
  sessionId: $RecordId,
  personId: $RecordId,
  /** The party asked to sign, and the pin (their keys) it was sealed to. */
  role: $SignatureRole,
  pinId: $RecordId,
  documentHash: $Hash,
  /** The link to give them: it holds no key (the request is sealed to their device). */
  link: z.string().max(300),
  share: $Held,
  slot: $Held,
  sentAt: $IsoInstant,
  expiresAt: $IsoInstant,
  status: z.enum(outgoingStatuses),
  /** Their reply, as verified here: kept until the record is sealed and sent back to them. */
  reply: $SignatureReplyV1.nullable(),
  deliveredAt: $IsoInstant.nullable(),
});
export type OutgoingRequestV1 = z.infer<typeof $OutgoingRequestV1>;

export const incomingStatuses = ['open', 'sent', 'returned', 'sealed'] as const;

/** What the signer has written so far (autosaved): whether they agree, their words, their name, or why they return it. */
export const $SigningDraftV1 = z.strictObject({
  agreement: z.enum(['agree', 'comment', 'disagree']).nullable(),
  text: z.string().max(5000),
  fullName: z.string().max(200),
  returnReason: z.string().max(5000),
});
export type SigningDraftV1 = z.infer<typeof $SigningDraftV1>;

/** A record received here to be signed. */
export const $IncomingRequestV1 = z.strictObject({
  direction: z.literal('incoming'),
  requestId: $RecordId,
  sessionId: $RecordId,
  shareId: $ShareId,
  /** The request as it arrived, its envelope's key pinned to the sender here (checked before it was kept). */
  request: $SignatureRequestV1,
  senderPinId: $RecordId,
  receivedAt: $IsoInstant,
  status: z.enum(incomingStatuses),
  draft: $SigningDraftV1,
  /** What was sent back, kept so a send interrupted after the relay took it is not sent twice. */
  sent: $SignatureReplyV1.nullable(),
  /** Where the sealed record will come (this device holds the slot's revoke token). */
  delivery: $Held.nullable(),
  sealedAt: $IsoInstant.nullable(),
});
export type IncomingRequestV1 = z.infer<typeof $IncomingRequestV1>;

export const $SignatureRequestRowV1 = z.discriminatedUnion('direction', [$OutgoingRequestV1, $IncomingRequestV1]);
export type SignatureRequestRowV1 = z.infer<typeof $SignatureRequestRowV1>;
