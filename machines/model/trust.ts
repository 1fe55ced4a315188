/**
 * Who signed: the trust model, pure. Each person who uses the app on a device has a signing key
 * on that device (ECDSA P-256; the private half never leaves it). When a supervisor and supervisee
 * connect their devices (at their agreement), each device pins the other person's public key to
 * that person, after both compare the same safety number. A signature then counts as theirs only
 * when it verifies with a key this device holds as its own or has pinned to the party it names;
 * any other key is "not confirmed" (nobody is pinned for that party yet) or "a key this device
 * does not know" (someone else is). Nothing here trusts what a payload says about its own key.
 *
 * The cryptography (WebCrypto) is the client's; here are the shapes, the canonical statements
 * that get signed, fingerprints and safety numbers (synchronous SHA-256), and the decisions.
 */
import { z } from 'zod';
import { $IsoInstant, $RecordId, $SignatureRole, type SignatureRole, type SignatureV1 } from './record.ts';
import { $PublicKeyV1, canonicalText, fingerprintOf, sameKey, type PublicKeyV1, type SignerCommentV1 } from './keys.ts';

export * from './keys.ts';

/**
 * The text a party's key signs for a session record: the record's words (its document hash: the
 * whole record but its signatures), which party, their drawn or typed signature and their comment.
 * Canonical (RFC 8785), so any device recomputes the same bytes.
 */
export function recordSignatureStatement(input: {
  sessionId: string;
  role: SignatureRole;
  documentHash: string;
  signature: SignatureV1;
  comment: SignerCommentV1 | null;
}): string {
  return canonicalText({ format: 'safeguarding-supervision/record-signature', version: 1, ...input });
}

// ---------------------------------------------------------------------------------------
// Pins: whose key is whose, on this device

/**
 * A pin: on this device, `party` of the supervision of `personId` (the supervisee's id, the same on
 * both devices) is the person with this key. Confirmed by comparing the safety number. Pins are
 * never deleted: a new key for the same party replaces the current pin (`replacedAt`), which stays
 * in the history.
 */
export const $PinV1 = z.strictObject({
  id: $RecordId,
  personId: $RecordId,
  party: $SignatureRole,
  name: z.string().trim().min(1).max(200),
  jobRole: z.string().trim().max(200),
  /** Their signing key (ECDSA P-256): what their signatures are checked against. */
  publicKey: $PublicKeyV1,
  /** Their device's encryption key (ECDH P-256), signed by the signing key when they connected: what is sent to them is sealed to it. */
  encryptionKey: $PublicKeyV1,
  confirmedAt: $IsoInstant,
  /** The agreement they were making when they connected, if any. */
  agreementId: $RecordId.nullable(),
  replacedAt: $IsoInstant.nullable(),
});
export type PinV1 = z.infer<typeof $PinV1>;

/** This device's own person: who signs with its key. */
export const $ProfileV1 = z.strictObject({
  name: z.string().trim().min(1, 'Enter your full name').max(200),
  jobRole: z.string().trim().max(200),
  /** Their email address: the organiser of the calendar files they make (optional). */
  email: z.email('Enter an email address like name@example.org').max(320).optional(),
  /** Their organisation (optional): shown with their name and role. */
  organisation: z.string().trim().min(1).max(200).optional(),
  /** The record template chosen first when they start a one-to-one session (optional). */
  templateId: z.string().min(1).max(200).optional(),
  /** The agreement template chosen first when they make an agreement (optional). */
  agreementTemplateId: z.string().min(1).max(200).optional(),
});
export type ProfileV1 = z.infer<typeof $ProfileV1>;

/**
 * What this device knows of keys: its own person's (this device's key, and the keys of their
 * earlier devices that a restored backup brought), and every pin (current and replaced).
 */
export type KeyBook = { own: { publicKeys: readonly PublicKeyV1[]; name: string | null }; pins: readonly PinV1[] };

/** The current pin of a party of a supervision, if any. */
export function currentPin(pins: readonly PinV1[], personId: string, party: SignatureRole): PinV1 | undefined {
  return pins.find((p) => p.personId === personId && p.party === party && p.replacedAt === null);
}

