/**
 * Storage faults (issue 17, point 5). Durability: IDBDatabase.prototype.transaction is wrapped
 * (before the database opens: Dexie binds it then) to record the options each transaction is opened with: sealing a record, signing it and restoring a
 * backup ask for `strict`; typing (autosave) does not. Quota: a write IndexedDB refuses for space
 * (the browser's QuotaExceededError, thrown by the store's put as Chromium does) aborts the whole
 * save: the database is as it was, the saver reports "storage is full", the change is still in the
 * actor, and the next change writes it once there is room.
 */
import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createActor } from 'xstate';
import { Keyring } from '../../client/db/atRest.ts';
import { SupervisionDB } from '../../client/db/db.ts';
import { createRepositories } from '../../client/db/repositories.ts';
import { createBackup } from '../../client/db/backup.ts';
import { createStorageWatch, isQuotaError, LOW_STORAGE_SHARE, STORAGE_CHECK_EVERY_MS } from '../../client/db/storageFaults.ts';
import { createSaver, type SaveStatus } from '../../client/live/saver.ts';
import { inputOf, restoreSession } from '../../client/live/session.ts';
import { DERBY, derby, driveDerbyWithoutCases, signBoth } from '../machines/fixtures.ts';
import { createSession } from '../../client/live/create.ts';

const names: string[] = [];
afterEach(async () => {
  vi.restoreAllMocks();
  for (const name of names.splice(0)) await Dexie.delete(name);
});

function device() {
  const keyring = new Keyring();
  keyring.unlock(crypto.getRandomValues(new Uint8Array(32)));
  const name = `storage-faults-${Math.random()}`;
  names.push(name);
  const db = new SupervisionDB(name, { keyring });
  let n = 0;
  const now = () => new Date('2026-11-22T10:00:00Z');
  return { name, db, keyring, now, repositories: createRepositories(db, { now, newId: () => `id-${String(++n).padStart(6, '0')}` }) };
}

async function openSession(d: ReturnType<typeof device>) {
  const person = await d.repositories.people.add({ name: 'Val Visitor', role: 'Health Visitor' });
  if (!person.ok) throw new Error(person.message);
  const created = await createSession(d.repositories, { template: derby(), sessionType: DERBY, date: '2026-11-22', personId: person.value.id, supervisor: { name: 'Sam Supervisor', role: 'Named Nurse' } });
  if (!created.ok) throw new Error(created.message);
  const sessionId = created.value;
  const stored = await d.repositories.sessions.get(sessionId);
  if (!stored) throw new Error('no session');
  const restored = restoreSession(derby(), stored.record, await d.repositories.sessions.snapshot(sessionId));
  const actor = createActor(restored.machine, { snapshot: restored.snapshot, input: inputOf(stored.record) }).start();
  const save = () => d.repositories.sessions.save(derby(), actor.getSnapshot().context, actor.getPersistedSnapshot());
  return { sessionId, actor, save };
}

/** Every transaction opened from now on: its stores, mode and durability. */
function recordTransactions() {
  const opened: { stores: string[]; mode: string; durability: string | undefined }[] = [];
  const original = IDBDatabase.prototype.transaction;
  vi.spyOn(IDBDatabase.prototype, 'transaction').mockImplementation(function (this: IDBDatabase, stores: string | Iterable<string>, mode?: IDBTransactionMode, options?: IDBTransactionOptions) {
    opened.push({ stores: typeof stores === 'string' ? [stores] : [...stores], mode: mode ?? 'readonly', durability: options?.durability });
    return original.call(this, stores, mode, options);
  });
  return opened;
}

const strictWrites = (opened: ReturnType<typeof recordTransactions>) => opened.filter((t) => t.mode === 'readwrite' && t.durability === 'strict');

