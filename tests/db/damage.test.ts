/**
 * Damage stays local (issue 17, point 1), on fake-indexeddb over the sealed database: one row
 * whose seal no longer opens (a flipped byte), in any table that holds content, is left out of
 * every list read (whole table, index range, cursor, many keys) and reported by kind and date,
 * never by content; reading it alone fails saying what it is; it is never changed. A row that
 * opens but whose content its schema refuses is left out of the repositories' lists the same way.
 * A backup is still made: it holds every row that opens and names, in the file and in its result,
 * what it could not include; restored on another device, it gives everything else.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { UNSEALED_TABLES, UnopenedRowError, keyFieldsOf } from '../../client/db/atRest.ts';
import { storesV14 } from '../../client/db/db.ts';
import { exportedFrom, flipByte, inProgressSession, openedOn, signSession, storedRow, useBackupDevices, PASS, fastOpen, type BackupDevice } from './backup-devices.ts';
import { createPassphraseFile } from '../../client/crypto/passphraseFile.ts';
import { BACKUP_FORMAT, MAX_BACKUP_BYTES, backupMessages, recordTables } from '../../client/db/backup.ts';
import { z } from 'zod';

const device = useBackupDevices('damage');
const sealedTables = Object.keys(storesV14).filter((name) => !UNSEALED_TABLES.has(name));

/** A row of any table: its key fields filled (dates where a date goes), some content. */
function rowOf(device: BackupDevice, table: string, n: number): Record<string, unknown> {
  const schema = device.db.core.table(table).schema;
  const row: Record<string, unknown> = { content: table === 'sessions' ? { template: { note: 'a template' }, record: { note: `content ${n}` } } : { note: `content ${n}` } };
  for (const field of keyFieldsOf(schema)) {
    row[field] = /date|At$|Due/i.test(field) ? `2026-11-1${n}` : field === 'status' ? 'signed' : field === 'direction' ? 'incoming' : `${table}-${n}`;
  }
  return row;
}

async function gunzipped(fileText: string): Promise<Record<string, unknown>> {
  const opened = await createPassphraseFile<unknown>({ format: BACKUP_FORMAT, version: 3, maxBytes: MAX_BACKUP_BYTES, schema: z.unknown(), messages: backupMessages }).openBytes(fileText, PASS, fastOpen);
  if (!opened.ok) throw new Error(opened.message);
  const text = await new Response(new Blob([new Uint8Array(opened.value.plaintext)]).stream().pipeThrough(new DecompressionStream('gzip'))).text();
  return JSON.parse(text) as Record<string, unknown>;
}

describe('a row that does not open', () => {
  it.each(sealedTables)('in %s: lists go on without it, it is reported by kind, reading it alone says what it is, and it is left as it is', async (table) => {
    const here = device();
    await here.db.open();
    const primary = here.db.core.table(table).schema.primaryKey.keyPath as string;
    const [damaged, sound] = [rowOf(here, table, 4), rowOf(here, table, 5)];
    const key = String(damaged[primary]);
    await here.db.table(table).bulkPut([damaged, sound]);
    const stored = await flipByte(here, table, key);

    expect(await here.db.table(table).toArray()).toEqual([sound]);
    expect(await here.db.table(table).filter(() => true).toArray()).toEqual([sound]); // a cursor
    expect(await here.db.table(table).bulkGet([key, String(sound[primary])])).toEqual([undefined, sound]);
    await expect(here.db.table(table).get(key)).rejects.toThrow(UnopenedRowError);
    const reported = here.db.damage.get();
    expect(reported).toHaveLength(1);
    expect(reported[0]).toMatchObject({ table, key, cause: 'sealed' });
    // Only its clear key fields: never its content.
    expect(JSON.stringify(reported)).not.toContain('content 4');
    expect(await storedRow(here, table, key)).toEqual(stored);

    // A backup carries the record tables (the derived ones are rebuilt): it names what it left out.
    const made = await exportedFrom(here);
    expect(made.notIncluded).toEqual((recordTables as readonly string[]).includes(table) ? [expect.objectContaining({ table, key })] : []);
    expect(await storedRow(here, table, key)).toEqual(stored);
  });
});

