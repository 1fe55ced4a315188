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
  | { status: 'broken'; at: string; reason: 'linkAltered' | 'recordMissingOrReordered' | 'contentChanged' };

/**
 * Checks a supervisee's chain in signing order: every link recomputes from its own prev and
 * content hash, and every prev is the link before it. `contentHashes` gives the hash stored now
 * for the records to check against their links (a record not in it is not content-checked).
 */
export function verifyChain(entries: readonly ChainEntry[], contentHashes: ReadonlyMap<string, string | null>): ChainVerification {
  let previous: string | null = null;
  for (const entry of entries) {
    if (chainLinkOf(entry.prev, entry.contentHash) !== entry.link) return { status: 'broken', at: entry.sessionId, reason: 'linkAltered' };
    if (entry.prev !== previous) return { status: 'broken', at: entry.sessionId, reason: 'recordMissingOrReordered' };
    if (contentHashes.has(entry.sessionId) && contentHashes.get(entry.sessionId) !== entry.contentHash) {
      return { status: 'broken', at: entry.sessionId, reason: 'contentChanged' };
    }
    previous = entry.link;
  }
  return { status: 'intact', length: entries.length };
}
