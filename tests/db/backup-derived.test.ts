/**
 * Version 3 backups carry no derived rows (cases, actions, signatures): restore writes the records,
 * then rebuilds those rows from the sessions. Proved on the generated dataset (actions reviewed,
 * carried forward and closed across sessions): the rebuilt rows equal the originals exactly;
 * readers wait for them; a supervisee left marked (the tab closed first) is rebuilt on first read;
 * a restore again changes nothing; a version 2 file (derived rows included) still restores as it is.
 */
import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Keyring } from '../../client/db/atRest.ts';
import { BACKUP_FORMAT, backupMessages, backupTables, createBackup, MAX_BACKUP_BYTES } from '../../client/db/backup.ts';
import { derivedTables } from '../../client/db/derivedRows.ts';
import { SupervisionDB } from '../../client/db/db.ts';
import { createRepositories } from '../../client/db/repositories.ts';
import { createPassphraseFile } from '../../client/crypto/passphraseFile.ts';
import { verifyRecord } from '../../machines/record/verify.ts';
import { generateDataset } from '../bench/dataset.ts';

const fast = { iterations: 2_000, minimumIterations: 2_000 } as const;
const fastOpen = { minimumIterations: 2_000 } as const;
const PASS = 'backup passphrase';
const now = () => new Date('2026-11-22T10:00:00Z');
const names: string[] = [];

function device() {
  const keyring = new Keyring();
  keyring.unlock(crypto.getRandomValues(new Uint8Array(32)));
  const name = `backup-derived-${Math.random()}`;
  names.push(name);
  const db = new SupervisionDB(name, { keyring });
  let n = 0;
  return { db, repositories: createRepositories(db, { now, newId: () => `${name.slice(-6)}-${String(++n).padStart(6, '0')}` }), backup: createBackup(db, { now, keyring }) };
}
type Device = ReturnType<typeof device>;

afterEach(async () => {
  for (const name of names.splice(0)) await Dexie.delete(name);
});

const size = { supervisees: 3, sessionsPerSupervisee: 5, casesPerSession: 2, actionsPerSession: 3, groupSessions: 1 };

async function sourceWithData(): Promise<Device> {
  const source = device();
  await generateDataset(source.repositories, { seed: 11, size });
  return source;
}

async function fileOf(d: Device): Promise<string> {
  const made = await d.backup.export(PASS, fast);
  if (!made.ok) throw new Error(made.message);
  return made.value;
}

async function restoreOn(target: Device, file: string) {
  const opened = await target.backup.open(file, PASS, fastOpen);
  if (!opened.ok) throw new Error(opened.message);
  return { opened: opened.value, report: await target.backup.restore(opened.value) };
}

/** Any version of the backup's file with any content (bypassing export's own checks). */
const rawFile = (version: number) => createPassphraseFile<unknown>({ format: BACKUP_FORMAT, version, maxBytes: MAX_BACKUP_BYTES, schema: z.unknown(), messages: backupMessages });
const gzipped = async (text: string) => new Uint8Array(await new Response(new Blob([text]).stream().pipeThrough(new CompressionStream('gzip'))).arrayBuffer());

const sorted = (rows: readonly Record<string, unknown>[]) => [...rows].sort((a, b) => String(a['id']).localeCompare(String(b['id'])));

async function derivedOf(d: Device) {
  return Object.fromEntries(await Promise.all(derivedTables.map(async (name) => [name, sorted(await d.db.table(name).toArray())] as const)));
}

