/**
 * What each child-record entry carries beyond its default, chosen case by case on the record
 * screen: kept in its own sealed row beside the signed record (keyed by the session's opaque id),
 * never in the record, which does not change.
 */
import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { Keyring } from '../../client/db/atRest.ts';
import { createBackup } from '../../client/db/backup.ts';
import { SupervisionDB } from '../../client/db/db.ts';
import { createRepositories } from '../../client/db/repositories.ts';
import { verifyRecord } from '../../machines/record/verify.ts';
import { completeAction, derby, derbySignedWithSkippedReflection, startSession, DERBY } from '../machines/fixtures.ts';
import { useSealedDevices } from './sealed-device.ts';

const device = useSealedDevices('child-record-choices');

/** A Derby session signed with one case ("Baby T", case-0001), saved as the app saves it. */
async function signedWithCase(on: ReturnType<typeof device>): Promise<string> {
  const actor = derbySignedWithSkippedReflection(completeAction('action-0001', 'case-0001'));
  const { context } = actor.getSnapshot();
  if (context.contentHash === null) throw new Error('not sealed');
  await on.repositories.sessions.save(derby(), context, actor.getPersistedSnapshot());
  actor.stop();
  return context.sessionId;
}

describe('child-record entry choices', () => {
  it('keeps each case’s choice beside the signed record, which never changes', async () => {
    const here = device();
    const sessionId = await signedWithCase(here);
    const before = await here.db.sessions.get(sessionId);
    expect(await here.repositories.childRecordChoices.of(sessionId)).toEqual({ ok: true, value: {} });

    expect(await here.repositories.childRecordChoices.choose(sessionId, 'case-0001', ['reflection', 'reflection'])).toEqual({ ok: true, value: ['reflection'] });
    expect(await here.repositories.childRecordChoices.of(sessionId)).toEqual({ ok: true, value: { 'case-0001': ['reflection'] } });
    expect(await here.repositories.childRecordChoices.choose(sessionId, 'case-0001', ['reflection', 'experience'])).toEqual({ ok: true, value: ['experience', 'reflection'] });
    expect(await here.repositories.childRecordChoices.choose(sessionId, 'case-0001', [])).toEqual({ ok: true, value: [] });
    expect(await here.repositories.childRecordChoices.of(sessionId)).toEqual({ ok: true, value: { 'case-0001': [] } });

    // The signed record, its seal and its amendments are untouched.
    expect(await here.db.sessions.get(sessionId)).toEqual(before);
    expect(verifyRecord((await here.repositories.sessions.get(sessionId))!.record).status).toBe('valid');
    expect(await here.db.amendments.count()).toBe(0);
    expect((await here.db.childRecordChoices.get(sessionId))?.content).toEqual({
      version: 1,
      sessionId,
      cases: { 'case-0001': { include: [], changedAt: '2026-11-22T10:00:00.000Z' } },
    });
  });

  it('is sealed at rest: only the session’s opaque id is in the clear', async () => {
    const here = device();
    const sessionId = await signedWithCase(here);
    await here.repositories.childRecordChoices.choose(sessionId, 'case-0001', ['reflection']);
    const raw = new SupervisionDB(here.db.name);
    const row = (await raw.table('childRecordChoices').get(sessionId)) as Record<string, unknown>;
    raw.close();
    expect(Object.keys(row).sort()).toEqual(['sealed', 'sessionId']);
    expect(JSON.stringify(row)).not.toContain('reflection');
  });

  it('refuses a record not signed, and a case not discussed in it, keeping nothing', async () => {
    const here = device();
    const sessionId = await signedWithCase(here);
    expect(await here.repositories.childRecordChoices.choose(sessionId, 'case-9999', ['reflection'])).toEqual({ ok: false, message: 'That case was not discussed in this session' });

    const open = startSession(derby(), DERBY, { sessionId: 'session-open-0001' });
    await here.repositories.sessions.save(derby(), open.getSnapshot().context, open.getPersistedSnapshot());
    open.stop();
    expect(await here.repositories.childRecordChoices.choose('session-open-0001', 'case-0001', ['reflection'])).toEqual({ ok: false, message: 'Entries are chosen for a signed record only' });
    expect(await here.repositories.childRecordChoices.choose('session-none-0001', 'case-0001', ['reflection'])).toMatchObject({ ok: false });
    expect(await here.db.childRecordChoices.count()).toBe(0);
  });

  it('a stored choice that cannot be read is reported (each entry then carries its default), and the next choice writes afresh', async () => {
    const here = device();
    const sessionId = await signedWithCase(here);
    await here.db.childRecordChoices.put({ sessionId, updatedAt: '2026-11-22T10:00:00.000Z', content: { version: 1, sessionId, cases: { 'case-0001': { include: ['everything'] } } } as never });
    expect(await here.repositories.childRecordChoices.of(sessionId)).toEqual({ ok: false, message: 'The choices made for these entries could not be read' });
    // Another session's choices under this session's key are not this session's.
    await here.db.childRecordChoices.put({ sessionId, updatedAt: '2026-11-22T10:00:00.000Z', content: { version: 1, sessionId: 'session-other-0001', cases: {} } });
    expect(await here.repositories.childRecordChoices.of(sessionId)).toMatchObject({ ok: false });

    expect(await here.repositories.childRecordChoices.choose(sessionId, 'case-0001', ['experience'])).toEqual({ ok: true, value: ['experience'] });
    expect(await here.repositories.childRecordChoices.of(sessionId)).toEqual({ ok: true, value: { 'case-0001': ['experience'] } });
  });

  it('travels in a backup: restored on another device, the entry carries what was chosen', async () => {
    const now = () => new Date('2026-11-22T10:00:00Z');
    const devices = [1, 2].map((n) => {
      const keyring = new Keyring();
      keyring.unlock(crypto.getRandomValues(new Uint8Array(32)));
      const db = new SupervisionDB(`child-record-choices-backup-${n}-${Math.random()}`, { keyring });
      return { db, repositories: createRepositories(db, { now }), backup: createBackup(db, { now, keyring }) };
    });
    const [source, target] = devices as [(typeof devices)[0], (typeof devices)[0]];
    try {
      const sessionId = await signedWithCase(source);
      await source.repositories.childRecordChoices.choose(sessionId, 'case-0001', ['reflection']);
      const file = await source.backup.export('backup passphrase', { iterations: 2_000, minimumIterations: 2_000 });
      if (!file.ok) throw new Error(file.message);
      const opened = await target.backup.open(file.value, 'backup passphrase', { minimumIterations: 2_000 });
      if (!opened.ok) throw new Error(opened.message);
      await target.backup.restore(opened.value);
      expect(await target.repositories.childRecordChoices.of(sessionId)).toEqual({ ok: true, value: { 'case-0001': ['reflection'] } });
    } finally {
      for (const { db } of devices) await Dexie.delete(db.name);
    }
  });
});
