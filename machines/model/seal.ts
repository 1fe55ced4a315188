/**
 * Sealing a signed record: the SHA-256 of its canonical content (RFC 8785 JSON).
 * Synchronous and pure so the session machine can seal as the second signature lands,
 * and so a stored record can be verified against its hash anywhere.
 */
import canonicalize from 'canonicalize';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import type { SessionContentV1 } from './record.ts';

/** The part of a session that is signed: everything recorded, nothing about navigation. */
export function signedContentOf(content: SessionContentV1) {
  const {
    contentHash: _hash,
    furthestSection: _furthest,
    refusal: _refusal,
    caseHistory: _history,
    signatureRequest: _request,
    signatureReturned: _returned,
    ...signed
  } = content;
  return signed;
}
export type SignedContentV1 = ReturnType<typeof signedContentOf>;

export function contentHashOf(signed: SignedContentV1): string {
  const canonical = canonicalize(signed);
  if (canonical === undefined) throw new Error('The record could not be put in canonical form');
  return bytesToHex(sha256(utf8ToBytes(canonical)));
}

/**
 * The record's words: what each party reads and signs, i.e. the signed content without any
 * signature, signer's comment or key signature. Both parties' key signatures name this hash, so one
 * may sign on their own device while the other signs here; a change to the words changes it.
 */
export function documentHashOf(content: SessionContentV1): string {
  const { signerComments: _comments, keySignatures: _keys, ...words } = signedContentOf(content);
  return contentHashOf({ ...words, signatures: { supervisor: null, supervisee: null } });
}
