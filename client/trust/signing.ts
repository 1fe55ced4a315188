/**
 * Signing and verifying with P-256 keys (WebCrypto): text, and payloads wrapped in a signed
 * envelope. A verification never throws: a key or signature that does not parse is simply not
 * valid. What a valid signature proves depends on whose key it is, which only the key book can say
 * (machines/model/trust.ts): an envelope's own key proves only that its sender holds that key.
 */
import { z } from 'zod';
import { base64ToBytes, bytesToBase64 } from '../crypto/encoding.ts';
import { $EcdsaSignature, $PublicKeyV1, canonicalText, type PublicKeyV1 } from '../../machines/model/keys.ts';

export const ECDSA_P256 = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const ECDSA_SHA256 = { name: 'ECDSA', hash: 'SHA-256' } as const;

export async function signText(privateKey: CryptoKey, text: string): Promise<string> {
  return bytesToBase64(new Uint8Array(await crypto.subtle.sign(ECDSA_SHA256, privateKey, new TextEncoder().encode(text))));
}

export async function verifyText(publicKey: PublicKeyV1, signature: string, text: string): Promise<boolean> {
  const bytes = base64ToBytes(signature);
  if (!bytes || bytes.length !== 64) return false;
  try {
    const key = await crypto.subtle.importKey('jwk', publicKey, ECDSA_P256, false, ['verify']);
    return await crypto.subtle.verify(ECDSA_SHA256, key, bytes, new TextEncoder().encode(text));
  } catch {
    return false;
  }
}

/** What an envelope signs: a fixed prefix (so no other signature of ours can pass for one) and the payload's canonical JSON. */
function envelopeText(payload: unknown): string {
  return `safeguarding-supervision/signed-envelope/v1\n${canonicalText(payload)}`;
}

/** A payload with its sender's key and signature over it. The payload names what it is (`format`, `kind`), so a signature cannot be moved to another kind. */
export function $Signed<T extends z.ZodType>(payload: T) {
  return z.strictObject({ payload, signer: $PublicKeyV1, signature: $EcdsaSignature });
}
export type Signed<T> = { payload: T; signer: PublicKeyV1; signature: string };

export async function signEnvelope<T>(payload: T, key: { privateKey: CryptoKey; publicKey: PublicKeyV1 }): Promise<Signed<T>> {
  return { payload, signer: key.publicKey, signature: await signText(key.privateKey, envelopeText(payload)) };
}

/** True when the envelope's signature verifies with the key it carries (who that key belongs to is for the key book). */
export function verifyEnvelope(envelope: Signed<unknown>): Promise<boolean> {
  return verifyText(envelope.signer, envelope.signature, envelopeText(envelope.payload));
}
