/**
 * A file sealed with a passphrase, for any kind of content (a preparation, a whole backup):
 *
 *   { format, version,
 *     kdf: { name: 'PBKDF2', hash: 'SHA-256', iterations, salt },   salt: base64, 16 bytes
 *     cipher: { name: 'AES-GCM', iv },                               iv: base64, 12 bytes
 *     ciphertext }                                                   base64, tag included
 *
 * The key is PBKDF2-HMAC-SHA-256 of the passphrase (Unicode NFC, UTF-8) to an AES-GCM
 * 256-bit key; the plaintext is the canonical JSON (RFC 8785) of the content; the additional
 * data is the UTF-8 of JSON.stringify([format, version]), so a file cannot be relabelled as
 * another format or version without failing to decrypt. The salt and IV are fresh for every
 * file. The kdf parameters and IV need no binding of their own: any change to them changes the
 * key or the keystream, and decryption fails.
 *
 * `seal`/`open` handle a kind's content as canonical JSON checked with its schema. `sealBytes`/
 * `openBytes` take and give the plaintext bytes for a kind that encodes its own (a backup:
 * compressed JSON), and `openBytes` opens every version from `oldestVersion` on, telling which.
 *
 * Everything a user can cause returns a result with its own reason; only programming errors
 * (an iterations request out of range) throw.
 */
import canonicalize from 'canonicalize';
import { z } from 'zod';
import { passphraseKey } from './passphraseKey.ts';
import { base64ToBytes, bytesToBase64, parseJsonSafely } from './encoding.ts';

/**
 * The fewest PBKDF2-HMAC-SHA-256 rounds a file may have (OWASP's 2023 figure). Opening
 * refuses weaker files: the passphrase is the only thing protecting the contents.
 */
export const MINIMUM_ITERATIONS = 600_000;
/**
 * More rounds than this is not a file we wrote (every version has written MINIMUM_ITERATIONS):
 * it would only hold the device up before the file is refused. Kept near what is written, so a
 * file naming the most rounds is still refused well within 2 s (issue 17).
 */
export const MAXIMUM_ITERATIONS = 1_000_000;
export const MINIMUM_PASSPHRASE_LENGTH = 8;

/** A character outside ASCII (one pass, no backtracking): text without one is as many bytes as characters. */
const NOT_ASCII = /[^\x00-\x7f]/;

const SALT_BYTES = 16;
const IV_BYTES = 12;
const GCM_TAG_BYTES = 16;

export const fileFailureReasons = [
  'passphrase-too-short',
  'invalid-value',
  'file-too-large',
  'crypto-unavailable',
  'not-this-kind-of-file',
  'damaged-file',
  'newer-version',
  'iterations-too-low',
  'wrong-passphrase-or-changed',
  'invalid-contents',
] as const;
export type FileFailureReason = (typeof fileFailureReasons)[number];
export type SealFailureReason = 'passphrase-too-short' | 'invalid-value' | 'file-too-large' | 'crypto-unavailable';
export type OpenFailureReason = Exclude<FileFailureReason, 'invalid-value'>;

export type FileResult<T, Reason extends FileFailureReason> = { ok: true; value: T } | { ok: false; reason: Reason; message: string };

export type SealDeps = {
  /** PBKDF2 rounds; defaults to MINIMUM_ITERATIONS. Fewer needs `minimumIterations` too. */
  iterations?: number;
  /** Lowers the floor below MINIMUM_ITERATIONS: honoured only under Vitest (see below). */
  minimumIterations?: number;
  randomBytes?: (n: number) => Uint8Array;
};
export type OpenDeps = {
  /** Lowers the floor below MINIMUM_ITERATIONS: honoured only under Vitest (see below). */
  minimumIterations?: number;
};

export type FileKind<T> = {
  format: string;
  /** The version written. */
  version: number;
  /** The oldest version still opened (by `openBytes`); the current one when omitted. */
  oldestVersion?: number;
  maxBytes: number;
  /** What the content must be, checked before sealing and after opening. */
  schema: z.ZodType<T>;
  messages: Record<FileFailureReason, string>;
};

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

