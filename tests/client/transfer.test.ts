// Moving a preparation between devices: the passphrase-sealed file and every way an import
// can be refused. jsdom's globalThis.crypto.subtle is Node's WebCrypto, so this runs in the
// components project under jsdom as it is (no per-file environment pragma is needed; the
// pragma's name must not appear in this comment, or Vitest would read it as one).
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PreparationV1 } from '../../machines/model/preparation.ts';
import {
  MAX_FILE_BYTES,
  MINIMUM_ITERATIONS,
  PREPARATION_FILE_FORMAT,
  exportPreparation,
  importPreparation,
  preparationFileName,
  transferMessages,
} from '../../client/preparation/transfer.ts';

/** Tests use few rounds for speed, always with the matching explicit floor. */
const fast = { iterations: 2_000, minimumIterations: 2_000 } as const;
const fastImport = { minimumIterations: 2_000 } as const;
const passphrase = 'correct horse battery';

const preparation: PreparationV1 = {
  schema: 'preparation/v1',
  id: 'prep_0001abcd',
  supervisee: { name: 'Priya Shah', role: 'Health Visitor' },
  forDate: '2026-11-22',
  createdAt: '2026-11-20T09:15:00.000Z',
  updatedAt: '2026-11-21T18:40:00+00:00',
  issues: [
    { id: 'issue_0001', text: 'Caseload has grown since September.', bring: true },
    { id: 'issue_0002', text: 'A private worry.', bring: false },
  ],
  cases: [
    {
      id: 'case_00001',
      label: 'Baby M (Smith family)',
      stages: {
        experience: { 'experience.what-happened': 'Home visit; the house was cold — 12 °C.' },
        reflection: { 'reflection.feelings': 'Uneasy. 😟' },
        analysis: {},
      },
      bring: true,
    },
  ],
};

type Envelope = {
  format: string;
  version: number;
  kdf: { name: string; hash: string; iterations: number; salt: string };
  cipher: { name: string; iv: string };
  ciphertext: string;
  [extra: string]: unknown;
};

async function exported(deps: Parameters<typeof exportPreparation>[2] = fast): Promise<string> {
  const result = await exportPreparation(preparation, passphrase, deps);
  if (!result.ok) throw new Error(`export failed: ${result.reason}`);
  return result.value;
}

function envelopeOf(fileText: string): Envelope {
  return JSON.parse(fileText) as Envelope;
}

function fromBase64(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text, 'base64'));
}
function toBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64');
}
function flipBit(base64: string, byteIndex: number): string {
  const bytes = fromBase64(base64);
  bytes[byteIndex] = (bytes[byteIndex] ?? 0) ^ 0b0000_0100;
  return toBase64(bytes);
}

/**
 * A file built with the same primitives as the app, independently of its code, so tests
 * can seal contents or additional data the app would never write.
 */
async function sealedFile(options: {
  plaintext: string;
  aad?: unknown[];
  label?: { format: string; version: number };
  iterations?: number;
}): Promise<string> {
  const iterations = options.iterations ?? fast.iterations;
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const material = await crypto.subtle.importKey('raw', new TextEncoder().encode(passphrase), 'PBKDF2', false, ['deriveKey']);
  const key = await crypto.subtle.deriveKey(
    { name: 'PBKDF2', hash: 'SHA-256', salt, iterations },
    material,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt'],
  );
  const additionalData = new TextEncoder().encode(JSON.stringify(options.aad ?? [PREPARATION_FILE_FORMAT, 1]));
  const ciphertext = await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData }, key, new TextEncoder().encode(options.plaintext));
  const label = options.label ?? { format: PREPARATION_FILE_FORMAT, version: 1 };
  return JSON.stringify({
    format: label.format,
    version: label.version,
    kdf: { name: 'PBKDF2', hash: 'SHA-256', iterations, salt: toBase64(salt) },
    cipher: { name: 'AES-GCM', iv: toBase64(iv) },
    ciphertext: toBase64(new Uint8Array(ciphertext)),
  });
}

