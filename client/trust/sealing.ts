/**
 * Sealing a payload to one device: ECDH P-256 between a fresh (ephemeral) key and the recipient
 * device's encryption key, pinned here when the two devices connected, then HKDF-SHA-256 and
 * AES-GCM-256. Only that device can open it (its private key never leaves it), so a link that
 * points at a sealed payload holds no key and reveals nothing if it is passed on. The ephemeral
 * key and the recipient's key are bound into the cipher's associated data.
 */
import { z } from 'zod';
import { $PublicKeyV1, canonicalText, publicKeyOf, type PublicKeyV1 } from '../../machines/model/keys.ts';
import { base64UrlToBytes, bytesToBase64Url, parseJsonSafely } from '../crypto/encoding.ts';

export const ECDH_P256 = { name: 'ECDH', namedCurve: 'P-256' } as const;
const IV_BYTES = 12;
const FORMAT = 'safeguarding-supervision/sealed-to-device/v1';

const $Sealed = z.strictObject({
  format: z.literal(FORMAT),
  ephemeral: $PublicKeyV1,
  iv: z.string().regex(/^[A-Za-z0-9_-]{16}$/),
  ciphertext: z.string().regex(/^[A-Za-z0-9_-]+$/).max(3_000_000),
});

async function keyFor(privateKey: CryptoKey, publicKey: PublicKeyV1, info: string, usage: 'encrypt' | 'decrypt'): Promise<CryptoKey> {
  const peer = await crypto.subtle.importKey('jwk', publicKey, ECDH_P256, false, []);
  const shared = await crypto.subtle.deriveBits({ name: 'ECDH', public: peer }, privateKey, 256);
  const material = await crypto.subtle.importKey('raw', shared, 'HKDF', false, ['deriveKey']);
  return crypto.subtle.deriveKey(
    { name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(32), info: new TextEncoder().encode(info) },
    material,
    { name: 'AES-GCM', length: 256 },
    false,
    [usage],
  );
}

function bindingOf(ephemeral: PublicKeyV1, recipient: PublicKeyV1): string {
  return `${FORMAT}\n${canonicalText({ ephemeral, recipient })}`;
}

/** A new ECDH key pair for a device (the private half cannot be exported). */
export function generateEncryptionKey(): Promise<CryptoKeyPair> {
  return crypto.subtle.generateKey(ECDH_P256, false, ['deriveBits']) as Promise<CryptoKeyPair>;
}

/** The payload sealed so only the device holding `recipient`'s private key can open it: a base64url text. */
export async function sealToDevice(recipient: PublicKeyV1, payload: unknown): Promise<string> {
  const pair = (await crypto.subtle.generateKey(ECDH_P256, false, ['deriveBits'])) as CryptoKeyPair;
  const ephemeral = publicKeyOf(await crypto.subtle.exportKey('jwk', pair.publicKey));
  const binding = bindingOf(ephemeral, recipient);
  const key = await keyFor(pair.privateKey, recipient, binding, 'encrypt');
  const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const plaintext = new TextEncoder().encode(canonicalText(payload));
  const ciphertext = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: new TextEncoder().encode(binding) }, key, plaintext));
  const sealed: z.infer<typeof $Sealed> = { format: FORMAT, ephemeral, iv: bytesToBase64Url(iv), ciphertext: bytesToBase64Url(ciphertext) };
  return bytesToBase64Url(new TextEncoder().encode(JSON.stringify(sealed)));
}

export type Opened = { ok: true; value: unknown } | { ok: false };

/** Opens what was sealed to this device; anything else (another device's, changed, not JSON) is `{ ok: false }`, never a throw. */
export async function openFromDevice(text: string, own: { privateKey: CryptoKey; publicKey: PublicKeyV1 }): Promise<Opened> {
  const bytes = base64UrlToBytes(text);
  if (!bytes) return { ok: false };
  let outer: unknown;
  try {
    outer = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return { ok: false };
  }
  const sealed = $Sealed.safeParse(outer);
  if (!sealed.success) return { ok: false };
  const iv = base64UrlToBytes(sealed.data.iv);
  const ciphertext = base64UrlToBytes(sealed.data.ciphertext);
  if (!iv || iv.length !== IV_BYTES || !ciphertext || ciphertext.length < 17) return { ok: false };
  const binding = bindingOf(sealed.data.ephemeral, own.publicKey);
  try {
    const key = await keyFor(own.privateKey, sealed.data.ephemeral, binding, 'decrypt');
    const plaintext = await crypto.subtle.decrypt({ name: 'AES-GCM', iv, additionalData: new TextEncoder().encode(binding) }, key, ciphertext);
    const json = parseJsonSafely(new TextDecoder('utf-8', { fatal: true }).decode(plaintext));
    return json.ok ? { ok: true, value: json.value } : { ok: false };
  } catch {
    return { ok: false };
  }
}
