/**
 * Backup and restore on fake-indexeddb over the sealed database: a backup restores onto an
 * empty device with every record (a signed record still verifies); importing twice duplicates
 * nothing; a record that differs locally is kept, not overwritten; a wrong passphrase, a damaged
 * file and hostile files (not JSON, truncated, over the size limit, deeply nested, __proto__
 * keys, wrong types, duplicate ids) are refused with the reason, changing nothing.
 */
import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { SupervisionDB } from '../../client/db/db.ts';
import { Keyring } from '../../client/db/atRest.ts';
import { createRepositories, type Repositories } from '../../client/db/repositories.ts';
import { backupMessages, createBackup, MAX_BACKUP_BYTES } from '../../client/db/backup.ts';
import { inputOf, restoreSession } from '../../machines/persistence.ts';
import { verifyRecord } from '../../machines/record/verify.ts';
import { derby, driveDerbyWithoutCases, signBoth } from '../machines/fixtures.ts';

const fast = { iterations: 2_000, minimumIterations: 2_000 } as const;
const fastOpen = { minimumIterations: 2_000 } as const;
const PASS = 'backup passphrase';
const now = () => new Date('2026-11-22T10:00:00Z');
const names: string[] = [];
let ids = 0;

function device(): { db: SupervisionDB; repositories: Repositories; backup: ReturnType<typeof createBackup> } {
  const keyring = new Keyring();
  keyring.unlock(crypto.getRandomValues(new Uint8Array(32)));
  const name = `backup-${Math.random()}`;
  names.push(name);
  const db = new SupervisionDB(name, { keyring });
  return { db, repositories: createRepositories(db, { now, newId: () => `id-${String(++ids).padStart(6, '0')}` }), backup: createBackup(db, { now }) };
}

let source: ReturnType<typeof device>;
beforeEach(() => {
  source = device();
});
afterEach(async () => {
  for (const name of names.splice(0)) await Dexie.delete(name);
});

async function signedSession(repositories: Repositories, personId: string): Promise<string> {
  const template = derby();
  const created = await repositories.sessions.create({ template, sessionType: 'safeguarding-supervision', date: '2026-11-01', personId, supervisor: { name: 'Sam Supervisor', role: 'Named Nurse' } });
  if (!created.ok) throw new Error(created.message);
  const stored = (await repositories.sessions.get(created.value))!;
  const restored = restoreSession(template, stored.record, await repositories.sessions.snapshot(created.value));
  const actor = createActor(restored.machine, { snapshot: restored.snapshot, input: inputOf(stored.record) }).start();
  driveDerbyWithoutCases(actor, { id: 'act-000001', what: 'Send the chronology', owner: { kind: 'supervisee', name: '' }, dueDate: '2026-12-31', caseId: null });
  signBoth(actor);
  await repositories.sessions.save(template, actor.getSnapshot().context, actor.getPersistedSnapshot());
  actor.stop();
  return created.value;
}

async function filled(): Promise<{ personId: string; sessionId: string }> {
  const person = await source.repositories.people.add({ name: 'Val Visitor', role: 'Health Visitor' });
  if (!person.ok) throw new Error(person.message);
  const sessionId = await signedSession(source.repositories, person.value.id);
  return { personId: person.value.id, sessionId };
}

async function counts(db: SupervisionDB): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of db.tables) out[table.name] = await table.count();
  return out;
}

