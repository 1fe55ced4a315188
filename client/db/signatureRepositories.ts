/**
 * Verifiable signatures. This device holds an ECDSA P-256 key pair whose private key cannot be
 * exported (WebCrypto, stored as IndexedDB stores CryptoKeys). When a record is sealed, the
 * device signs its chain link: the SHA-256 of its content hash and the previous record's link
 * for the same supervisee. Opening a record verifies the content hash, the signature (with the
 * public key kept beside it) and the supervisee's whole chain, so an edited, deleted or
 * reordered record shows.
 */
import Dexie from 'dexie';
import { z } from 'zod';
import { base64ToBytes, bytesToBase64 } from '../crypto/encoding.ts';
import { chainLinkOf, verifyChain, type ChainEntry, type ChainVerification } from '../../machines/record/chain.ts';
import type { SupervisionDB } from './db.ts';

export const DEVICE_KEY_ID = 'device-signing-key';
const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const SIGN = { name: 'ECDSA', hash: 'SHA-256' } as const;

const $PublicJwk = z.looseObject({ kty: z.literal('EC'), crv: z.literal('P-256'), x: z.string().min(40).max(50), y: z.string().min(40).max(50) });

export const $RecordSignatureV1 = z.strictObject({
  contentHash: z.string().regex(/^[0-9a-f]{64}$/),
  prev: z.string().regex(/^[0-9a-f]{64}$/).nullable(),
  link: z.string().regex(/^[0-9a-f]{64}$/),
  algorithm: z.literal('ECDSA-P256-SHA256'),
  /** The signature over the link's UTF-8 bytes (IEEE P1363, base64). */
  signature: z.string().min(80).max(100),
  publicKey: $PublicJwk,
});
export type RecordSignatureV1 = z.infer<typeof $RecordSignatureV1>;

export type SignatureCheck =
  | { status: 'notYetSigned' }
  | { status: 'valid'; chain: ChainVerification; fingerprint: string }
  | { status: 'invalid'; reason: 'signature' | 'contentChanged' | 'unreadable'; chain: ChainVerification | null };

/** A short, readable fingerprint of a public key (its SHA-256, first 16 hex digits in fours). */
export async function fingerprintOf(publicKey: z.infer<typeof $PublicJwk>): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`${publicKey.x}.${publicKey.y}`)));
  const hex = Array.from(digest.slice(0, 8), (b) => b.toString(16).padStart(2, '0')).join('');
  return hex.match(/.{4}/g)?.join(' ') ?? hex;
}

export function createSignatureRepositories(db: SupervisionDB, { now }: { now: () => Date }) {
  /** This device's key pair, made on first use; the private key is never extractable. */
  async function deviceKey(): Promise<{ privateKey: CryptoKey; publicJwk: z.infer<typeof $PublicJwk> }> {
    let row = await db.deviceKeys.get(DEVICE_KEY_ID);
    if (!row) {
      const pair = await crypto.subtle.generateKey(ALGORITHM, false, ['sign', 'verify']);
      row = { id: DEVICE_KEY_ID, createdAt: now().toISOString(), privateKey: pair.privateKey, publicKey: pair.publicKey };
      // Two tabs may race: the first written wins, and both then use it.
      await db.deviceKeys.add(row).catch(() => undefined);
      row = (await db.deviceKeys.get(DEVICE_KEY_ID)) ?? row;
    }
    const publicJwk = $PublicJwk.parse(await crypto.subtle.exportKey('jwk', row.publicKey));
    return { privateKey: row.privateKey, publicJwk };
  }

  async function entriesFor(personId: string): Promise<(ChainEntry & { signedAt: string })[]> {
    const rows = await db.recordSignatures.where('personId').equals(personId).sortBy('signedAt');
    return rows.map((row) => {
      const content = $RecordSignatureV1.parse(row.content);
      return { sessionId: row.sessionId, signedAt: row.signedAt, contentHash: content.contentHash, prev: content.prev, link: content.link };
    });
  }

  /** The content hash a stored session holds now (null when it has none or is gone). */
  async function storedHash(sessionId: string): Promise<string | null> {
    const row = await db.sessions.get(sessionId);
    return (row?.content as { record?: { contentHash?: string | null } } | undefined)?.record?.contentHash ?? null;
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
      const { privateKey, publicJwk } = await deviceKey();
      const prev = await lastLink(session.personId);
      const link = chainLinkOf(prev, contentHash);
      const signature = new Uint8Array(await crypto.subtle.sign(SIGN, privateKey, new TextEncoder().encode(link)));
      const content: RecordSignatureV1 = { contentHash, prev, link, algorithm: 'ECDSA-P256-SHA256', signature: bytesToBase64(signature), publicKey: publicJwk };
      await db.recordSignatures.add({ sessionId, personId: session.personId, signedAt: now().toISOString(), content });
    },

    /** The stored signature of a record, or undefined. */
    async get(sessionId: string): Promise<RecordSignatureV1 | undefined> {
      const row = await db.recordSignatures.get(sessionId);
      return row ? $RecordSignatureV1.parse(row.content) : undefined;
    },

    /** Keeps a signature made on another device (a received record), once. */
    async keep(sessionId: string, personId: string, signedAt: string, signature: RecordSignatureV1): Promise<void> {
      if (await db.recordSignatures.get(sessionId)) return;
      await db.recordSignatures.add({ sessionId, personId, signedAt, content: $RecordSignatureV1.parse(signature) });
    },

    /** The record's signature checked: the signature over its link, its content, and the chain it is in. */
    async check(sessionId: string): Promise<SignatureCheck> {
      const row = await db.recordSignatures.get(sessionId);
      if (!row) return { status: 'notYetSigned' };
      const parsed = $RecordSignatureV1.safeParse(row.content);
      if (!parsed.success) return { status: 'invalid', reason: 'unreadable', chain: null };
      const signature = parsed.data;
      // The chain is checked link by link from the signatures alone; the content is checked for
      // this record (each other record's content is checked when it is opened).
      const hash = await storedHash(sessionId);
      const chain = verifyChain(await entriesFor(row.personId), new Map([[sessionId, hash]]));
      const key = await crypto.subtle.importKey('jwk', signature.publicKey, ALGORITHM, false, ['verify']);
      const linkOk = chainLinkOf(signature.prev, signature.contentHash) === signature.link;
      const signed = base64ToBytes(signature.signature);
      const verified = linkOk && signed !== undefined && (await crypto.subtle.verify(SIGN, key, signed, new TextEncoder().encode(signature.link)));
      if (!verified) return { status: 'invalid', reason: 'signature', chain };
      if (hash !== signature.contentHash) return { status: 'invalid', reason: 'contentChanged', chain };
      return { status: 'valid', chain, fingerprint: await fingerprintOf(signature.publicKey) };
    },
  };
}

export type SignatureRepositories = ReturnType<typeof createSignatureRepositories>;
