/**
 * Keys and what they sign, as data: a P-256 public key reduced to what defines it, a signature made
 * with one, a signer's comment, fingerprints and canonical text. No dependency on the record model,
 * so the record can carry key signatures (see trust.ts for what they prove).
 */
import canonicalize from 'canonicalize';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { z } from 'zod';

/** A P-256 public key as a JWK, reduced to the four members that define it (strict: nothing else travels). */
const $Coordinate = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'A P-256 coordinate (base64url)');
export const $PublicKeyV1 = z.strictObject({ kty: z.literal('EC'), crv: z.literal('P-256'), x: $Coordinate, y: $Coordinate });
export type PublicKeyV1 = z.infer<typeof $PublicKeyV1>;

/** A public key as WebCrypto exports it (with `ext` and `key_ops`), reduced to $PublicKeyV1. */
export function publicKeyOf(jwk: unknown): PublicKeyV1 {
  const parsed = z.looseObject({ kty: z.literal('EC'), crv: z.literal('P-256'), x: $Coordinate, y: $Coordinate }).parse(jwk);
  return { kty: 'EC', crv: 'P-256', x: parsed.x, y: parsed.y };
}

export function sameKey(a: Pick<PublicKeyV1, 'x' | 'y'>, b: Pick<PublicKeyV1, 'x' | 'y'>): boolean {
  return a.x === b.x && a.y === b.y;
}

/** A key's short fingerprint: its SHA-256 over "x.y", first 8 bytes as four groups of four hex digits. */
export function fingerprintOf(key: Pick<PublicKeyV1, 'x' | 'y'>): string {
  const hex = bytesToHex(sha256(utf8ToBytes(`${key.x}.${key.y}`)).slice(0, 8));
  return hex.match(/.{4}/g)?.join(' ') ?? hex;
}

/**
 * The safety number two devices both show when they connect: the same 30 digits (six groups of
 * five) on each screen, made from both public keys in a fixed order, so comparing it aloud or on
 * a call proves each device holds the other's real key (a relay that swapped a key would change
 * it). Like Signal's safety numbers, each group is five bytes of a SHA-256 taken modulo 100,000.
 */
export function safetyNumberOf(a: Pick<PublicKeyV1, 'x' | 'y'>, b: Pick<PublicKeyV1, 'x' | 'y'>): string {
  const [first, second] = [`${a.x}.${a.y}`, `${b.x}.${b.y}`].sort();
  const digest = sha256(utf8ToBytes(`safeguarding-supervision/safety-number/v1\n${first}\n${second}`));
  const groups: string[] = [];
  for (let i = 0; i < 6; i += 1) {
    let value = 0;
    for (const byte of digest.slice(i * 5, i * 5 + 5)) value = (value * 256 + byte) % 100_000;
    groups.push(String(value).padStart(5, '0'));
  }
  return groups.join(' ');
}

// ---------------------------------------------------------------------------------------
// Signatures made with a person's key

/** An ECDSA P-256 / SHA-256 signature (IEEE P1363, 64 bytes) in standard base64. */
export const $EcdsaSignature = z.string().regex(/^[A-Za-z0-9+/]{86}==$/, 'A P-256 signature');

/** What a person's device signed for them, and with which key. */
export const $KeySignatureV1 = z.strictObject({
  algorithm: z.literal('ECDSA-P256-SHA256'),
  publicKey: $PublicKeyV1,
  signature: $EcdsaSignature,
});
export type KeySignatureV1 = z.infer<typeof $KeySignatureV1>;

export const signerCommentKinds = ['comment', 'disagreement'] as const;
/** A signer's own words beside their signature: a comment, or what they disagree with (Devon Appendix A; South Gloucestershire Appendix 1 §8). */
export const $SignerCommentV1 = z.strictObject({
  kind: z.enum(signerCommentKinds),
  text: z.string().trim().min(1, 'Write your comment, or choose that you agree').max(5000),
});
export type SignerCommentV1 = z.infer<typeof $SignerCommentV1>;

/** Canonical JSON (RFC 8785) of a value; throws for what has none (undefined, functions). */
export function canonicalText(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new Error('The value has no canonical form');
  return text;
}

export function sha256Hex(text: string): string {
  return bytesToHex(sha256(utf8ToBytes(text)));
}
