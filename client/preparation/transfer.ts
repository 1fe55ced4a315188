/**
 * Moving a preparation between a supervisee's own devices with no server: the preparation
 * is exported to a file sealed with a passphrase, and imported on the other device.
 *
 * The file is JSON text (extension .sspf):
 *
 *   { format: 'safeguarding-supervision/preparation', version: 1,
 *     kdf: { name: 'PBKDF2', hash: 'SHA-256', iterations, salt },   salt: base64, 16 bytes
 *     cipher: { name: 'AES-GCM', iv },                               iv: base64, 12 bytes
 *     ciphertext }                                                   base64, tag included
 *
 * The key is PBKDF2-HMAC-SHA-256 of the passphrase (Unicode NFC, UTF-8) to an AES-GCM
 * 256-bit key; the plaintext is the canonical JSON (RFC 8785) of the preparation; the
 * additional data is the UTF-8 of JSON.stringify([format, version]), so a file cannot be
 * relabelled as another format or version without failing to decrypt. The salt and IV
 * are fresh for every export. The kdf parameters and IV need no binding of their own: any
 * change to them changes the key or the keystream, and decryption fails.
 *
 * Like excalidraw's encryption.ts (STYLE 11) everything a user can cause returns a result
 * union; only programming errors (an iterations request out of range) throw.
 *
 * The messages live here for now; they belong in client/content/copy.ts (STYLE 14) when
 * the import/export screen is built.
 */
import canonicalize from 'canonicalize';
import { z } from 'zod';
import { $PreparationV1, type PreparationV1 } from '../../machines/model/preparation.ts';
import { passphraseKey } from '../crypto/passphraseKey.ts';

export const PREPARATION_FILE_FORMAT = 'safeguarding-supervision/preparation';
export const PREPARATION_FILE_VERSION = 1;
export const PREPARATION_FILE_EXTENSION = '.sspf';

/**
 * The fewest PBKDF2-HMAC-SHA-256 rounds a file may have (OWASP's 2023 figure). The import
 * refuses weaker files: the passphrase is the only thing protecting the contents.
 */
export const MINIMUM_ITERATIONS = 600_000;
/** More rounds than this is not a file we wrote; it would only hang the device. */
export const MAXIMUM_ITERATIONS = 5_000_000;
/** Larger files are refused before they are parsed. The screen can check File.size first. */
export const MAX_FILE_BYTES = 5 * 1024 * 1024;
export const MINIMUM_PASSPHRASE_LENGTH = 8;

const SALT_BYTES = 16;
const IV_BYTES = 12;
const GCM_TAG_BYTES = 16;

export const transferMessages = {
  'passphrase-too-short': `Use a passphrase of at least ${MINIMUM_PASSPHRASE_LENGTH} characters.`,
  'invalid-preparation': 'This preparation could not be exported because part of it is not valid.',
  'file-too-large': 'This file is too large to be a supervision preparation (the limit is 5 MB).',
  'crypto-unavailable':
    'This browser cannot protect files with a passphrase here. Open the app from its secure (https) address and try again.',
  'not-a-preparation-file': 'This file is not a supervision preparation.',
  'damaged-file': 'This file is damaged: it may have been cut short or changed. Export it again on the other device.',
  'newer-version': 'This file was made by a newer version of the app. Update the app on this device, then import it again.',
  'iterations-too-low':
    'This file is not protected strongly enough to be opened. Export it again from an up-to-date version of the app.',
  'wrong-passphrase-or-changed':
    'The passphrase is wrong, or the file has been changed since it was exported. The app cannot tell these apart: check the passphrase and try again, or export the file again.',
  'invalid-contents': 'The file’s contents are not a valid preparation.',
} as const;

export type ExportFailureReason = 'passphrase-too-short' | 'invalid-preparation' | 'file-too-large' | 'crypto-unavailable';
export type ImportFailureReason =
  | 'file-too-large'
  | 'not-a-preparation-file'
  | 'damaged-file'
  | 'newer-version'
  | 'iterations-too-low'
  | 'passphrase-too-short'
  | 'crypto-unavailable'
  | 'wrong-passphrase-or-changed'
  | 'invalid-contents';

export type TransferResult<T, Reason extends keyof typeof transferMessages> =
  | { ok: true; value: T }
  | { ok: false; reason: Reason; message: string };
export type ExportResult = TransferResult<string, ExportFailureReason>;
export type ImportResult = TransferResult<PreparationV1, ImportFailureReason>;

export type ExportDeps = {
  /** PBKDF2 rounds; defaults to MINIMUM_ITERATIONS. Fewer needs `minimumIterations` too. */
  iterations?: number;
  /** Lowers the floor below MINIMUM_ITERATIONS: honoured only under Vitest (see below). */
  minimumIterations?: number;
  randomBytes?: (n: number) => Uint8Array;
};
export type ImportDeps = {
  /** Lowers the floor below MINIMUM_ITERATIONS: honoured only under Vitest (see below). */
  minimumIterations?: number;
};