function edited(fileText: string, edit: (envelope: Envelope) => void): string {
  const envelope = envelopeOf(fileText);
  edit(envelope);
  return JSON.stringify(envelope);
}

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

describe('exporting and importing a preparation', () => {
  it('round-trips a preparation through the file, unicode and all', async () => {
    const fileText = await exported();

    const result = await importPreparation(fileText, passphrase, fastImport);

    expect(result).toEqual({ ok: true, value: preparation });
  });

  it('writes the documented envelope: PBKDF2-SHA-256, AES-GCM, 16-byte salt, 12-byte IV', async () => {
    const envelope = envelopeOf(await exported());

    expect(Object.keys(envelope).sort()).toEqual(['cipher', 'ciphertext', 'format', 'kdf', 'version']);
    expect(envelope).toMatchObject({
      format: 'safeguarding-supervision/preparation',
      version: 1,
      kdf: { name: 'PBKDF2', hash: 'SHA-256', iterations: fast.iterations },
      cipher: { name: 'AES-GCM' },
    });
    expect(fromBase64(envelope.kdf.salt)).toHaveLength(16);
    expect(fromBase64(envelope.cipher.iv)).toHaveLength(12);
    // Nothing readable leaks into the file.
    const fileText = JSON.stringify(envelope);
    for (const secret of ['Priya', 'Smith', 'Caseload', 'Health Visitor']) expect(fileText).not.toContain(secret);
  });

  it('uses a fresh salt and IV for every export, so two exports of the same input differ', async () => {
    const first = envelopeOf(await exported());
    const second = envelopeOf(await exported());

    expect(second.kdf.salt).not.toBe(first.kdf.salt);
    expect(second.cipher.iv).not.toBe(first.cipher.iv);
    expect(second.ciphertext).not.toBe(first.ciphertext);
  });

  it('takes its salt and IV from the injected randomBytes', async () => {
    const randomBytes = vi.fn((n: number) => new Uint8Array(n).fill(n));

    const envelope = envelopeOf(await exported({ ...fast, randomBytes }));

    expect(randomBytes.mock.calls).toEqual([[16], [12]]);
    expect(fromBase64(envelope.kdf.salt)).toEqual(new Uint8Array(16).fill(16));
    expect(fromBase64(envelope.cipher.iv)).toEqual(new Uint8Array(12).fill(12));
  });

  it('accepts the passphrase however the other device composes its accents (NFC)', async () => {
    const composed = 'caf\u00e9 au lait';
    const decomposed = 'cafe\u0301 au lait';
    const result = await exportPreparation(preparation, composed, fast);
    if (!result.ok) throw new Error(result.reason);

    expect((await importPreparation(result.value, decomposed, fastImport)).ok).toBe(true);
  });

  it('refuses a passphrase shorter than 8 characters, counting characters as people do', async () => {
    expect(await exportPreparation(preparation, 'short12', fast)).toEqual({
      ok: false,
      reason: 'passphrase-too-short',
      message: 'Use a passphrase of at least 8 characters.',
    });
    // Seven emoji are 14 UTF-16 units but seven characters.
    expect(await exportPreparation(preparation, '😀😀😀😀😀😀😀', fast)).toMatchObject({ reason: 'passphrase-too-short' });
    expect((await exportPreparation(preparation, '12345678', fast)).ok).toBe(true);
  });

  it('says the passphrase is too short on import without spending time on it', async () => {
    const result = await importPreparation(await exported(), 'short12', fastImport);

    expect(result).toMatchObject({ ok: false, reason: 'passphrase-too-short' });
  });

  it('refuses to export a preparation that is not valid, so it never writes a file the import would refuse', async () => {
    const invalid: PreparationV1 = { ...preparation, supervisee: { name: '  ', role: '' } };

    expect(await exportPreparation(invalid, passphrase, fast)).toMatchObject({ ok: false, reason: 'invalid-value' });
  });
});

