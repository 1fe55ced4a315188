/**
 * A passphrase to an AES-GCM-256 key: PBKDF2-HMAC-SHA-256 over the passphrase (Unicode NFC,
 * UTF-8), never extractable. Shared by the preparation file and the app lock's vault.
 */
export async function passphraseKey(
  subtle: SubtleCrypto,
  passphrase: string,
  salt: Uint8Array<ArrayBuffer>,
  iterations: number,
  usage: 'encrypt' | 'decrypt',
): Promise<CryptoKey> {
  // NFC so the same passphrase typed on two different systems gives the same bytes.
  const material = await subtle.importKey('raw', new TextEncoder().encode(passphrase.normalize('NFC')), 'PBKDF2', false, ['deriveKey']);
  return subtle.deriveKey({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, material, { name: 'AES-GCM', length: 256 }, false, [usage]);
}