describe('durability', () => {
  it('typing commits with the browser default; sealing and the device signature commit strictly', async () => {
    // Dexie binds the connection's `transaction` when it opens: recorded from before then.
    const opened = recordTransactions();
    const d = device();
    const session = await openSession(d);
    opened.length = 0;
    session.actor.send({ type: 'step.next' });
    session.actor.send({ type: 'answer.changed', sectionId: 'issues-or-concerns', text: 'Caseload' });
    await d.repositories.sessions.saveAnswer(session.actor.getSnapshot().context, session.actor.getPersistedSnapshot());
    await session.save();
    expect(opened.filter((t) => t.mode === 'readwrite').length).toBeGreaterThan(0);
    expect(strictWrites(opened)).toEqual([]);

    driveDerbyWithoutCases(session.actor, { id: 'action-0001', what: 'Send the chronology', owner: { kind: 'supervisee', name: '' }, dueDate: '2026-12-31', caseId: null });
    signBoth(session.actor);
    opened.length = 0;
    await session.save();
    const strict = strictWrites(opened);
    expect(strict.some((t) => t.stores.includes('sessions') && t.stores.includes('actions') && t.stores.includes('signatures'))).toBe(true);
    expect(strict.some((t) => t.stores.includes('recordSignatures'))).toBe(true);
    expect((await d.repositories.sessions.get(session.sessionId))?.row.status).toBe('signed');
  });

  it('a restore writes its rows in a strict transaction', async () => {
    const transactions = recordTransactions();
    const source = device();
    await source.repositories.people.add({ name: 'Val Visitor', role: 'Health Visitor' });
    const fast = { iterations: 2_000, minimumIterations: 2_000 } as const;
    const file = await createBackup(source.db, { now: source.now, keyring: source.keyring }).export('backup passphrase', fast);
    if (!file.ok) throw new Error(file.message);
    const target = device();
    const backup = createBackup(target.db, { now: target.now, keyring: target.keyring });
    const opened = await backup.open(file.value, 'backup passphrase', { minimumIterations: 2_000 });
    if (!opened.ok) throw new Error(opened.message);
    transactions.length = 0;
    expect((await backup.restore(opened.value)).added).toBe(1);
    expect(strictWrites(transactions).some((t) => t.stores.includes('people'))).toBe(true);
  });
});

describe('a write refused for quota', () => {
  it('is recognised bare, wrapped by Dexie, and as a transaction abort', () => {
    const quota = new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    expect(isQuotaError(quota)).toBe(true);
    expect(isQuotaError(new Dexie.AbortError('Transaction aborted', quota))).toBe(true);
    expect(isQuotaError(new Dexie.QuotaExceededError('full'))).toBe(true);
    expect(isQuotaError({ name: 'AbortError', error: quota })).toBe(true);
    expect(isQuotaError(new DOMException('aborted', 'AbortError'))).toBe(false);
    expect(isQuotaError(new Error('anything else'))).toBe(false);
  });

  it('aborts the whole save, keeps the change in memory, says storage is full, and saves it with the next change', async () => {
    const d = device();
    const session = await openSession(d);
    session.actor.send({ type: 'step.next' });
    session.actor.send({ type: 'answer.changed', sectionId: 'issues-or-concerns', text: 'Caseload' });
    await session.save();
    const before = await d.repositories.sessions.get(session.sessionId);
    const statuses: SaveStatus[] = [];
    const saver = createSaver(session.save, (status) => statuses.push(status));

    // The device is full: every write is refused (as Chromium does, from the store's put).
    const put = vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(() => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    });
    session.actor.send({ type: 'answer.changed', sectionId: 'issues-or-concerns', text: 'Caseload pressures after two new plans' });
    await saver.schedule();
    expect(statuses.at(-1)).toMatchObject({ kind: 'error', quota: true });
    put.mockRestore();
    // Nothing of it was written; the answer is still in the actor (and so on screen).
    expect(await d.repositories.sessions.get(session.sessionId)).toEqual(before);
    expect(session.actor.getSnapshot().context.answers['issues-or-concerns']).toBe('Caseload pressures after two new plans');

    // Room again: the next change writes everything typed.
    session.actor.send({ type: 'answer.changed', sectionId: 'issues-or-concerns', text: 'Caseload pressures after two new plans.' });
    await saver.schedule();
    expect(statuses.at(-1)).toMatchObject({ kind: 'saved' });
    expect((await d.repositories.sessions.get(session.sessionId))?.record.answers['issues-or-concerns']).toBe('Caseload pressures after two new plans.');
  });
});

describe('the storage estimate', () => {
  it('warns below a tenth of the quota left, asks at most every few minutes, and says full after a refused write', async () => {
    let clock = 0;
    let usage = 50;
    const estimate = vi.fn(async () => ({ usage, quota: 100 }));
    const watch = createStorageWatch({ storage: { estimate }, now: () => clock });
    await watch.check();
    expect(watch.state.get()).toEqual({ kind: 'ok' });
    usage = 95;
    await watch.check();
    expect(estimate).toHaveBeenCalledTimes(1); // too soon: not asked again
    clock += STORAGE_CHECK_EVERY_MS;
    await watch.check();
    expect(watch.state.get()).toEqual({ kind: 'low', freeShare: 0.05 });
    expect(0.05).toBeLessThan(LOW_STORAGE_SHARE);
    watch.full();
    expect(watch.state.get()).toEqual({ kind: 'full' });
    usage = 10;
    await watch.check(true);
    expect(watch.state.get()).toEqual({ kind: 'ok' });
  });

  it('says nothing when the browser cannot estimate', async () => {
    const watch = createStorageWatch({ storage: undefined });
    await watch.check(true);
    expect(watch.state.get()).toEqual({ kind: 'ok' });
  });
});
