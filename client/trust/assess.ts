/**
 * What arrived in a link, weighed against this device's key book before anything is written: the
 * record's seal and chain signature, whose key sealed it, each party's own key signature, and who
 * sent it. `valid` only when every key is this device's person's or pinned to the party it stands
 * for; `notConfirmed` when a key is pinned to nobody here; `unknownKey` when a key is not the one
 * pinned to its party (never imported); `invalid` when a signature or the seal does not hold.
 */
import { trustOfKey, publicKeyOf, sameKey, type KeyBook, type KeyTrust } from '../../machines/model/trust.ts';
import type { SignatureRole } from '../../machines/model/record.ts';
import { checkParties, standingOf, type PartySigning } from '../db/signatureRepositories.ts';
import type { ReceivedShare } from '../share/share.ts';

export type Standing = 'valid' | 'notConfirmed' | 'unknownKey' | 'invalid';

export type RecordAssessment = {
  standing: Standing;
  /** Why it is invalid. */
  reason: 'seal' | 'signature' | 'partySignature' | null;
  sealer: KeyTrust;
  parties: Record<SignatureRole, PartySigning>;
  /** Who sent it (a version 2 share); null for an older share, which says nobody sent it. */
  sender: KeyTrust | null;
};

export async function assessRecord(book: KeyBook, received: Extract<ReceivedShare, { kind: 'record' }>): Promise<RecordAssessment> {
  const { record, signature } = received.payload;
  const personId = record.parties.supervisee.personId;
  const sealer = trustOfKey(book, publicKeyOf(signature.publicKey), personId, 'either');
  const sender = received.sender ? trustOfKey(book, received.sender.key, personId, 'either') : null;
  const parties = await checkParties(book, record);
  const keyed = Object.values(parties).filter((p): p is Extract<PartySigning, { kind: 'key' }> => p.kind === 'key');
  const sealHolds = received.verified.seal === 'valid' || received.verified.seal === 'amended';
  const reason = !sealHolds ? 'seal' : !received.verified.signature ? 'signature' : keyed.some((p) => !p.verified) ? 'partySignature' : null;
  if (reason) return { standing: 'invalid', reason, sealer, parties, sender };
  return { standing: standingOf([sealer, ...keyed.map((p) => p.trust), ...(sender ? [sender] : [])]), reason: null, sealer, parties, sender };
}

/** A preparation's sender, for the supervisee it is filed under here: their pinned key, or not. */
export function assessPreparation(book: KeyBook, received: Extract<ReceivedShare, { kind: 'preparation' }>, personId: string): { standing: Exclude<Standing, 'invalid'>; sender: KeyTrust | null } {
  if (!received.sender) return { standing: 'notConfirmed', sender: null };
  const sender = trustOfKey(book, received.sender.key, personId, 'supervisee');
  return { standing: standingOf([sender]), sender };
}

/** The supervisee on this device whose pinned key sent it, if any: the person to file it under. */
export function pinnedSuperviseeOf(book: KeyBook, received: Extract<ReceivedShare, { kind: 'preparation' }>): string | null {
  const key = received.sender?.key;
  if (!key) return null;
  return book.pins.find((p) => p.party === 'supervisee' && p.replacedAt === null && sameKey(p.publicKey, key))?.personId ?? null;
}