describe('the repositories and the backup with a damaged row', () => {
  async function withRecords() {
    const here = device();
    const val = await here.repositories.people.add({ name: 'Val Visitor', role: 'Health Visitor' });
    const ash = await here.repositories.people.add({ name: 'Ash Able', role: 'School Nurse' });
    if (!val.ok || !ash.ok) throw new Error('people');
    const kept = await inProgressSession(here.repositories, val.value.id, '2026-11-01');
    await signSession(here.repositories, kept);
    const lost = await inProgressSession(here.repositories, ash.value.id, '2026-11-14');
    await signSession(here.repositories, lost, 'Book the strategy meeting');
    return { here, val: val.value, ash: ash.value, kept, lost };
  }

  it('lists the other people and records, and says which could not be opened, in words', async () => {
    const { here, val, ash, kept, lost } = await withRecords();
    await flipByte(here, 'people', ash.id);
    await flipByte(here, 'sessions', lost);
    expect((await here.repositories.people.list()).map((p) => p.name)).toEqual(['Val Visitor']);
    expect((await here.repositories.sessions.recentSigned(10)).sessions.map((s) => s.row.id)).toEqual([kept]);
    expect((await here.repositories.sessions.pageFor(val.id, { offset: 0, limit: 20 })).sessions.map((s) => s.row.id)).toEqual([kept]);
    expect((await here.repositories.history.of(ash.id)).sessions).toHaveLength(0);
    await expect(here.repositories.people.get(ash.id)).rejects.toThrow('One person’s details could not be opened');
    const { damagedThing } = await import('../../client/content/damageCopy.ts');
    expect(here.db.damage.get().map((row) => `${damagedThing(row)} could not be opened`)).toEqual([
      'One person’s details could not be opened',
      'One record of 14 November 2026 could not be opened',
    ]);
  });

  it('leaves out a row whose content its schema refuses, and reports it; a backup leaves out a session it cannot write', async () => {
    const { here, ash, lost } = await withRecords();
    const row = (await here.db.people.get(ash.id))!;
    await here.db.people.put({ ...row, content: { name: 42 } as never });
    expect((await here.repositories.people.list()).map((p) => p.name)).toEqual(['Val Visitor']);
    expect(here.db.damage.get()).toEqual([expect.objectContaining({ table: 'people', key: ash.id, cause: 'content' })]);
    const session = (await here.db.sessions.get(lost))!;
    await here.db.sessions.put({ ...session, content: { record: session.content.record } as never });
    expect((await here.repositories.sessions.recentSigned(10)).sessions).toHaveLength(1);
    const made = await exportedFrom(here);
    expect(made.notIncluded).toEqual([{ table: 'sessions', key: lost, what: 'One record of 14 November 2026' }]);
  });

  it('backs up everything else, names what it could not include in the file, and restores the rest elsewhere', async () => {
    const { here, val, ash, kept, lost } = await withRecords();
    const person = await flipByte(here, 'people', ash.id);
    const session = await flipByte(here, 'sessions', lost);
    const made = await exportedFrom(here);
    expect(made.notIncluded.map((item) => item.what)).toEqual(['One person’s details', 'One record of 14 November 2026']);
    const content = await gunzipped(made.file);
    expect(content['notIncluded']).toEqual(made.notIncluded);
    expect(JSON.stringify(content['notIncluded'])).not.toMatch(/Ash|Able|strategy/);
    // Left exactly as they were.
    expect(await storedRow(here, 'people', ash.id)).toEqual(person);
    expect(await storedRow(here, 'sessions', lost)).toEqual(session);

    const elsewhere = device();
    const report = await elsewhere.backup.restore(await openedOn(elsewhere, made.file));
    expect(report.refused).toBe(0);
    expect((await elsewhere.repositories.people.list()).map((p) => p.name)).toEqual(['Val Visitor']);
    expect((await elsewhere.repositories.sessions.pageFor(val.id, { offset: 0, limit: 20 })).sessions.map((s) => s.row.id)).toEqual([kept]);
  });

  it('a restore over a damaged person keeps the damaged row as it is and refuses the backup’s', async () => {
    const { here, ash } = await withRecords();
    const made = await exportedFrom(here);
    const person = await flipByte(here, 'people', ash.id);
    const report = await here.backup.restore(await openedOn(here, made.file));
    expect(report).toMatchObject({ added: 0, keptAsCopy: 0, refused: 1 });
    expect(await storedRow(here, 'people', ash.id)).toEqual(person);
  });
});