describe('refusing files, each with its own reason', () => {
  it('refuses a wrong passphrase, and says it cannot be told apart from a changed file', async () => {
    const result = await importPreparation(await exported(), 'not the passphrase', fastImport);

    expect(result).toEqual({
      ok: false,
      reason: 'wrong-passphrase-or-changed',
      message: transferMessages['wrong-passphrase-or-changed'],
    });
    if (!result.ok) expect(result.message).toMatch(/passphrase is wrong, or the file has been changed.*cannot tell these apart/);
  });

  it.each([
    ['the ciphertext', (e: Envelope) => void (e.ciphertext = flipBit(e.ciphertext, 5))],
    ['the authentication tag', (e: Envelope) => void (e.ciphertext = flipBit(e.ciphertext, fromBase64(e.ciphertext).length - 1))],
    ['the IV', (e: Envelope) => void (e.cipher.iv = flipBit(e.cipher.iv, 0))],
    ['the salt', (e: Envelope) => void (e.kdf.salt = flipBit(e.kdf.salt, 15))],
  ])('refuses a file with one bit flipped in %s, though the passphrase is right', async (_where, tamper) => {
    const result = await importPreparation(edited(await exported(), tamper), passphrase, fastImport);

    expect(result).toMatchObject({ ok: false, reason: 'wrong-passphrase-or-changed' });
  });

  it('refuses a file with a different format name as not a preparation', async () => {
    const fileText = edited(await exported(), (e) => void (e.format = 'safeguarding-supervision/record'));

    expect(await importPreparation(fileText, passphrase, fastImport)).toEqual({
      ok: false,
      reason: 'not-this-kind-of-file',
      message: 'This file is not a supervision preparation.',
    });
  });

  it('refuses a file from a newer version of the app', async () => {
    const fileText = edited(await exported(), (e) => {
      e.version = 2;
      e.kdf.name = 'Argon2id'; // a newer file may look different: still "newer", not "damaged"
    });

    const result = await importPreparation(fileText, passphrase, fastImport);

    expect(result).toMatchObject({ ok: false, reason: 'newer-version' });
    if (!result.ok) expect(result.message).toContain('This file was made by a newer version of the app.');
  });

  it.each([
    ['another version', [PREPARATION_FILE_FORMAT, 2]],
    ['another format', ['safeguarding-supervision/record', 1]],
  ])('refuses contents sealed as %s but relabelled as a version-1 preparation (format and version are bound)', async (_what, aad) => {
    const fileText = await sealedFile({ plaintext: JSON.stringify(preparation), aad });

    const result = await importPreparation(fileText, passphrase, fastImport);

    expect(result).toMatchObject({ ok: false, reason: 'wrong-passphrase-or-changed' });
  });

  it('refuses a file whose iterations were lowered to 1000, even though the passphrase is right', async () => {
    const fileText = edited(await exported(), (e) => void (e.kdf.iterations = 1000));

    const result = await importPreparation(fileText, passphrase, fastImport);

    expect(result).toMatchObject({ ok: false, reason: 'iterations-too-low' });
  });

  it('refuses a genuinely weak file unless a test lowers the floor explicitly', async () => {
    const weak = await sealedFile({ plaintext: JSON.stringify(preparation), iterations: 1000 });

    expect(await importPreparation(weak, passphrase)).toMatchObject({ ok: false, reason: 'iterations-too-low' });
    expect((await importPreparation(weak, passphrase, { minimumIterations: 1000 })).ok).toBe(true);
  });

  it('never lowers the floor outside tests: in a production build asking for it throws', async () => {
    vi.stubEnv('MODE', 'production');
    const weak = await sealedFile({ plaintext: JSON.stringify(preparation), iterations: 1000 });

    await expect(importPreparation(weak, passphrase, { minimumIterations: 1000 })).rejects.toThrow(/only for tests/);
    await expect(exportPreparation(preparation, passphrase, fast)).rejects.toThrow(/only for tests/);
  });

  it('throws (a programming error) when asked to export with fewer rounds than the floor', async () => {
    await expect(exportPreparation(preparation, passphrase, { iterations: 1000 })).rejects.toThrow(RangeError);
    await expect(exportPreparation(preparation, passphrase, { iterations: 1000, minimumIterations: 2000 })).rejects.toThrow(
      RangeError,
    );
  });

  it('calls a file cut short damaged, not foreign', async () => {
    const fileText = await exported();

    expect(await importPreparation(fileText.slice(0, fileText.length / 2), passphrase, fastImport)).toMatchObject({
      ok: false,
      reason: 'damaged-file',
    });
  });

  it.each([
    ['ciphertext cut mid-base64', (e: Envelope) => void (e.ciphertext = e.ciphertext.slice(0, -3))],
    ['ciphertext no longer than its tag', (e: Envelope) => void (e.ciphertext = toBase64(fromBase64(e.ciphertext).slice(0, 16)))],
    ['empty ciphertext', (e: Envelope) => void (e.ciphertext = '')],
    ['an 8-byte IV', (e: Envelope) => void (e.cipher.iv = toBase64(new Uint8Array(8)))],
    ['a 15-byte salt', (e: Envelope) => void (e.kdf.salt = toBase64(new Uint8Array(15)))],
    ['characters outside base64', (e: Envelope) => void (e.cipher.iv = `!${e.cipher.iv.slice(1)}`)],
    ['URL-safe base64', (e: Envelope) => void (e.ciphertext = e.ciphertext.replace(/\+/g, '-').replace(/\//g, '_') + '-_')],
    ['base64 with its unused bits set', (e: Envelope) => void (e.kdf.salt = 'AAAAAAAAAAAAAAAAAAAAAB==')],
    ['whitespace in base64', (e: Envelope) => void (e.ciphertext = `${e.ciphertext.slice(0, 8)}\n${e.ciphertext.slice(8)}`)],
    ['a missing IV', (e: Envelope) => void Reflect.deleteProperty(e.cipher, 'iv')],
    ['iterations as text', (e: Envelope) => Reflect.set(e.kdf, 'iterations', '600000')],
    ['absurd iterations', (e: Envelope) => void (e.kdf.iterations = 1e12)],
    ['another key derivation', (e: Envelope) => void (e.kdf.hash = 'SHA-1')],
    ['another cipher', (e: Envelope) => void (e.cipher.name = 'AES-CBC')],
    ['an unknown field', (e: Envelope) => void (e.note = 'hello')],
    ['version 0', (e: Envelope) => void (e.version = 0)],
  ])('refuses a damaged file: %s', async (_what, damage) => {
    const fileText = edited(await exported(), damage);

    const result = await importPreparation(fileText, passphrase, fastImport);

    expect(result).toMatchObject({ ok: false, reason: 'damaged-file' });
    if (!result.ok) expect(result.message).toMatch(/damaged/);
  });

  it.each([
    ['text that is not JSON', 'Dear diary, today was long.'],
    ['an empty file', ''],
    ['{}', '{}'],
    ['an array', '[]'],
    ['null', 'null'],
    ['another app’s JSON', '{"type":"excalidraw","version":2,"elements":[]}'],
    ['the format name as a number', '{"format":1,"version":1}'],
  ])('refuses %s as not a preparation file', async (_what, fileText) => {
    expect(await importPreparation(fileText, passphrase, fastImport)).toEqual({
      ok: false,
      reason: 'not-this-kind-of-file',
      message: 'This file is not a supervision preparation.',
    });
  });

  it('refuses a file over 5 MB before parsing it', async () => {
    const parse = vi.spyOn(JSON, 'parse');
    const huge = edited(await exported(), (e) => void (e.ciphertext = 'A'.repeat(6 * 1024 * 1024)));
    parse.mockClear();

    const result = await importPreparation(huge, passphrase, fastImport);

    expect(result).toMatchObject({ ok: false, reason: 'file-too-large' });
    expect(parse).not.toHaveBeenCalled();
  });

  it('counts the limit in bytes, not characters', async () => {
    // 2 million characters of 3-byte text is about 6 MB on disk.
    const result = await importPreparation(`{"format":"${'€'.repeat(2_000_000)}"}`, passphrase, fastImport);

    expect(MAX_FILE_BYTES).toBe(5 * 1024 * 1024);
    expect(result).toMatchObject({ ok: false, reason: 'file-too-large' });
  });

  it.each([
    ['__proto__ at the top', (t: string) => t.replace('{', '{"__proto__":{"polluted":true},')],
    ['constructor inside kdf', (t: string) => t.replace('"kdf": {', '"kdf": {"constructor":{"prototype":{}},')],
  ])('refuses JSON with a %s key', async (_what, inject) => {
    const fileText = inject(await exported());
    expect(fileText).toMatch(/__proto__|constructor/);

    const result = await importPreparation(fileText, passphrase, fastImport);

    expect(result).toMatchObject({ ok: false, reason: 'not-this-kind-of-file' });
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it.each([
    ['JSON that is not a preparation', JSON.stringify({ schema: 'preparation/v1', id: 'x' })],
    ['a preparation with an extra field', JSON.stringify({ ...preparation, secretNote: 'x' })],
    ['a preparation from a future schema', JSON.stringify({ ...preparation, schema: 'preparation/v2' })],
    ['a __proto__ key inside the contents', JSON.stringify(preparation).replace('"analysis":{}', '"analysis":{"__proto__":"x"}')],
    ['text that is not JSON', 'hello, world'],
  ])('refuses well-sealed contents that are %s', async (_what, plaintext) => {
    const fileText = await sealedFile({ plaintext });

    const result = await importPreparation(fileText, passphrase, fastImport);

    expect(result).toEqual({
      ok: false,
      reason: 'invalid-contents',
      message: 'The file’s contents are not a valid preparation.',
    });
  });

  it('accepts contents sealed independently with the same primitives (the format is as documented)', async () => {
    const fileText = await sealedFile({ plaintext: JSON.stringify(preparation) });

    expect(await importPreparation(fileText, passphrase, fastImport)).toEqual({ ok: true, value: preparation });
  });
});

describe('the real strength', () => {
  it(
    `exports with exactly ${MINIMUM_ITERATIONS.toLocaleString('en-GB')} PBKDF2 rounds by default and imports without any deps`,
    async () => {
      const started = performance.now();
      const result = await exportPreparation(preparation, passphrase);
      if (!result.ok) throw new Error(result.reason);
      const imported = await importPreparation(result.value, passphrase);
      const elapsed = performance.now() - started;
      console.info(`600,000-iteration export + import: ${elapsed.toFixed(0)} ms`);

      expect(MINIMUM_ITERATIONS).toBe(600_000);
      expect(envelopeOf(result.value).kdf.iterations).toBe(600_000);
      expect(imported).toEqual({ ok: true, value: preparation });
    },
    30_000,
  );
});

describe('the file name', () => {
  it('names the file by the session date, never by the supervisee or a case', () => {
    const name = preparationFileName(preparation);

    expect(name).toBe('supervision-preparation-2026-11-22.sspf');
    for (const personal of ['Priya', 'Shah', 'Baby', 'Smith', 'Health']) expect(name).not.toContain(personal);
  });

  it('falls back to the day it was last changed when the session date is not known', () => {
    expect(preparationFileName({ ...preparation, forDate: '' })).toBe('supervision-preparation-2026-11-21.sspf');
  });
});
