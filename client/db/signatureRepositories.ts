/**
 * Verifiable signatures on records. When a record is sealed, the device that sealed it signs its
 * chain link (the SHA-256 of its content hash and the previous record's link for the same
 * supervisee) with its own key. Opening a record checks, fail-closed:
 * - the seal: the content against the signed hash;
 * - the sealing signature, and whose key made it: this device's own person, a key pinned to one of
 *   the supervision's parties, or neither (never "valid" then; see machines/model/trust.ts);
 * - each party's own key signature, where they signed on their own device (else they signed in
 *   person on the sealing device), against the key pinned to that party;
 * - the supervisee's whole chain, including that it reaches the newest record the other party's
 *   device said it holds (so deleting the newest record shows too).
 */
import { strictly } from './durability.ts';
import Dexie from 'dexie';
import { chainLinkOf, verifyChain, $RecordSignatureV1, type ChainEntry, type ChainVerification, type RecordSignatureV1 } from '../../machines/record/chain.ts';
import { publicKeyOf, recordSignatureStatement, trustOfKey, type KeyBook, type KeyTrust } from '../../machines/model/trust.ts';
import { $SessionContentV1, signatureRoles, type SessionContentV1, type SignatureRole } from '../../machines/model/record.ts';
import { contentHashOf, documentHashOf, signedContentOf } from '../../machines/model/seal.ts';
import { verifyText } from '../trust/signing.ts';
import type { SupervisionDB } from './db.ts';
import type { TrustRepositories } from './trustRepositories.ts';

export { $RecordSignatureV1, type RecordSignatureV1 } from '../../machines/record/chain.ts';
export { fingerprintOf } from '../../machines/model/trust.ts';

/** How one party's signature was given. */
export type PartySigning =
  /** Drawn or typed on the device that sealed the record, by hand: no key of theirs. */
  | { kind: 'inPerson' }
  /** Signed on their own device with its key; `verified`: the key's signature over what they signed holds. */
  | { kind: 'key'; trust: KeyTrust; verified: boolean };

export type SignatureCheck =
  | { status: 'notYetSigned' }
  | { status: 'invalid'; reason: 'signature' | 'partySignature' | 'contentChanged' | 'unreadable'; chain: ChainVerification | null; sealer: KeyTrust | null }
  /**
   * The signatures hold. `valid`: every key is this device's own person's or pinned to the party it
   * signs for. `notConfirmed`: a key is pinned to nobody yet. `unknownKey`: a key is not the one
   * pinned to its party. The chain is reported beside it.
   */
  | { status: 'valid' | 'notConfirmed' | 'unknownKey'; chain: ChainVerification; sealer: KeyTrust; parties: Record<SignatureRole, PartySigning> };

/** The worst standing among the keys: unknown, then not confirmed, then valid. */
export function standingOf(trusts: readonly KeyTrust[]): 'valid' | 'notConfirmed' | 'unknownKey' {
  if (trusts.some((t) => t.kind === 'unknown')) return 'unknownKey';
  if (trusts.some((t) => t.kind === 'notConfirmed')) return 'notConfirmed';
  return 'valid';
}

/** Each party's signature checked: their key signature over the record's words and their own signature and comment. */
export async function checkParties(book: KeyBook, record: SessionContentV1): Promise<Record<SignatureRole, PartySigning>> {
  const documentHash = documentHashOf(record);
  const entries = await Promise.all(
    signatureRoles.map(async (role): Promise<[SignatureRole, PartySigning]> => {
      const keySignature = record.keySignatures?.[role];
      const signature = record.signatures[role];
      if (!keySignature || !signature) return [role, { kind: 'inPerson' }];
      const statement = recordSignatureStatement({ sessionId: record.sessionId, role, documentHash, signature, comment: record.signerComments?.[role] ?? null });
      const verified = await verifyText(keySignature.publicKey, keySignature.signature, statement);
      return [role, { kind: 'key', trust: trustOfKey(book, keySignature.publicKey, record.parties.supervisee.personId, role), verified }];
    }),
  );
  return Object.fromEntries(entries) as Record<SignatureRole, PartySigning>;
}

/** A chain signature checked: over its own link, which recomputes from its prev and content hash. */
export async function chainSignatureHolds(signature: RecordSignatureV1): Promise<boolean> {
  if (chainLinkOf(signature.prev, signature.contentHash) !== signature.link) return false;
  return verifyText(publicKeyOf(signature.publicKey), signature.signature, signature.link);
}

