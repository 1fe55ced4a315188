/**
 * Encodings at the app's boundaries: strict base64 (canonical only, so one value has one
 * spelling), its URL-safe form (for links), and JSON parsing that refuses prototype keys and deep nesting.
 */
import { MAX_JSON_DEPTH, shapeProblem } from '../../machines/shape.ts';

export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  const chunk = 0x8000; // spreading a whole 5 MB array into fromCharCode overflows the stack
  for (let i = 0; i < bytes.length; i += chunk) {
    binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  }
  return btoa(binary);
}

const BASE64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
/** Any character outside the base64 alphabet and its padding: one character class, found in one linear pass. */
const NOT_BASE64 = /[^A-Za-z0-9+/=]/;

type FromBase64 = (text: string, options: { alphabet: 'base64'; lastChunkHandling: 'strict' }) => Uint8Array<ArrayBuffer>;
/** The platform's own decoder where there is one (Chromium 140+, Firefox 133+, Safari 18.2+): several times faster than atob. */
const fromBase64 = (Uint8Array as unknown as { fromBase64?: FromBase64 }).fromBase64;

/**
 * The bytes of canonical base64, or undefined. One value has one spelling: no whitespace, padding
 * exactly where it belongs, and unused low bits clear ("QR==" for "QQ==" is refused). This is
 * checked on the text itself (a character class and its last four characters), never by encoding
 * the bytes back: that took 1.8 s for a 50 MB file and 9.5 s at the 256 MB limit (issue 17).
 */
export function base64ToBytes(text: string): Uint8Array<ArrayBuffer> | undefined {
  if (text.length % 4 !== 0 || NOT_BASE64.test(text)) return undefined;
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  // Padding only at the very end.
  const firstPad = text.indexOf('=');
  if (firstPad !== -1 && firstPad !== text.length - padding) return undefined;
  if (padding > 0) {
    const last = BASE64_ALPHABET.indexOf(text.charAt(text.length - padding - 1));
    if ((padding === 2 ? last & 0b1111 : last & 0b11) !== 0) return undefined;
  }
  if (fromBase64) {
    try {
      return fromBase64.call(Uint8Array, text, { alphabet: 'base64', lastChunkHandling: 'strict' });
    } catch {
      return undefined;
    }
  }
  let binary: string;
  try {
    binary = atob(text);
  } catch {
    return undefined;
  }
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
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

/**
 * JSON.parse that refuses keys which could reach an object's prototype further on, and nesting
 * deeper than MAX_JSON_DEPTH (recursive code further on, JSON.stringify and canonical JSON among
 * it, would overflow the stack: issue 17). JSON.parse itself only ever makes own data properties
 * (a "__proto__" key does not set the prototype), so the text is parsed natively and the result
 * then walked without recursion (machines/shape.ts): several times faster on large files than a reviver.
 */
export function parseJsonSafely(text: string, maxDepth = MAX_JSON_DEPTH): { ok: true; value: unknown } | { ok: false; forbiddenKey: boolean; tooDeep?: true } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, forbiddenKey: false };
  }
  const shape = shapeProblem(value, maxDepth);
  if (shape === 'forbidden-key') return { ok: false, forbiddenKey: true };
  if (shape === 'too-deep') return { ok: false, forbiddenKey: false, tooDeep: true };
  return { ok: true, value };
}