describe('restoring a version 3 backup', () => {
  it('rebuilds the derived rows equal to the originals, keeping this device’s own', async () => {
    const source = await sourceWithData();
    const original = await derivedOf(source);
    expect((original['actions'] as { status: string }[]).some((row) => row.status === 'done' || row.status === 'notDone')).toBe(true);

    // The new device already holds a supervisee and records of its own.
    const target = device();
    await generateDataset(target.repositories, { seed: 12, size: { ...size, supervisees: 1, groupSessions: 0 } });
    const own = await derivedOf(target);

    await restoreOn(target, await fileOf(source));
    await target.backup.derivedWritten();
    expect(await target.db.derivedPending.count()).toBe(0);
    for (const name of derivedTables) expect(await derivedOf(target).then((d) => d[name]), name).toEqual(sorted([...original[name]!, ...own[name]!]));
    for (const { record } of await target.repositories.sessions.list()) expect(verifyRecord(record).status).toBe('valid');
  });

  it('lets readers wait for a supervisee’s rows while they are being written', async () => {
    const source = await sourceWithData();
    const people = await source.repositories.people.list();
    const target = device();
    await restoreOn(target, await fileOf(source));
    // Not waiting for derivedWritten: each read waits for its supervisee's rows.
    for (const person of people) {
      expect(await target.repositories.actions.openFor(person.id)).toEqual(await source.repositories.actions.openFor(person.id));
      expect(await target.repositories.history.of(person.id)).toEqual(await source.repositories.history.of(person.id));
    }
    expect((await target.repositories.caseIndex.all(people.map((p) => p.id))).size).toBe(people.length);
  });

  it('rebuilds a supervisee left marked (the tab closed before the rows were written) on first read, then unmarks them', async () => {
    const source = await sourceWithData();
    const people = await source.repositories.people.list();
    const target = device();
    await restoreOn(target, await fileOf(source));
    await target.backup.derivedWritten();
    // As if the tab had closed right after the records were written.
    for (const name of derivedTables) await target.db.table(name).clear();
    await target.db.derivedPending.bulkPut(people.map((p) => ({ personId: p.id, markedAt: now().toISOString(), restoreId: 'a tab that closed' })));
    const index = await target.repositories.caseIndex.all([people[0]!.id]);
    expect(index.get(people[0]!.id)).toEqual((await source.repositories.caseIndex.all([people[0]!.id])).get(people[0]!.id));
    for (const person of people) expect(await target.repositories.actions.openFor(person.id)).toEqual(await source.repositories.actions.openFor(person.id));
    expect(await target.db.derivedPending.count()).toBe(0);
    expect(await derivedOf(target)).toEqual(await derivedOf(source));
  });

  it('a second restore while the first one’s derived rows are being written: every row ends up as on the source', async () => {
    const source = await sourceWithData();
    const full = await fileOf(source);
    // A backup of the same device made earlier: two sessions a supervisee fewer.
    const opened = await rawFile(3).openBytes(full, PASS, fastOpen);
    if (!opened.ok) throw new Error(opened.message);
    const content = JSON.parse(new TextDecoder().decode(await new Response(new Blob([opened.value.plaintext]).stream().pipeThrough(new DecompressionStream('gzip'))).arrayBuffer())) as { tables: Record<string, Record<string, unknown>[]> };
    const sessions = content.tables['sessions']!;
    const earlier = { ...content, tables: { ...content.tables, sessions: sessions.filter((row) => sessions.filter((other) => other['personId'] === row['personId'] && String(other['date']) > String(row['date'])).length >= 2) } };
    const sealed = await rawFile(3).sealBytes(await gzipped(JSON.stringify(earlier)), PASS, fast);
    if (!sealed.ok) throw new Error(sealed.message);

    const target = device();
    const first = await restoreOn(target, sealed.value);
    const firstWrites = target.backup.derivedWritten();
    const second = await restoreOn(target, full);
    expect(second.report.added).toBe(sessions.length - earlier.tables.sessions.length);
    await Promise.all([firstWrites, target.backup.derivedWritten()]);
    expect(first.report.added).toBeGreaterThan(0);
    expect(await target.db.derivedPending.count()).toBe(0);
    expect(await derivedOf(target)).toEqual(await derivedOf(source));
  });

  it('restored again adds nothing and leaves nothing marked', async () => {
    const source = await sourceWithData();
    const target = device();
    const file = await fileOf(source);
    const first = await restoreOn(target, file);
    await target.backup.derivedWritten();
    const before = await derivedOf(target);
    const second = await restoreOn(target, file);
    expect(second.report).toEqual({ added: 0, identical: first.report.added, keptAsCopy: 0, refused: 0 });
    await target.backup.derivedWritten();
    expect(await target.db.derivedPending.count()).toBe(0);
    expect(await derivedOf(target)).toEqual(before);
  });

  it('still restores a version 2 file, whose derived rows are restored as they are', async () => {
    const source = await sourceWithData();
    // Version 2: every table, each template once, sessions referring to it by index, gzip.
    const templates: string[] = [];
    const tables: Record<string, unknown[]> = {};
    for (const name of backupTables) {
      const rows = (await source.db.table(name).toArray()) as Record<string, unknown>[];
      tables[name] = name !== 'sessions' ? rows : rows.map((row) => {
        const content = row['content'] as { template: unknown };
        const text = JSON.stringify(content.template);
        if (!templates.includes(text)) templates.push(text);
        return { ...row, content: { ...content, template: templates.indexOf(text) } };
      });
    }
    const json = JSON.stringify({ createdAt: now().toISOString(), tables, templates: templates.map((t) => JSON.parse(t) as unknown) });
    const v2 = await rawFile(2).sealBytes(await gzipped(json), PASS, fast);
    if (!v2.ok) throw new Error(v2.message);

    const target = device();
    const { report } = await restoreOn(target, v2.value);
    expect(report.added).toBe(Object.values(tables).reduce((n, rows) => n + rows.length, 0));
    expect(await target.db.derivedPending.count()).toBe(0);
    expect(await derivedOf(target)).toEqual(await derivedOf(source));
  });
});
