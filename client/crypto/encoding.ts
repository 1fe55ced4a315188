/**
 * Encodings at the app's boundaries: strict base64 (canonical only, so one value has one
 * spelling), its URL-safe form (for links), and JSON parsing that refuses prototype keys.
 */

export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  const chunk = 0x8000; // spreading a whole 5 MB array into fromCharCode overflows the stack
  for (let i = 0; i < bytes.length; i += chunk) {
    binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  }
  return btoa(binary);
}

/**
 * The bytes of canonical base64, or undefined. No pattern is matched over the whole text (a
 * backup's is tens of megabytes, past what a backtracking regular expression can take): atob
 * refuses any character outside the alphabet, and the bytes must encode back to the very same
 * text, which refuses whitespace, missing or extra padding and set unused bits.
 */
export function base64ToBytes(text: string): Uint8Array<ArrayBuffer> | undefined {
  if (text.length % 4 !== 0) return undefined;
  let binary: string;
  try {
    binary = atob(text);
  } catch {
    return undefined;
  }
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  // Unused low bits set ("QR==" for "QQ==") would decode the same: not a file we wrote.
  if (bytesToBase64(bytes) !== text) return undefined;
  return bytes;
}

/** URL-safe base64 without padding (RFC 4648 §5), for ids and keys in links. */
export function bytesToBase64Url(bytes: Uint8Array): string {
  return bytesToBase64(bytes).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

export function base64UrlToBytes(text: string): Uint8Array<ArrayBuffer> | undefined {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) return undefined;
  return base64ToBytes(text.replaceAll('-', '+').replaceAll('_', '/') + '='.repeat((4 - (text.length % 4)) % 4));
}

const forbiddenKeys: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * JSON.parse that refuses keys which could reach an object's prototype further on. JSON.parse
 * itself only ever makes own data properties (a "__proto__" key does not set the prototype), so
 * the text is parsed natively and the result then walked, without recursion (nesting depth is
 * the sender's choice): several times faster on large files than a reviver.
 */
export function parseJsonSafely(text: string): { ok: true; value: unknown } | { ok: false; forbiddenKey: boolean } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, forbiddenKey: false };
  }
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const next = pending.pop();
    if (typeof next !== 'object' || next === null) continue;
    if (Array.isArray(next)) {
      for (const item of next) if (typeof item === 'object' && item !== null) pending.push(item);
      continue;
    }
    for (const key of Object.keys(next)) {
      if (forbiddenKeys.has(key)) return { ok: false, forbiddenKey: true };
      const item = (next as Record<string, unknown>)[key];
      if (typeof item === 'object' && item !== null) pending.push(item);
    }
  }
  return { ok: true, value };
}