/** How a key stands on this device for a supervision's party. Every kind names the fingerprint. */
export type KeyTrust =
  | { kind: 'own'; fingerprint: string; name: string | null }
  | { kind: 'pinned'; fingerprint: string; pin: PinV1; current: boolean }
  /** Nobody is pinned for that party yet: the signer is not confirmed until a pin covers this key. */
  | { kind: 'notConfirmed'; fingerprint: string }
  /** Someone is pinned for that party, with another key (or the key is pinned to the other party). */
  | { kind: 'unknown'; fingerprint: string; pinned: PinV1 | null };

/**
 * The key checked against this device's own key and its pins for the supervision of `personId`.
 * `party`: which party the signature names; 'either' for a device's seal, which either may make.
 */
export function trustOfKey(book: KeyBook, key: PublicKeyV1, personId: string, party: SignatureRole | 'either'): KeyTrust {
  const fingerprint = fingerprintOf(key);
  if (book.own.publicKeys.some((own) => sameKey(own, key))) return { kind: 'own', fingerprint, name: book.own.name };
  const parties: SignatureRole[] = party === 'either' ? ['supervisor', 'supervisee'] : [party];
  const forParties = book.pins.filter((p) => p.personId === personId && parties.includes(p.party));
  const match = forParties.filter((p) => sameKey(p.publicKey, key)).sort((a, b) => (a.replacedAt === null ? -1 : b.replacedAt === null ? 1 : b.confirmedAt.localeCompare(a.confirmedAt)))[0];
  if (match) return { kind: 'pinned', fingerprint, pin: match, current: match.replacedAt === null };
  const pinned = parties.map((p) => currentPin(book.pins, personId, p)).find((p) => p !== undefined) ?? null;
  return pinned ? { kind: 'unknown', fingerprint, pinned } : { kind: 'notConfirmed', fingerprint };
}

export function isKnown(trust: KeyTrust): trust is Extract<KeyTrust, { kind: 'own' | 'pinned' }> {
  return trust.kind === 'own' || trust.kind === 'pinned';
}

/** What confirming a key for a party would do: pin it for the first time, nothing (already pinned), or replace another key. */
export type PinChange = { kind: 'new' } | { kind: 'same'; pin: PinV1 } | { kind: 'changed'; previous: PinV1 };

export function pinChangeFor(pins: readonly PinV1[], personId: string, party: SignatureRole, key: PublicKeyV1): PinChange {
  const current = currentPin(pins, personId, party);
  if (!current) return { kind: 'new' };
  return sameKey(current.publicKey, key) ? { kind: 'same', pin: current } : { kind: 'changed', previous: current };
}

/** Which party this device speaks for in a supervision: the one opposite the party it has pinned (null when it has pinned nobody). */
export function ownPartyIn(pins: readonly PinV1[], personId: string): SignatureRole | null {
  if (currentPin(pins, personId, 'supervisee')) return 'supervisor';
  if (currentPin(pins, personId, 'supervisor')) return 'supervisee';
  return null;
}

export function otherParty(party: SignatureRole): SignatureRole {
  return party === 'supervisor' ? 'supervisee' : 'supervisor';
}

// ---------------------------------------------------------------------------------------
// Chain heads: what the other party's device holds

/**
 * A device's newest link of a supervisee's chain, as it told the other party's device. Signed
 * inside the payload that carried it, and kept only when that payload's key is known here.
 */
export const $ChainHeadV1 = z.strictObject({
  personId: $RecordId,
  link: z.string().regex(/^[0-9a-f]{64}$/),
  length: z.number().int().min(1).max(1_000_000),
});
export type ChainHeadV1 = z.infer<typeof $ChainHeadV1>;

/** Who a payload comes from, as it says: checked against the key book before any of it is believed. */
export const $SenderV1 = z.strictObject({
  name: z.string().trim().min(1).max(200),
  jobRole: z.string().trim().max(200),
  /** The signing key the payload's envelope is signed with. */
  publicKey: $PublicKeyV1,
  /** The sender device's encryption key, for what is sealed back to it. */
  encryptionKey: $PublicKeyV1,
});
export type SenderV1 = z.infer<typeof $SenderV1>;

