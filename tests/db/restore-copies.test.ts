/**
 * Restore keeps both (issue 17, point 2), on fake-indexeddb over the sealed database: a record in a
 * backup that differs from this device's record of the same id is kept as a copy beside it (an id
 * of its own, marked with the backup's date), neither altered; a signed copy keeps its seal and
 * verifies as it did, with its device signature and its amendments; the copy is never counted
 * (no derived rows, no history analysis, no case index) and is made once however often the backup
 * is restored; the report counts added / identical / kept as a copy / refused; a restore that
 * cannot be written writes nothing.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import { verifyRecord } from '../../machines/record/verify.ts';
import { exportedFrom, flipByte, inProgressSession, openedOn, signSession, storedRow, useBackupDevices, type BackupDevice } from './backup-devices.ts';

const device = useBackupDevices('restore-copies');

/**
 * The same session on two devices, differently: the source made it and a backup while it was in
 * progress; the target restored that backup; then the source signed it (and amended it) and made a
 * second backup, while the target went on with its own in-progress version.
 */
async function diverged(): Promise<{ source: BackupDevice; target: BackupDevice; personId: string; sessionId: string; later: string }> {
  const source = device();
  const person = await source.repositories.people.add({ name: 'Val Visitor', role: 'Health Visitor' });
  if (!person.ok) throw new Error(person.message);
  const sessionId = await inProgressSession(source.repositories, person.value.id, '2026-11-14');
  const target = device();
  await target.backup.restore(await openedOn(target, (await exportedFrom(source)).file));
  await signSession(source.repositories, sessionId);
  const amended = await source.repositories.sessions.amend(sessionId, { madeBy: 'Sam Supervisor', sectionId: null, text: 'The chronology was sent on 20 November.' });
  if (!amended.ok) throw new Error(amended.message);
  return { source, target, personId: person.value.id, sessionId, later: (await exportedFrom(source)).file };
}

describe('a record that differs from this device’s', () => {
  it('is kept as a copy beside it; neither is altered; the signed copy verifies as it did, with its amendment', async () => {
    const { source, target, personId, sessionId, later } = await diverged();
    const localBefore = await storedRow(target, 'sessions', sessionId);
    const report = await target.backup.restore(await openedOn(target, later));
    expect(report).toMatchObject({ keptAsCopy: 1, refused: 0 });
    expect(await storedRow(target, 'sessions', sessionId)).toEqual(localBefore);
    expect((await target.repositories.sessions.get(sessionId))?.row.status).toBe('inProgress');

    const copies = await target.db.sessions.where('status').equals('copy').toArray();
    expect(copies).toHaveLength(1);
    const copy = (await target.repositories.sessions.get(copies[0]!.id))!;
    expect(copy.row.id).not.toBe(sessionId);
    expect(copy.restoredCopy).toMatchObject({ of: sessionId, backupCreatedAt: '2026-11-22T10:00:00.000Z', status: 'signed' });
    const signed = (await source.repositories.sessions.get(sessionId))!;
    expect(copy.record).toEqual(signed.record);
    const amendments = await target.repositories.sessions.amendments(copy.row.id);
    expect(amendments.map((a) => a.text)).toEqual(['The chronology was sent on 20 November.']);
    expect(verifyRecord(copy.record, amendments)).toEqual(verifyRecord(signed.record, await source.repositories.sessions.amendments(sessionId)));
    expect(verifyRecord(copy.record, amendments).status).not.toBe('invalid');
    // The amendment is the copy's, never this device's record's.
    expect(await target.repositories.sessions.amendments(sessionId)).toEqual([]);

    // Listed in the supervisee's sessions, labelled; never counted.
    const page = await target.repositories.sessions.pageFor(personId, { offset: 0, limit: 20 });
    expect(page.sessions.map((s) => [s.row.status, s.restoredCopy?.of ?? null])).toEqual(expect.arrayContaining([['inProgress', null], ['copy', sessionId]]));
    expect((await target.repositories.history.of(personId)).sessions).toHaveLength(1);
    expect(await target.repositories.actions.openFor(personId)).toEqual([]);
    expect((await target.repositories.sessions.recentSigned(10)).sessions).toEqual([]);
    expect(await target.db.actions.where('personId').equals(personId).filter((row) => row.sessionId === copy.row.id).count()).toBe(0);
  });

  it('is copied once: restoring the same backup again finds the copy identical', async () => {
    const { target, later } = await diverged();
    const opened = await openedOn(target, later);
    await target.backup.restore(opened);
    const again = await target.backup.restore(opened);
    expect(again).toMatchObject({ added: 0, keptAsCopy: 0, refused: 0 });
    expect(await target.db.sessions.where('status').equals('copy').count()).toBe(1);
  });

  it('a copy travels in the next backup and restores as it is', async () => {
    const { target, later } = await diverged();
    await target.backup.restore(await openedOn(target, later));
    const elsewhere = device();
    await elsewhere.backup.restore(await openedOn(elsewhere, (await exportedFrom(target)).file));
    const [copy] = await elsewhere.db.sessions.where('status').equals('copy').toArray();
    expect(copy?.content.restoredCopy?.backupCreatedAt).toBe('2026-11-22T10:00:00.000Z');
    expect(copy && verifyRecord(copy.content.record).status).toBe('valid');
  });

  it('a record here that does not open is left as it is, and the backup’s kept beside it', async () => {
    const { target, sessionId, later } = await diverged();
    const damaged = await flipByte(target, 'sessions', sessionId);
    const report = await target.backup.restore(await openedOn(target, later));
    expect(report.keptAsCopy).toBe(1);
    expect(await storedRow(target, 'sessions', sessionId)).toEqual(damaged);
    expect(await target.db.sessions.where('status').equals('copy').count()).toBe(1);
  });

  it('counts a differing person’s details as refused, this device’s kept', async () => {
    const { target, personId, later } = await diverged();
    const row = (await target.db.people.get(personId))!;
    await target.db.people.put({ ...row, content: { ...row.content, role: 'Named Nurse' } });
    const report = await target.backup.restore(await openedOn(target, later));
    expect(report).toMatchObject({ keptAsCopy: 1, refused: 1 });
    expect((await target.repositories.people.get(personId))?.role).toBe('Named Nurse');
  });

  it('writes nothing when the restore cannot be written (one transaction)', async () => {
    const { target, later } = await diverged();
    const opened = await openedOn(target, later);
    const before = await Promise.all(target.db.tables.map((table) => table.count()));
    const add = IDBObjectStore.prototype.add;
    const spy = vi.spyOn(IDBObjectStore.prototype, 'add').mockImplementation(function (this: IDBObjectStore, value: unknown, key?: IDBValidKey) {
      if (this.name === 'amendments') throw new DOMException('The disk is full', 'QuotaExceededError');
      return add.call(this, value, key);
    });
    try {
      await expect(target.backup.restore(opened)).rejects.toThrow('The disk is full');
    } finally {
      spy.mockRestore();
    }
    expect(await Promise.all(target.db.tables.map((table) => table.count()))).toEqual(before);
  });
});