function fail<Reason extends keyof typeof transferMessages>(reason: Reason): { ok: false; reason: Reason; message: string } {
  return { ok: false, reason, message: transferMessages[reason] };
}

/**
 * The iterations floor. It can be raised by anyone but lowered only when Vite's mode is
 * 'test' (Vitest's default). In a build Vite replaces import.meta.env with constants, so
 * the lowering branch is dead code: no production caller, and no file, can make the app
 * accept a weak file. Asking for it elsewhere is a programming error and throws.
 */
function iterationsFloor(requested: number | undefined): number {
  if (requested === undefined) return MINIMUM_ITERATIONS;
  if (!Number.isSafeInteger(requested) || requested < 1) throw new RangeError('minimumIterations must be a positive integer');
  if (requested >= MINIMUM_ITERATIONS) return requested;
  if (import.meta.env?.MODE === 'test') return requested;
  throw new Error(`minimumIterations below ${MINIMUM_ITERATIONS} is only for tests`);
}

function subtleCrypto(): SubtleCrypto | undefined {
  // Missing outside a secure context (plain http on a local network address).
  return globalThis.crypto?.subtle;
}

function defaultRandomBytes(n: number): Uint8Array {
  return globalThis.crypto.getRandomValues(new Uint8Array(n));
}

/** Characters as people count them: an emoji or accented letter is one, not two. */
function codePointLength(text: string): number {
  return Array.from(text).length;
}

function additionalData(format: string, version: number): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(JSON.stringify([format, version]));
}

// ---- base64 (strict: canonical padding, no whitespace, no URL alphabet) ----------------

const base64Pattern = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  const chunk = 0x8000; // spreading a whole 5 MB array into fromCharCode overflows the stack
  for (let i = 0; i < bytes.length; i += chunk) {
    binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  }
  return btoa(binary);
}

function base64ToBytes(text: string): Uint8Array<ArrayBuffer> | undefined {
  if (!base64Pattern.test(text)) return undefined;
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  // Unused low bits set ("QR==" for "QQ==") would decode the same: not a file we wrote.
  if (bytesToBase64(bytes) !== text) return undefined;
  return bytes;
}

function $Base64Bytes(check: (length: number) => boolean, what: string) {
  return z.string().transform((text, ctx) => {
    const bytes = base64ToBytes(text);
    if (bytes === undefined || !check(bytes.length)) {
      ctx.addIssue({ code: 'custom', message: what });
      return z.NEVER;
    }
    return bytes;
  });
}

// ---- the file ----------------------------------------------------------------------------

/** Just enough to tell whose file it is and which version, before the strict schema. */
const $PreparationFileHeader = z.looseObject({
  format: z.literal(PREPARATION_FILE_FORMAT),
  version: z.unknown(),
});

export const $PreparationFileV1 = z.strictObject({
  format: z.literal(PREPARATION_FILE_FORMAT),
  version: z.literal(PREPARATION_FILE_VERSION),
  kdf: z.strictObject({
    name: z.literal('PBKDF2'),
    hash: z.literal('SHA-256'),
    iterations: z.number().int().min(1).max(MAXIMUM_ITERATIONS),
    salt: $Base64Bytes((n) => n === SALT_BYTES, `${SALT_BYTES} bytes of base64`),
  }),
  cipher: z.strictObject({
    name: z.literal('AES-GCM'),
    iv: $Base64Bytes((n) => n === IV_BYTES, `${IV_BYTES} bytes of base64`),
  }),
  ciphertext: $Base64Bytes((n) => n > GCM_TAG_BYTES, 'base64 longer than the authentication tag'),
});

class ForbiddenKeyError extends Error {}

/** JSON.parse that refuses keys which could reach an object's prototype further on. */
function parseJsonSafely(text: string): { ok: true; value: unknown } | { ok: false; forbiddenKey: boolean } {
  try {
    const value: unknown = JSON.parse(text, (key, v: unknown) => {
      if (key === '__proto__' || key === 'constructor' || key === 'prototype') throw new ForbiddenKeyError(key);
      return v;
    });
    return { ok: true, value };
  } catch (error) {
    return { ok: false, forbiddenKey: error instanceof ForbiddenKeyError };
  }
}

function utf8ByteLength(text: string): number {
  // Every UTF-16 unit is at least one UTF-8 byte, so the cheap test answers most cases.
  return text.length > MAX_FILE_BYTES ? text.length : new TextEncoder().encode(text).byteLength;
}