export function createSignatureRepositories(db: SupervisionDB, { now, trust }: { now: () => Date; trust: TrustRepositories }) {
  async function entriesFor(personId: string): Promise<(ChainEntry & { signedAt: string })[]> {
    const rows = await db.recordSignatures.where('[personId+signedAt]').between([personId, Dexie.minKey], [personId, Dexie.maxKey]).toArray();
    return rows.map((row) => {
      const content = $RecordSignatureV1.parse(row.content);
      return { sessionId: row.sessionId, signedAt: row.signedAt, contentHash: content.contentHash, prev: content.prev, link: content.link };
    });
  }

  /** A stored session's record (null when it has none, is gone, or does not parse). */
  async function storedRecord(sessionId: string): Promise<SessionContentV1 | null> {
    const row = await db.sessions.get(sessionId);
    const parsed = $SessionContentV1.safeParse((row?.content as { record?: unknown } | undefined)?.record);
    return parsed.success ? parsed.data : null;
  }

  /** The supervisee's last link, found through the [personId+signedAt] index (no reading of the whole chain). */
  async function lastLink(personId: string): Promise<string | null> {
    const row = await db.recordSignatures.where('[personId+signedAt]').between([personId, Dexie.minKey], [personId, Dexie.maxKey]).last();
    return row ? $RecordSignatureV1.parse(row.content).link : null;
  }

  return {
    /**
     * Signs a sealed record's chain link with this device's key, once. The link follows the last
     * signed record of the same supervisee. Called after the sealed record is written (and again
     * on opening, for a record sealed in a tab that closed before it could sign).
     */
    async sign(sessionId: string): Promise<void> {
      if (await db.recordSignatures.get(sessionId)) return;
      const session = await db.sessions.get(sessionId);
      const contentHash = (session?.content as { record?: { contentHash?: string | null } } | undefined)?.record?.contentHash ?? null;
      if (!session || session.status !== 'signed' || !contentHash) return;
      const prev = await lastLink(session.personId);
      const link = chainLinkOf(prev, contentHash);
      const { publicKey, signature } = await trust.sign(link);
      const content: RecordSignatureV1 = { contentHash, prev, link, algorithm: 'ECDSA-P256-SHA256', signature, publicKey };
      await strictly(() => db.recordSignatures.add({ sessionId, personId: session.personId, signedAt: now().toISOString(), content }));
    },

    /** The stored signature of a record, or undefined. */
    async get(sessionId: string): Promise<RecordSignatureV1 | undefined> {
      const row = await db.recordSignatures.get(sessionId);
      return row ? $RecordSignatureV1.parse(row.content) : undefined;
    },

    /** Keeps a signature made on another device (a received record), once. */
    async keep(sessionId: string, personId: string, signedAt: string, signature: RecordSignatureV1): Promise<void> {
      if (await db.recordSignatures.get(sessionId)) return;
      const content = $RecordSignatureV1.parse(signature);
      await strictly(() => db.recordSignatures.add({ sessionId, personId, signedAt, content }));
    },

    /** The record's signatures checked, fail-closed: see the module's header. */
    async check(sessionId: string): Promise<SignatureCheck> {
      const row = await db.recordSignatures.get(sessionId);
      if (!row) return { status: 'notYetSigned' };
      const parsed = $RecordSignatureV1.safeParse(row.content);
      if (!parsed.success) return { status: 'invalid', reason: 'unreadable', chain: null, sealer: null };
      const signature = parsed.data;
      const [record, book, knownHead] = await Promise.all([storedRecord(sessionId), trust.book(), trust.heads.known(row.personId)]);
      const hash = record?.contentHash ?? null;
      // The chain is checked link by link from the signatures alone; the content is checked for
      // this record (each other record's content is checked when it is opened).
      const chain = verifyChain(await entriesFor(row.personId), new Map([[sessionId, hash]]), knownHead);
      const sealer = trustOfKey(book, publicKeyOf(signature.publicKey), row.personId, 'either');
      if (!(await chainSignatureHolds(signature))) return { status: 'invalid', reason: 'signature', chain, sealer };
      if (!record || hash !== signature.contentHash || contentHashOf(signedContentOf(record)) !== hash) return { status: 'invalid', reason: 'contentChanged', chain, sealer };
      const parties = await checkParties(book, record);
      const keyed = Object.values(parties).filter((p): p is Extract<PartySigning, { kind: 'key' }> => p.kind === 'key');
      if (keyed.some((p) => !p.verified)) return { status: 'invalid', reason: 'partySignature', chain, sealer };
      return { status: standingOf([sealer, ...keyed.map((p) => p.trust)]), chain, sealer, parties };
    },
  };
}

export type SignatureRepositories = ReturnType<typeof createSignatureRepositories>;