describe('backup and restore', () => {
  it('restores every record onto an empty device; the signed record still verifies; a second import adds nothing', async () => {
    const { sessionId } = await filled();
    const file = await source.backup.export(PASS, fast);
    if (!file.ok) throw new Error(file.message);
    expect(file.value).not.toContain('Val Visitor');

    const target = device();
    const opened = await target.backup.open(file.value, PASS, fastOpen);
    if (!opened.ok) throw new Error(opened.message);
    const first = await target.backup.restore(opened.value);
    expect(first.added).toBeGreaterThan(5);
    expect(first).toMatchObject({ alreadyHere: 0, keptLocal: 0 });
    const stored = await target.repositories.sessions.get(sessionId);
    expect(stored?.row.status).toBe('signed');
    expect(verifyRecord(stored!.record).status).toBe('valid');
    expect((await target.repositories.people.list()).map((p) => p.name)).toEqual(['Val Visitor']);
    // The signature made on the first device still verifies here (its public key travels with it).
    expect(await target.repositories.signatures.check(sessionId)).toMatchObject({ status: 'valid', chain: { status: 'intact' } });

    const before = await counts(target.db);
    const second = await target.backup.restore(opened.value);
    expect(second).toEqual({ added: 0, alreadyHere: first.added, keptLocal: 0 });
    expect(await counts(target.db)).toEqual(before);
  });

  it('keeps a conflicting local version rather than overwriting it', async () => {
    const { personId } = await filled();
    const file = await source.backup.export(PASS, fast);
    if (!file.ok) throw new Error(file.message);
    const target = device();
    const opened = await target.backup.open(file.value, PASS, fastOpen);
    if (!opened.ok) throw new Error(opened.message);
    await target.backup.restore(opened.value);
    // The person is renamed here; restoring again keeps this device's version.
    const row = (await target.db.people.get(personId))!;
    await target.db.people.put({ ...row, content: { ...row.content, name: 'Val Visitor-Jones' } });
    const report = await target.backup.restore(opened.value);
    expect(report.keptLocal).toBe(1);
    expect((await target.repositories.people.get(personId))?.name).toBe('Val Visitor-Jones');
  });

  it('a wrong passphrase or a flipped byte restores nothing and says why', async () => {
    await filled();
    const file = await source.backup.export(PASS, fast);
    if (!file.ok) throw new Error(file.message);
    const target = device();
    expect(await target.backup.open(file.value, 'not the passphrase', fastOpen)).toMatchObject({ ok: false, reason: 'wrong-passphrase-or-changed', message: backupMessages['wrong-passphrase-or-changed'] });
    const parsed = JSON.parse(file.value) as { ciphertext: string };
    const flipped = JSON.stringify({ ...parsed, ciphertext: (parsed.ciphertext.startsWith('A') ? 'B' : 'A') + parsed.ciphertext.slice(1) });
    expect(await target.backup.open(flipped, PASS, fastOpen)).toMatchObject({ ok: false, reason: 'wrong-passphrase-or-changed' });
    expect(Object.values(await counts(target.db)).reduce((a, b) => a + b, 0)).toBe(0);
  });

  it.each([
    ['not JSON', () => 'this is not json', 'not-this-kind-of-file'],
    ['truncated', (text: string) => text.slice(0, 120), 'damaged-file'],
    ['another format', (text: string) => text.replace('safeguarding-supervision/backup', 'safeguarding-supervision/preparation'), 'not-this-kind-of-file'],
    ['__proto__ keys', (text: string) => `{"__proto__": {"polluted": true}, ${text.slice(1)}`, 'not-this-kind-of-file'],
    ['deeply nested', () => `${'['.repeat(100_000)}${']'.repeat(100_000)}`, 'not-this-kind-of-file'],
    ['wrong types', (text: string) => JSON.stringify({ ...(JSON.parse(text) as object), kdf: 'strong' }), 'damaged-file'],
  ])('refuses a file that is %s, changing nothing', async (_name, make, reason) => {
    await filled();
    const file = await source.backup.export(PASS, fast);
    if (!file.ok) throw new Error(file.message);
    const target = device();
    expect(await target.backup.open(make(file.value), PASS, fastOpen)).toMatchObject({ ok: false, reason });
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.values(await counts(target.db)).reduce((a, b) => a + b, 0)).toBe(0);
  });

  it('refuses a file over the size limit before reading it', async () => {
    const target = device();
    const huge = 'x'.repeat(MAX_BACKUP_BYTES + 1);
    expect(await target.backup.open(huge, PASS, fastOpen)).toMatchObject({ ok: false, reason: 'file-too-large' });
  });

  it('refuses contents with duplicate ids, unknown tables or invalid rows, even when properly encrypted', async () => {
    const { personId } = await filled();
    const good = await source.backup.export(PASS, fast);
    if (!good.ok) throw new Error(good.message);
    const target = device();
    const opened = await target.backup.open(good.value, PASS, fastOpen);
    if (!opened.ok) throw new Error(opened.message);
    // Seal hostile contents with the same machinery, bypassing export's own check, to prove open() checks them.
    const { createPassphraseFile } = await import('../../client/crypto/passphraseFile.ts');
    const { z } = await import('zod');
    const raw = createPassphraseFile<unknown>({ format: 'safeguarding-supervision/backup', version: 1, maxBytes: MAX_BACKUP_BYTES, schema: z.unknown(), messages: backupMessages });
    const people = opened.value.tables.people;
    for (const contents of [
      { ...opened.value, tables: { ...opened.value.tables, people: [...people, ...people] } },
      { ...opened.value, tables: { ...opened.value.tables, strangers: [] } },
      { ...opened.value, tables: { ...opened.value.tables, people: [{ id: personId, updatedAt: '2026-11-22', content: { name: '' } }] } },
      { ...opened.value, tables: { ...opened.value.tables, sessions: [{ id: 'x' }] } },
      {},
    ]) {
      const sealed = await raw.seal(contents, PASS, fast);
      if (!sealed.ok) throw new Error(sealed.message);
      expect(await target.backup.open(sealed.value, PASS, fastOpen)).toMatchObject({ ok: false, reason: 'invalid-contents' });
    }
    expect(Object.values(await counts(target.db)).reduce((a, b) => a + b, 0)).toBe(0);
  });
});
