/**
 * Property-based tests of backup import (issue 17, point 4): whatever text is offered as a backup
 * (random, a real backup damaged, its envelope or its decrypted contents mutated and sealed again),
 * opening it never throws and either refuses it with one of backupMessages, changing nothing, or
 * opens contents that restore without an error; and any set of people with a signed session
 * exported, opened and restored on another device exports again to the very same rows.
 */
import 'fake-indexeddb/auto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { BACKUP_FORMAT, backupMessages, createBackup, MAX_BACKUP_BYTES, type BackupContents } from '../../client/db/backup.ts';
import { createPassphraseFile } from '../../client/crypto/passphraseFile.ts';
import { addPerson, device, signedSession, type Device } from './devices.ts';
import { damagedText, hostileText, isTypedRefusal, mutated, NUM_RUNS, SLOW_RUNS, textOf } from '../properties/hostile.ts';

const PASS = 'backup passphrase';
const fast = { iterations: 2_000, minimumIterations: 2_000 } as const;
const fastOpen = { minimumIterations: 2_000 } as const;
const now = () => new Date('2026-11-22T10:00:00Z');
const version3 = createPassphraseFile<unknown>({ format: BACKUP_FORMAT, version: 3, maxBytes: MAX_BACKUP_BYTES, schema: z.unknown(), messages: backupMessages });

const backupOf = (on: Device) => createBackup(on.db, { now, keyring: null });
const piped = async (bytes: Uint8Array<ArrayBuffer>, through: CompressionStream | DecompressionStream) => new Uint8Array(await new Response(new Blob([bytes]).stream().pipeThrough(through)).arrayBuffer());

/** A version 3 file holding this content (any JSON, the app's or not), sealed with PASS. */
async function sealedContent(content: unknown): Promise<string> {
  const sealed = await version3.sealBytes(await piped(new TextEncoder().encode(textOf(content)), new CompressionStream('gzip')), PASS, fast);
  if (!sealed.ok) throw new Error(sealed.message);
  return sealed.value;
}

async function rowCount(on: Device): Promise<number> {
  let total = 0;
  for (const table of on.db.tables) total += await table.count();
  return total;
}

let source: Device;
let validFile: string;
let validContent: unknown;
/** One device every refused file is offered to: it must stay empty. */
let target: Device;

beforeAll(async () => {
  source = device('source');
  const personId = await addPerson(source, 'Val Visitor');
  await signedSession(source, personId, '2026-11-01');
  const file = await backupOf(source).export(PASS, fast);
  if (!file.ok) throw new Error(file.message);
  validFile = file.value;
  const opened = await version3.openBytes(validFile, PASS, fastOpen);
  if (!opened.ok) throw new Error(opened.message);
  validContent = JSON.parse(new TextDecoder().decode(await piped(new Uint8Array(opened.value.plaintext), new DecompressionStream('gzip'))));
  target = device('target');
});
afterAll(async () => {
  await source.close();
  await target.close();
});

/** Opened on the target device: a typed refusal changing nothing, or contents that restore (on a device of their own) without an error. */
async function openedSafely(fileText: string): Promise<void> {
  const opened = await backupOf(target).open(fileText, PASS, fastOpen);
  if (!opened.ok) {
    expect(isTypedRefusal(opened, backupMessages), JSON.stringify(opened)).toBe(true);
    expect(await rowCount(target)).toBe(0);
    return;
  }
  const fresh = device('fresh');
  try {
    const backup = backupOf(fresh);
    await backup.restore(opened.value);
    await backup.derivedWritten();
  } finally {
    await fresh.close();
  }
}

describe('backup import, property-based', () => {
  it('refuses any text that is not a backup, with its reason, changing nothing', async () => {
    await fc.assert(fc.asyncProperty(hostileText, openedSafely), { numRuns: NUM_RUNS });
  });

  it('refuses a real backup damaged on the way (a character changed, cut short, grown)', async () => {
    await fc.assert(fc.asyncProperty(damagedText(validFile), openedSafely), { numRuns: SLOW_RUNS });
  });

  it('refuses a real backup whose envelope is mutated (keys dropped, renamed, types swapped, nested deeply, sizes and rounds inflated)', async () => {
    const envelope = JSON.parse(validFile) as unknown;
    await fc.assert(fc.asyncProperty(mutated(envelope), (value) => openedSafely(textOf(value))), { numRuns: SLOW_RUNS });
  });

  it('opens mutated contents sealed with the right passphrase only if every row is valid, and they restore without an error', async () => {
    await fc.assert(fc.asyncProperty(mutated(validContent), async (value) => openedSafely(await sealedContent(value))), { numRuns: SLOW_RUNS });
  });

  it('refuses a valid backup row carrying an extra field nested past the limit (it threw an uncaught RangeError on restore)', async () => {
    const content = validContent as { tables: { people: Record<string, unknown>[] } };
    const [person] = content.tables.people;
    const deep = await sealedContent({ ...content, tables: { ...content.tables, people: [{ ...person, extra: JSON.parse(`${'['.repeat(5_000)}1${']'.repeat(5_000)}`) as unknown }] } });
    expect(await backupOf(target).open(deep, PASS, fastOpen)).toMatchObject({ ok: false, reason: 'invalid-contents', message: backupMessages['invalid-contents'] });
    expect(await rowCount(target)).toBe(0);
  });

  it('round-trips: people and a signed session exported, opened and restored elsewhere export again to the same rows', async () => {
    const name = fc.stringMatching(/^[A-Za-z][A-Za-z' -]{0,30}[A-Za-z]$/);
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(fc.record({ name, role: fc.constantFrom('Health Visitor', 'School Nurse', 'Social Worker') }), { minLength: 1, maxLength: 4, selector: (p) => p.name }), async (people) => {
        const first = device('first');
        const second = device('second');
        try {
          const personId = await addPerson(first, people[0]!.name, people[0]!.role);
          for (const person of people.slice(1)) await addPerson(first, person.name, person.role);
          await signedSession(first, personId, '2026-11-01');
          const rowsOf = async (on: Device): Promise<BackupContents> => {
            const file = await backupOf(on).export(PASS, fast);
            if (!file.ok) throw new Error(file.message);
            const opened = await backupOf(second).open(file.value, PASS, fastOpen);
            if (!opened.ok) throw new Error(opened.message);
            return opened.value;
          };
          const exported = await rowsOf(first);
          const backup = backupOf(second);
          expect(await backup.restore(exported)).toMatchObject({ added: expect.any(Number), keptAsCopy: 0, refused: 0 });
          await backup.derivedWritten();
          const again = await rowsOf(second);
          expect(again.tables).toEqual(exported.tables);
          expect(exported.tables.people).toHaveLength(people.length);
        } finally {
          await first.close();
          await second.close();
        }
      }),
      { numRuns: Math.max(3, Math.round(SLOW_RUNS / 2)) },
    );
  });
});
