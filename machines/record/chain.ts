/**
 * The hash chain of one supervisee's signed records. Each record's link is the SHA-256 of the
 * canonical pair {prev, contentHash}, where prev is the previous record's link (null for the
 * first). The device signs the link, so a signature vouches for the record and for everything
 * before it: a record removed from the chain, or two swapped, leaves a link whose `prev` names
 * no record before it, and the chain is reported broken there.
 */
import canonicalize from 'canonicalize';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { z } from 'zod';
import type { ChainHeadV1 } from '../model/trust.ts';

/** A public key as stored beside a chain signature (as WebCrypto exported it: `ext` and `key_ops` may be there too). */
const $StoredPublicJwk = z.looseObject({ kty: z.literal('EC'), crv: z.literal('P-256'), x: z.string().min(40).max(50), y: z.string().min(40).max(50) });

/** A sealed record's chain link, signed by the device that sealed it (kept beside the record, and sent with it). */
export const $RecordSignatureV1 = z.strictObject({
  contentHash: z.string().regex(/^[0-9a-f]{64}$/),
  prev: z.string().regex(/^[0-9a-f]{64}$/).nullable(),
  link: z.string().regex(/^[0-9a-f]{64}$/),
  algorithm: z.literal('ECDSA-P256-SHA256'),
  /** The signature over the link's UTF-8 bytes (IEEE P1363, base64). */
  signature: z.string().min(80).max(100),
  publicKey: $StoredPublicJwk,
});
export type RecordSignatureV1 = z.infer<typeof $RecordSignatureV1>;

export type ChainEntry = {
  sessionId: string;
  contentHash: string;
  /** The previous record's link; null for the supervisee's first signed record. */
  prev: string | null;
  link: string;
};

export function chainLinkOf(prev: string | null, contentHash: string): string {
  const canonical = canonicalize({ prev, contentHash });
  if (canonical === undefined) throw new Error('The chain link could not be put in canonical form');
  return bytesToHex(sha256(utf8ToBytes(canonical)));
}

export type ChainVerification =
  | { status: 'intact'; length: number }
  | { status: 'broken'; at: string; reason: 'linkAltered' | 'recordMissingOrReordered' | 'contentChanged' }
  /** The other party's device holds a later record of this chain than any here: the newest were removed. */
  | { status: 'broken'; at: null; reason: 'newestMissing'; length: number; knownLength: number };

/**
 * Checks a supervisee's chain in signing order: every link recomputes from its own prev and
 * content hash, and every prev is the link before it. `contentHashes` gives the hash stored now
 * for the records to check against their links (a record not in it is not content-checked).
 */
export function verifyChain(
  entries: readonly ChainEntry[],
  contentHashes: ReadonlyMap<string, string | null>,
  /** The newest head the other party's device reported, if any: the chain here must reach it. */
  knownHead: Pick<ChainHeadV1, 'link' | 'length'> | null = null,
): ChainVerification {
  let previous: string | null = null;
  for (const entry of entries) {
    if (chainLinkOf(entry.prev, entry.contentHash) !== entry.link) return { status: 'broken', at: entry.sessionId, reason: 'linkAltered' };
    if (entry.prev !== previous) return { status: 'broken', at: entry.sessionId, reason: 'recordMissingOrReordered' };
    if (contentHashes.has(entry.sessionId) && contentHashes.get(entry.sessionId) !== entry.contentHash) {
      return { status: 'broken', at: entry.sessionId, reason: 'contentChanged' };
    }
    previous = entry.link;
  }
  // Links are checked one to the next, so removing the newest record leaves a chain that looks
  // whole: only a device that saw the later record can tell. Its head must be a link here.
  // (Its length is what that device holds, which may be fewer than here: only the link is compared.)
  if (knownHead && !entries.some((entry) => entry.link === knownHead.link)) {
    return { status: 'broken', at: null, reason: 'newestMissing', length: entries.length, knownLength: knownHead.length };
  }
  return { status: 'intact', length: entries.length };
}
