/**
 * Backup and restore on fake-indexeddb over the sealed database: a backup restores onto an
 * empty device with every record (a signed record still verifies); importing twice duplicates
 * nothing; a record that differs locally is kept, not overwritten; a wrong passphrase, a damaged
 * file and hostile files (not JSON, truncated, over the size limit, deeply nested, __proto__
 * keys, wrong types, duplicate ids) are refused with the reason, changing nothing.
 */
import 'fake-indexeddb/auto';
import Dexie, { liveQuery } from 'dexie';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createActor } from 'xstate';
import { SupervisionDB, type PersonRow } from '../../client/db/db.ts';
import { Keyring } from '../../client/db/atRest.ts';
import { createRepositories, type Repositories } from '../../client/db/repositories.ts';
import { BACKUP_FORMAT, backupMessages, backupTables, createBackup, MAX_BACKUP_BYTES, MAX_BACKUP_UNPACKED_BYTES, recordTables } from '../../client/db/backup.ts';
import { createPassphraseFile } from '../../client/crypto/passphraseFile.ts';
import { concat } from '../../client/db/backupContent.ts';
import { z } from 'zod';
import { inputOf, restoreSession } from '../../client/live/session.ts';
import { verifyRecord } from '../../machines/record/verify.ts';
import { derby, driveDerbyWithoutCases, signBoth, temple } from '../machines/fixtures.ts';
import { createSession } from '../../client/live/create.ts';

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
  return { db, repositories: createRepositories(db, { now, newId: () => `id-${String(++ids).padStart(6, '0')}` }), backup: createBackup(db, { now, keyring }) };
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
  const created = await createSession(repositories, { template, sessionType: 'safeguarding-supervision', date: '2026-11-01', personId, supervisor: { name: 'Sam Supervisor', role: 'Named Nurse' } });
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

/** A session left in progress (its snapshot is what resumes it). */
async function inProgressSession(repositories: Repositories, personId: string, template = derby()): Promise<string> {
  const created = await createSession(repositories, { template, sessionType: template.sessionTypes[0]?.id ?? 'safeguarding-supervision', date: '2026-11-08', personId, supervisor: { name: 'Sam Supervisor', role: 'Named Nurse' } });
  if (!created.ok) throw new Error(created.message);
  return created.value;
}

/** Any version of the backup's file with any content, sealed by the shared machinery (bypassing export's own checks). */
function rawBackupFile(version: number) {
  return createPassphraseFile<unknown>({ format: BACKUP_FORMAT, version, maxBytes: MAX_BACKUP_BYTES, schema: z.unknown(), messages: backupMessages });
}

async function streamBytes(stream: ReadableStream<Uint8Array>): Promise<Uint8Array<ArrayBuffer>> {
  const chunks: Uint8Array[] = [];
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
  }
  return concat(chunks);
}

async function gzip(chunks: Iterable<Uint8Array<ArrayBuffer>>): Promise<Uint8Array<ArrayBuffer>> {
  const stream = new CompressionStream('gzip');
  const writer = stream.writable.getWriter();
  const out = streamBytes(stream.readable);
  for (const chunk of chunks) await writer.write(chunk);
  await writer.close();
  return out;
}

/** What a version 3 file holds, decrypted and unpacked. */
async function contentOf(fileText: string): Promise<{ templates: unknown[]; tables: Record<string, Record<string, unknown>[]> }> {
  const opened = await rawBackupFile(3).openBytes(fileText, PASS, fastOpen);
  if (!opened.ok) throw new Error(opened.message);
  expect(opened.value.version).toBe(3);
  const stream = new DecompressionStream('gzip');
  const writer = stream.writable.getWriter();
  void writer.write(new Uint8Array(opened.value.plaintext));
  void writer.close();
  return JSON.parse(new TextDecoder().decode(await streamBytes(stream.readable))) as { templates: unknown[]; tables: Record<string, Record<string, unknown>[]> };
}

/** The source device's backup, sealed with PASS (the test fails if it cannot be made). */
async function exported(): Promise<string> {
  const file = await source.backup.export(PASS, fast);
  if (!file.ok) throw new Error(file.message);
  return file.value;
}