/** The file's text for a preparation, sealed with the passphrase. */
export async function exportPreparation(
  preparation: PreparationV1,
  passphrase: string,
  deps: ExportDeps = {},
): Promise<ExportResult> {
  const iterations = deps.iterations ?? MINIMUM_ITERATIONS;
  const floor = iterationsFloor(deps.minimumIterations);
  if (!Number.isSafeInteger(iterations) || iterations < floor || iterations > MAXIMUM_ITERATIONS) {
    throw new RangeError(`iterations must be an integer from ${floor} to ${MAXIMUM_ITERATIONS}`);
  }
  if (codePointLength(passphrase) < MINIMUM_PASSPHRASE_LENGTH) return fail('passphrase-too-short');

  // Never write a file the import would refuse.
  const parsed = $PreparationV1.safeParse(preparation);
  if (!parsed.success) return fail('invalid-preparation');
  const plaintext = canonicalize(parsed.data);
  if (plaintext === undefined) return fail('invalid-preparation');

  const subtle = subtleCrypto();
  if (!subtle) return fail('crypto-unavailable');

  const randomBytes = deps.randomBytes ?? defaultRandomBytes;
  const salt = new Uint8Array(randomBytes(SALT_BYTES));
  const iv = new Uint8Array(randomBytes(IV_BYTES));
  if (salt.length !== SALT_BYTES || iv.length !== IV_BYTES) throw new RangeError('randomBytes returned the wrong length');

  const key = await passphraseKey(subtle, passphrase, salt, iterations, 'encrypt');
  const ciphertext = await subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData: additionalData(PREPARATION_FILE_FORMAT, PREPARATION_FILE_VERSION) },
    key,
    new TextEncoder().encode(plaintext),
  );

  const file: z.input<typeof $PreparationFileV1> = {
    format: PREPARATION_FILE_FORMAT,
    version: PREPARATION_FILE_VERSION,
    kdf: { name: 'PBKDF2', hash: 'SHA-256', iterations, salt: bytesToBase64(salt) },
    cipher: { name: 'AES-GCM', iv: bytesToBase64(iv) },
    ciphertext: bytesToBase64(new Uint8Array(ciphertext)),
  };
  const text = JSON.stringify(file, null, 2);
  if (utf8ByteLength(text) > MAX_FILE_BYTES) return fail('file-too-large');
  return { ok: true, value: text };
}

/**
 * The preparation in a file, checked in this order, each failure with its own reason:
 * size; JSON (without prototype keys); our format; version (before the strict schema, so
 * a newer file is called newer rather than damaged); the strict envelope (base64, salt and
 * IV lengths, a ciphertext longer than its tag); the iterations floor; the passphrase
 * (AES-GCM cannot tell a wrong passphrase from a changed file); the preparation schema.
 */
export async function importPreparation(fileText: string, passphrase: string, deps: ImportDeps = {}): Promise<ImportResult> {
  const floor = iterationsFloor(deps.minimumIterations);

  if (utf8ByteLength(fileText) > MAX_FILE_BYTES) return fail('file-too-large');

  const json = parseJsonSafely(fileText);
  if (!json.ok) {
    // A file cut short still names our format near its start: call it damaged, not foreign.
    if (!json.forbiddenKey && fileText.includes(`"${PREPARATION_FILE_FORMAT}"`)) return fail('damaged-file');
    return fail('not-a-preparation-file');
  }

  const header = $PreparationFileHeader.safeParse(json.value);
  if (!header.success) return fail('not-a-preparation-file');
  const { version } = header.data;
  if (typeof version === 'number' && Number.isInteger(version) && version > PREPARATION_FILE_VERSION) return fail('newer-version');

  const envelope = $PreparationFileV1.safeParse(json.value);
  if (!envelope.success) return fail('damaged-file');
  const { kdf, cipher, ciphertext } = envelope.data;

  if (kdf.iterations < floor) return fail('iterations-too-low');
  if (codePointLength(passphrase) < MINIMUM_PASSPHRASE_LENGTH) return fail('passphrase-too-short');

  const subtle = subtleCrypto();
  if (!subtle) return fail('crypto-unavailable');

  const key = await passphraseKey(subtle, passphrase, kdf.salt, kdf.iterations, 'decrypt');
  let plaintext: ArrayBuffer;
  try {
    plaintext = await subtle.decrypt(
      { name: 'AES-GCM', iv: cipher.iv, additionalData: additionalData(envelope.data.format, envelope.data.version) },
      key,
      ciphertext,
    );
  } catch (error) {
    // Compared by name, not instanceof: under jsdom the DOMException is from another realm.
    if (typeof error === 'object' && error !== null && 'name' in error && error.name === 'OperationError') {
      return fail('wrong-passphrase-or-changed');
    }
    throw error;
  }

  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(plaintext);
  } catch {
    return fail('invalid-contents');
  }
  const content = parseJsonSafely(text);
  if (!content.ok) return fail('invalid-contents');
  const preparation = $PreparationV1.safeParse(content.value);
  if (!preparation.success) return fail('invalid-contents');
  return { ok: true, value: preparation.data };
}

/**
 * A file name that says what the file is and which session it is for, and nothing about
 * who or which children: file names show up in download lists, shares and backups.
 */
export function preparationFileName(preparation: PreparationV1): string {
  const date = preparation.forDate || preparation.updatedAt.slice(0, 10);
  return /^\d{4}-\d{2}-\d{2}$/.test(date)
    ? `supervision-preparation-${date}${PREPARATION_FILE_EXTENSION}`
    : `supervision-preparation${PREPARATION_FILE_EXTENSION}`;
}