function envelopeSchema(kind: { format: string; version: number; oldestVersion?: number }) {
  const oldest = kind.oldestVersion ?? kind.version;
  if (!Number.isSafeInteger(oldest) || oldest < 1 || oldest > kind.version) throw new RangeError('oldestVersion must be from 1 to version');
  const versions = Array.from({ length: kind.version - oldest + 1 }, (_, i) => oldest + i);
  return z.strictObject({
    format: z.literal(kind.format),
    version: z.literal(versions),
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
}

export function createPassphraseFile<T>(kind: FileKind<T>) {
  const fail = <R extends FileFailureReason>(reason: R): { ok: false; reason: R; message: string } => ({ ok: false, reason, message: kind.messages[reason] });
  /** Just enough to tell whose file it is and which version, before the strict schema. */
  const $Header = z.looseObject({ format: z.literal(kind.format), version: z.unknown() });
  const $Envelope = envelopeSchema(kind);
  const byteLength = (text: string) => {
    // A character is one to three bytes of UTF-8 (a surrogate pair, two characters, is four).
    if (text.length > kind.maxBytes || text.length * 3 <= kind.maxBytes || !NOT_ASCII.test(text)) return text.length;
    return new TextEncoder().encode(text).byteLength;
  };

  return {
    $Envelope,

    /** The file's text for the content, sealed with the passphrase. */
    async seal(value: T, passphrase: string, deps: SealDeps = {}): Promise<FileResult<string, SealFailureReason>> {
      checkIterations(deps);
      if (codePointLength(passphrase) < MINIMUM_PASSPHRASE_LENGTH) return fail('passphrase-too-short');

      // Never write a file the import would refuse.
      const parsed = kind.schema.safeParse(value);
      if (!parsed.success) return fail('invalid-value');
      const plaintext = canonicalize(parsed.data);
      if (plaintext === undefined) return fail('invalid-value');
      return sealBytes(new TextEncoder().encode(plaintext), passphrase, deps);
    },

    /**
     * The file's text for plaintext bytes the caller has checked and encoded itself (a backup:
     * compressed JSON), sealed with the passphrase under the kind's current version.
     */
    sealBytes,

    /**
     * The content of a file, checked in this order, each failure with its own reason: size;
     * JSON (without prototype keys); our format; version (before the strict schema, so a newer
     * file is called newer rather than damaged); the strict envelope (base64, salt and IV
     * lengths, a ciphertext longer than its tag); the iterations floor; the passphrase (AES-GCM
     * cannot tell a wrong passphrase from a changed file); the content's schema.
     */
    async open(fileText: string, passphrase: string, deps: OpenDeps = {}): Promise<FileResult<T, OpenFailureReason>> {
      const opened = await openBytes(fileText, passphrase, deps);
      if (!opened.ok) return opened;
      // Only the current version is this kind's schema; older ones are the caller's (openBytes).
      if (opened.value.version !== kind.version) return fail('invalid-contents');
      let text: string;
      try {
        text = new TextDecoder('utf-8', { fatal: true }).decode(opened.value.plaintext);
      } catch {
        return fail('invalid-contents');
      }
      const content = parseJsonSafely(text);
      if (!content.ok) return fail('invalid-contents');
      const value = kind.schema.safeParse(content.value);
      if (!value.success) return fail('invalid-contents');
      return { ok: true, value: value.data };
    },

    /**
     * The decrypted bytes of a file of any version this kind still opens, and that version,
     * after the same checks as `open` up to the passphrase; the caller decodes and checks them.
     */
    openBytes,
  };

  function checkIterations(deps: SealDeps): number {
    const iterations = deps.iterations ?? MINIMUM_ITERATIONS;
    const floor = iterationsFloor(deps.minimumIterations);
    if (!Number.isSafeInteger(iterations) || iterations < floor || iterations > MAXIMUM_ITERATIONS) {
      throw new RangeError(`iterations must be an integer from ${floor} to ${MAXIMUM_ITERATIONS}`);
    }
    return iterations;
  }

  async function sealBytes(plaintext: Uint8Array<ArrayBuffer>, passphrase: string, deps: SealDeps = {}): Promise<FileResult<string, SealFailureReason>> {
    const iterations = checkIterations(deps);
    if (codePointLength(passphrase) < MINIMUM_PASSPHRASE_LENGTH) return fail('passphrase-too-short');
    const subtle = subtleCrypto();
    if (!subtle) return fail('crypto-unavailable');

    const randomBytes = deps.randomBytes ?? defaultRandomBytes;
    const salt = new Uint8Array(randomBytes(SALT_BYTES));
    const iv = new Uint8Array(randomBytes(IV_BYTES));
    if (salt.length !== SALT_BYTES || iv.length !== IV_BYTES) throw new RangeError('randomBytes returned the wrong length');

    const key = await passphraseKey(subtle, passphrase, salt, iterations, 'encrypt');
    const ciphertext = await subtle.encrypt({ name: 'AES-GCM', iv, additionalData: additionalData(kind.format, kind.version) }, key, plaintext);
    // Past the limit, the text would be refused when opened: do not build it.
    if (Math.ceil(ciphertext.byteLength / 3) * 4 > kind.maxBytes) return fail('file-too-large');

    const file: z.input<typeof $Envelope> = {
      format: kind.format,
      version: kind.version,
      kdf: { name: 'PBKDF2', hash: 'SHA-256', iterations, salt: bytesToBase64(salt) },
      cipher: { name: 'AES-GCM', iv: bytesToBase64(iv) },
      ciphertext: bytesToBase64(new Uint8Array(ciphertext)),
    };
    const text = JSON.stringify(file, null, 2);
    if (byteLength(text) > kind.maxBytes) return fail('file-too-large');
    return { ok: true, value: text };
  }

  async function openBytes(fileText: string, passphrase: string, deps: OpenDeps = {}): Promise<FileResult<{ version: number; plaintext: ArrayBuffer }, OpenFailureReason>> {
    const floor = iterationsFloor(deps.minimumIterations);
    if (byteLength(fileText) > kind.maxBytes) return fail('file-too-large');

    const json = parseJsonSafely(fileText);
    if (!json.ok) {
      // A file cut short still names our format near its start: call it damaged, not foreign.
      if (!json.forbiddenKey && !json.tooDeep && fileText.includes(`"${kind.format}"`)) return fail('damaged-file');
      return fail('not-this-kind-of-file');
    }

    const header = $Header.safeParse(json.value);
    if (!header.success) return fail('not-this-kind-of-file');
    const { version } = header.data;
    if (typeof version === 'number' && Number.isInteger(version) && version > kind.version) return fail('newer-version');

    const envelope = $Envelope.safeParse(json.value);
    if (!envelope.success) return fail('damaged-file');
    const { kdf, cipher, ciphertext } = envelope.data;
    const fileVersion = envelope.data.version;

    if (kdf.iterations < floor) return fail('iterations-too-low');
    if (codePointLength(passphrase) < MINIMUM_PASSPHRASE_LENGTH) return fail('passphrase-too-short');

    const subtle = subtleCrypto();
    if (!subtle) return fail('crypto-unavailable');

    const key = await passphraseKey(subtle, passphrase, kdf.salt, kdf.iterations, 'decrypt');
    let plaintext: ArrayBuffer;
    try {
      plaintext = await subtle.decrypt({ name: 'AES-GCM', iv: cipher.iv, additionalData: additionalData(kind.format, fileVersion) }, key, ciphertext);
    } catch (error) {
      // Compared by name, not instanceof: under jsdom the DOMException is from another realm.
      if (typeof error === 'object' && error !== null && 'name' in error && error.name === 'OperationError') return fail('wrong-passphrase-or-changed');
      throw error;
    }
    return { ok: true, value: { version: fileVersion, plaintext } };
  }
}