/** A backup file opened on a device (the test fails if it cannot be opened). */
async function openedOn(target: ReturnType<typeof device>, fileText: string) {
  const opened = await target.backup.open(fileText, PASS, fastOpen);
  if (!opened.ok) throw new Error(opened.message);
  return opened.value;
}

async function counts(db: SupervisionDB): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of db.tables) out[table.name] = await table.count();
  return out;
}

describe('backup and restore', () => {
  it('restores every record onto an empty device; the signed record still verifies; a second import adds nothing', async () => {
    const { sessionId } = await filled();
    const file = await exported();
    expect(file).not.toContain('Val Visitor');

    const target = device();
    const opened = await openedOn(target, file);
    const first = await target.backup.restore(opened);
    // Every record the file holds (the person, the session, its device signature…); derived rows are not records.
    expect(first.added).toBe(Object.values(opened.tables).reduce((n, rows) => n + rows.length, 0));
    expect(first.added).toBeGreaterThanOrEqual(3);
    expect(first).toMatchObject({ identical: 0, keptAsCopy: 0, refused: 0 });
    const stored = await target.repositories.sessions.get(sessionId);
    expect(stored?.row.status).toBe('signed');
    expect(verifyRecord(stored!.record).status).toBe('valid');
    expect((await target.repositories.people.list()).map((p) => p.name)).toEqual(['Val Visitor']);
    // The signature made on the first device still verifies here (its public key travels with it).
    expect(await target.repositories.signatures.check(sessionId)).toMatchObject({ status: 'valid', chain: { status: 'intact' } });

    const before = await counts(target.db);
    const second = await target.backup.restore(opened);
    expect(second).toEqual({ added: 0, identical: first.added, keptAsCopy: 0, refused: 0 });
    expect(await counts(target.db)).toEqual(before);
  });

  it('carries who signs and whose keys are pinned: on the new device the old device’s records are its person’s own, and the pins hold', async () => {
    const { personId, sessionId } = await filled();
    const trust = await source.repositories.trust();
    await trust.profile.save({ name: 'Sam Supervisor', jobRole: 'Named Nurse' });
    const pair = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify']);
    const jwk = await crypto.subtle.exportKey('jwk', pair.publicKey);
    const valKey = { kty: 'EC' as const, crv: 'P-256' as const, x: jwk.x!, y: jwk.y! };
    const pinned = await trust.pins.confirm({ personId, party: 'supervisee', name: 'Val Visitor', jobRole: 'Health Visitor', publicKey: valKey, encryptionKey: valKey, agreementId: null, replacing: null });
    expect(pinned.ok).toBe(true);
    const file = await exported();
    expect(file).not.toContain('Sam Supervisor');

    const target = device();
    await target.backup.restore(await openedOn(target, file));
    const restored = await target.repositories.trust();
    expect(await restored.profile.get()).toEqual({ name: 'Sam Supervisor', jobRole: 'Named Nurse' });
    expect(await restored.pins.of(personId)).toMatchObject([{ name: 'Val Visitor', party: 'supervisee', replacedAt: null }]);
    // A new device has a key of its own; the old device's key is listed as its person's earlier one.
    const book = await restored.book();
    expect(book.own.publicKeys).toHaveLength(2);
    expect(await target.repositories.signatures.check(sessionId)).toMatchObject({ status: 'valid', sealer: { kind: 'own', name: 'Sam Supervisor' } });
  });

  it('carries who has left, the decisions to keep records longer and the destruction log (database version 15), not the device’s own settings', async () => {
    const { personId } = await filled();
    const retention = await source.repositories.retention();
    expect(await retention.departures.markLeft(personId, '2026-10-31')).toMatchObject({ ok: true });
    await source.db.retentionHolds.put({ id: 'session:session-kept-1', updatedAt: '2026-11-02T10:00:00.000Z', content: { reason: 'Part of a practice review', reviewOn: '2027-11-02', decidedAt: '2026-11-02T10:00:00.000Z' } });
    await source.db.destructionLog.put({ id: 'destroyed-1', at: '2026-11-03T10:00:00.000Z', content: { version: 1, at: '2026-11-03T10:00:00.000Z', by: 'Sam Supervisor', counts: { session: 2, agreement: 0, preparation: 1, groupSession: 0, practice: 0 }, dates: ['2012-03-01'], relayCopies: 0 } });
    await source.db.settings.put({ id: 'lastBackup', updatedAt: '2026-11-20T09:30:00.000Z', content: { at: '2026-11-20T09:30:00.000Z' } });

    const target = device();
    await target.backup.restore(await openedOn(target, await exported()));
    const restored = await target.repositories.retention();
    expect((await restored.departures.left()).map((l) => [l.person.id, l.leftOn])).toEqual([[personId, '2026-10-31']]);
    expect(await target.db.retentionHolds.get('session:session-kept-1')).toMatchObject({ content: { reason: 'Part of a practice review' } });
    expect(await target.db.destructionLog.toArray()).toMatchObject([{ id: 'destroyed-1', content: { counts: { session: 2 } } }]);
    // When this device last made a backup is this device's own fact.
    expect(await target.db.settings.get('lastBackup')).toBeUndefined();
  });

  it('carries your organisation’s own templates, agreements and models and the drafts being written (database version 16)', async () => {
    await filled();
    const authoring = await source.repositories.authoring();
    const own = { ...derby(), id: 'riverside-record', title: 'Riverside Supervision Record' };
    expect(await authoring.templates.save(own, { draftRowId: null, basedOn: null })).toMatchObject({ ok: true });
    const draftId = await authoring.templates.saveDraft(null, { title: 'Half-typed form' }, null);

    const target = device();
    await target.backup.restore(await openedOn(target, await exported()));
    const restored = await target.repositories.authoring();
    expect(await restored.templates.latest()).toEqual([own]);
    expect(await restored.templates.draft(draftId)).toMatchObject({ draft: { title: 'Half-typed form' } });
    // Restoring again adds nothing.
    await target.backup.restore(await openedOn(target, await exported()));
    expect(await target.db.ownTemplates.count()).toBe(2);
  });

  it('drops the case indexes when records are added (they are rebuilt with the restored records on the next search)', async () => {
    const { personId } = await filled();
    const file = await exported();
    const target = device();
    // The target already has a person of its own, whose case index exists.
    const own = await target.repositories.people.add({ name: 'Ash Other', role: 'School Nurse' });
    if (!own.ok) throw new Error(own.message);
    await signedSession(target.repositories, own.value.id);
    await target.repositories.caseIndex.all([own.value.id]);
    expect(await target.db.caseIndex.count()).toBe(1);
    const opened = await openedOn(target, file);
    await target.backup.restore(opened);
    expect(await target.db.caseIndex.count()).toBe(0);
    const source_ = (await source.repositories.caseIndex.all([personId])).get(personId);
    expect((await target.repositories.caseIndex.all([personId, own.value.id])).get(personId)).toEqual(source_);
    // Restoring again adds nothing and keeps the rebuilt indexes.
    await target.backup.restore(opened);
    expect(await target.db.caseIndex.count()).toBe(2);
  });

  it('keeps a conflicting local version rather than overwriting it', async () => {
    const { personId } = await filled();
    const file = await exported();
    const target = device();
    const opened = await openedOn(target, file);
    await target.backup.restore(opened);
    // The person is renamed here; restoring again keeps this device's version.
    const row = (await target.db.people.get(personId))!;
    await target.db.people.put({ ...row, content: { ...row.content, name: 'Val Visitor-Jones' } });
    const report = await target.backup.restore(opened);
    expect(report.refused).toBe(1);
    expect((await target.repositories.people.get(personId))?.name).toBe('Val Visitor-Jones');
  });

  it('a wrong passphrase or a flipped byte restores nothing and says why', async () => {
    await filled();
    const file = await exported();
    const target = device();
    expect(await target.backup.open(file, 'not the passphrase', fastOpen)).toMatchObject({ ok: false, reason: 'wrong-passphrase-or-changed', message: backupMessages['wrong-passphrase-or-changed'] });
    const parsed = JSON.parse(file) as { ciphertext: string };
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
    const file = await exported();
    const target = device();
    expect(await target.backup.open(make(file), PASS, fastOpen)).toMatchObject({ ok: false, reason });
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
    const good = await exported();
    const target = device();
    const opened = await openedOn(target, good);
    // Seal hostile contents with the same machinery, bypassing export's own check, to prove open() checks them.
    const { createPassphraseFile } = await import('../../client/crypto/passphraseFile.ts');
    const { z } = await import('zod');
    const raw = createPassphraseFile<unknown>({ format: 'safeguarding-supervision/backup', version: 1, maxBytes: MAX_BACKUP_BYTES, schema: z.unknown(), messages: backupMessages });
    const people = opened.tables.people;
    for (const contents of [
      { ...opened, tables: { ...opened.tables, people: [...people, ...people] } },
      { ...opened, tables: { ...opened.tables, strangers: [] } },
      { ...opened, tables: { ...opened.tables, people: [{ id: personId, updatedAt: '2026-11-22', content: { name: '' } }] } },
      { ...opened, tables: { ...opened.tables, sessions: [{ id: 'x' }] } },
      {},
    ]) {
      const sealed = await raw.seal(contents, PASS, fast);
      if (!sealed.ok) throw new Error(sealed.message);
      expect(await target.backup.open(sealed.value, PASS, fastOpen)).toMatchObject({ ok: false, reason: 'invalid-contents' });
    }
    expect(Object.values(await counts(target.db)).reduce((a, b) => a + b, 0)).toBe(0);
  });

  it('writes version 3: compressed, each template once, no snapshot of a signed session, no derived rows; every other row restored exactly, and the derived rows rebuilt', async () => {
    const { personId, sessionId } = await filled();
    const open = [await inProgressSession(source.repositories, personId), await inProgressSession(source.repositories, personId), await inProgressSession(source.repositories, personId, temple())];
    const file = await exported();
    expect(JSON.parse(file)).toMatchObject({ format: BACKUP_FORMAT, version: 3 });

    const content = await contentOf(file);
    expect(Object.keys(content.tables)).toEqual(recordTables);
    expect(content.templates).toEqual([derby(), temple()]);
    expect(content.tables['sessions']?.map((row) => [row['id'], (row['content'] as { template: unknown }).template])).toEqual([
      [sessionId, 0],
      [open[0], 0],
      [open[1], 0],
      [open[2], 1],
    ]);
    expect(content.tables['snapshots']?.map((row) => row['sessionId'])).toEqual(open);

    const target = device();
    const opened = await openedOn(target, file);
    await target.backup.restore(opened);
    await target.backup.derivedWritten();
    expect(await target.db.derivedPending.count()).toBe(0);
    for (const name of backupTables) {
      const here = await source.db.table(name).toArray();
      const expected = name === 'snapshots' ? here.filter((row: { sessionId: string }) => row.sessionId !== sessionId) : here;
      expect(await target.db.table(name).toArray(), name).toEqual(expected);
    }
    expect(await target.db.snapshots.get(sessionId)).toBeUndefined();
    expect(verifyRecord((await target.repositories.sessions.get(sessionId))!.record).status).toBe('valid');
    // A session in progress resumes from its own snapshot.
    expect(await target.repositories.sessions.snapshot(open[0]!)).toEqual(await source.repositories.sessions.snapshot(open[0]!));
    expect(await target.db.vault.count()).toBe(0);
    expect(await target.db.deviceKeys.count()).toBe(0);
  });

  it('still opens and restores a version 1 backup (canonical JSON, uncompressed, templates in every session)', async () => {
    const { sessionId } = await filled();
    const tables = Object.fromEntries(await Promise.all(backupTables.map(async (name) => [name, await source.db.table(name).toArray()] as const)));
    const v1 = await rawBackupFile(1).seal({ createdAt: now().toISOString(), tables }, PASS, fast);
    if (!v1.ok) throw new Error(v1.message);
    expect(JSON.parse(v1.value)).toMatchObject({ version: 1 });

    const target = device();
    const opened = await openedOn(target, v1.value);
    const report = await target.backup.restore(opened);
    expect(report).toMatchObject({ identical: 0, keptAsCopy: 0, refused: 0 });
    expect(report.added).toBe(Object.values(tables).reduce((n, rows) => n + rows.length, 0));
    expect(verifyRecord((await target.repositories.sessions.get(sessionId))!.record).status).toBe('valid');
    expect(await target.repositories.signatures.check(sessionId)).toMatchObject({ status: 'valid', chain: { status: 'intact' } });
    expect(await target.backup.restore(opened)).toEqual({ added: 0, identical: report.added, keptAsCopy: 0, refused: 0 });
  });

  it('refuses a backup that unpacks past the limit (a zip bomb), changing nothing', async () => {
    const target = device();
    const zeros = new Uint8Array(4 * 1024 * 1024);
    const bomb = await gzip({
      *[Symbol.iterator]() {
        for (let sent = 0; sent <= MAX_BACKUP_UNPACKED_BYTES; sent += zeros.length) yield zeros;
      },
    });
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const sealed = await rawBackupFile(2).sealBytes(bomb, PASS, fast);
    if (!sealed.ok) throw new Error(sealed.message);
    expect(await target.backup.open(sealed.value, PASS, fastOpen)).toMatchObject({ ok: false, reason: 'unpacked-too-large', message: backupMessages['unpacked-too-large'] });
    expect(Object.values(await counts(target.db)).reduce((a, b) => a + b, 0)).toBe(0);
  }, 60_000);

  it('refuses version 3 contents that are not gzip, not JSON, or refer to a template they do not hold', async () => {
    const { sessionId } = await filled();
    const file = await exported();
    const content = await contentOf(file);
    const encode = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
    const sessions = content.tables['sessions']!;
    const target = device();
    for (const plaintext of [
      encode(content),
      await gzip([new TextEncoder().encode('{"createdAt": "2026-11-22T10:00:00.000Z", "tables": {')]),
      await gzip([encode({ ...content, templates: [] })]),
      await gzip([encode({ ...content, templates: [{ id: 'not a template' }] })]),
      await gzip([encode({ ...content, tables: { ...content.tables, sessions: sessions.map((row) => ({ ...row, content: { ...(row['content'] as object), template: 1 } })) } })]),
      await gzip([encode({ ...content, tables: { ...content.tables, sessions: [...sessions, ...sessions] } })]),
      await gzip([encode({ ...content, tables: { ...content.tables, sessions: [{ id: sessionId }] } })]),
      // Derived rows are rebuilt from the sessions, never taken from a version 3 file.
      await gzip([encode({ ...content, tables: { ...content.tables, actions: [] } })]),
    ]) {
      const sealed = await rawBackupFile(3).sealBytes(plaintext, PASS, fast);
      if (!sealed.ok) throw new Error(sealed.message);
      expect(await target.backup.open(sealed.value, PASS, fastOpen)).toMatchObject({ ok: false, reason: 'invalid-contents' });
    }
    // The same content sealed as it was opens: the refusals above are the changes'.
    const resealed = await rawBackupFile(3).sealBytes(await gzip([encode(content)]), PASS, fast);
    if (!resealed.ok) throw new Error(resealed.message);
    expect(await target.backup.open(resealed.value, PASS, fastOpen)).toMatchObject({ ok: true });
    expect(Object.values(await counts(target.db)).reduce((a, b) => a + b, 0)).toBe(0);
  });

  it('refuses a file labelled version 1 whose content is version 3 (the version is bound to the ciphertext)', async () => {
    await filled();
    const file = await exported();
    const relabelled = JSON.stringify({ ...(JSON.parse(file) as object), version: 1 });
    expect(await device().backup.open(relabelled, PASS, fastOpen)).toMatchObject({ ok: false, reason: 'wrong-passphrase-or-changed' });
  });

  it('refuses a file from a newer version by name', async () => {
    await filled();
    const file = await exported();
    const newer = JSON.stringify({ ...(JSON.parse(file) as object), version: 4 });
    expect(await device().backup.open(newer, PASS, fastOpen)).toMatchObject({ ok: false, reason: 'newer-version', message: backupMessages['newer-version'] });
  });

  it('refuses a short passphrase before reading any record', async () => {
    await filled();
    expect(await source.backup.export('short', fast)).toMatchObject({ ok: false, reason: 'passphrase-too-short' });
  });

  it('plans again when a record is added here while the restore is being prepared, keeping that local record', async () => {
    const { personId } = await filled();
    const file = await exported();
    const target = device();
    const opened = await openedOn(target, file);
    const person = opened.tables.people[0]!;
    // While the rows are being sealed (before the write), another screen saves this person here, differently.
    const encrypt = crypto.subtle.encrypt.bind(crypto.subtle);
    let interfered = false;
    const spy = vi.spyOn(crypto.subtle, 'encrypt').mockImplementation((...args: Parameters<SubtleCrypto['encrypt']>) => {
      if (!interfered) {
        interfered = true;
        void target.db.people.add({ ...(person as never as PersonRow), content: { name: 'Val Visitor-Jones', role: 'Health Visitor' } });
      }
      return encrypt(...args);
    });
    try {
      const report = await target.backup.restore(opened);
      expect(interfered).toBe(true);
      const total = Object.values(opened.tables).reduce((n, rows) => n + rows.length, 0);
      expect(report).toEqual({ added: total - 1, identical: 0, keptAsCopy: 0, refused: 1 });
    } finally {
      spy.mockRestore();
    }
    expect((await target.repositories.people.get(personId))?.name).toBe('Val Visitor-Jones');
    expect(await target.db.sessions.count()).toBe(1);
  });

  it('tells live queries on the app’s connection what the restore added', async () => {
    await filled();
    const file = await exported();
    const target = device();
    const opened = await openedOn(target, file);
    const seen: number[] = [];
    const subscription = liveQuery(() => target.db.people.count()).subscribe((count) => seen.push(count));
    try {
      await vi.waitFor(() => expect(seen).toEqual([0]));
      await target.backup.restore(opened);
      await vi.waitFor(() => expect(seen.at(-1)).toBe(1));
    } finally {
      subscription.unsubscribe();
    }
  });

  it('reads a table of more rows than one batch (several batches, in key order) and restores every one', async () => {
    const many = Array.from({ length: 2 * 2048 + 5 }, (_, i) => ({ id: `person-${String(i).padStart(6, '0')}`, updatedAt: '2026-11-22T10:00:00.000Z', content: { name: `Person ${i}`, role: 'School Nurse' } }));
    await source.db.people.bulkAdd(many);
    const content = await contentOf(await exported());
    expect(content.tables['people']?.map((row) => row['id'])).toEqual(many.map((row) => row.id));
    const target = device();
    await target.backup.restore(await openedOn(target, await exported()));
    expect(await target.db.people.toArray()).toEqual(many);
  });

  it('finds what is here already whether few or most of a table’s rows are in the backup', async () => {
    const { personId } = await filled();
    const file = await exported();
    const target = device();
    const opened = await openedOn(target, file);
    const first = await target.backup.restore(opened);
    // Many more people here than in the backup: the one it holds is looked up by its key.
    for (const name of ['Ada Ash', 'Bo Birch', 'Cy Cedar', 'Di Dale', 'Ed Elm']) await target.repositories.people.add({ name, role: 'School Nurse' });
    const row = (await target.db.people.get(personId))!;
    await target.db.people.put({ ...row, content: { ...row.content, name: 'Val Visitor-Jones' } });
    expect(await target.backup.restore(opened)).toEqual({ added: 0, identical: first.added - 1, keptAsCopy: 0, refused: 1 });
    expect((await target.repositories.people.list()).map((p) => p.name).sort()).toEqual(['Ada Ash', 'Bo Birch', 'Cy Cedar', 'Di Dale', 'Ed Elm', 'Val Visitor-Jones']);
  });
});

