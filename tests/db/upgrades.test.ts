/**
 * Upgrades (issue 17, point 6). A device of every released database version (tests/db/upgrades/
 * fixtures.ts: that version's stores, its rows, sealed at rest from version 7) is opened with the
 * current SupervisionDB: every row is still there and reads back through the repositories and the
 * at-rest layer as it was written. A failing upgrade leaves the version and every row untouched,
 * is reported as such, and a backup can still be made from the rows as installed. A database newer
 * than this code is reported and never opened for writing. Another tab's upgrade waits for this
 * tab's saves, then this tab closes and says so.
 */
import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { atRestMiddleware, Keyring } from '../../client/db/atRest.ts';
import { SupervisionDB } from '../../client/db/db.ts';
import { createRepositories } from '../../client/db/repositories.ts';
import { createVault, sealExistingRows } from '../../client/db/vault.ts';
import { createBackup } from '../../client/db/backup.ts';
import { backupAsInstalled } from '../../client/db/legacyBackup.ts';
import { clearDatabaseFault, databaseFault, openChecked, setFlushBeforeClosing } from '../../client/db/databaseFaults.ts';
import { verifyRecord } from '../../machines/record/verify.ts';
import { FIRST_SEALED_VERSION, rowsOf, upgradeFixtures, type UpgradeFixture } from './upgrades/fixtures.ts';

const names: string[] = [];
beforeEach(() => clearDatabaseFault());
afterEach(async () => {
  setFlushBeforeClosing(async () => ({ saved: true }));
  for (const name of names.splice(0)) await Dexie.delete(name);
});

const now = () => new Date('2026-11-22T10:00:00Z');

/** A device left at `fixture`'s version with its rows (sealed with `keyring` where that version sealed them). */
async function deviceAt(fixture: UpgradeFixture, keyring: Keyring): Promise<string> {
  const name = `upgrade-v${fixture.version}-${Math.random()}`;
  names.push(name);
  const old = new Dexie(name);
  if (fixture.version >= FIRST_SEALED_VERSION) old.use(atRestMiddleware(keyring));
  old.version(fixture.version).stores(fixture.stores);
  await old.open();
  for (const [table, rows] of Object.entries(rowsOf(fixture))) await old.table(table).bulkAdd(rows);
  old.close();
  return name;
}

function unlocked(): Keyring {
  const keyring = new Keyring();
  keyring.unlock(crypto.getRandomValues(new Uint8Array(32)));
  return keyring;
}

describe('every released database version upgrades to the current one with its rows', () => {
  it('has a fixture for every version the database declares', () => {
    const declared = new SupervisionDB(`declared-${Math.random()}`);
    // Dexie keeps the declared versions (each with its stores); every one has its fixture.
    const versions = (declared as unknown as { _versions: { _cfg: { version: number } }[] })._versions.map((v) => v._cfg.version);
    expect(upgradeFixtures.map((f) => f.version)).toEqual(versions);
  });

  it.each(upgradeFixtures.map((f) => [f.version, f] as const))('version %i', async (_, fixture) => {
    const keyring = unlocked();
    const name = await deviceAt(fixture, keyring);
    const db = new SupervisionDB(name, { keyring });
    await openChecked(db);
    expect(db.backendDB().version).toBe(Math.round(db.verno * 10));
    // Rows stored before the app had a lock are sealed when it is first set up, as the app does.
    if (fixture.version < FIRST_SEALED_VERSION) await sealExistingRows(db, keyring);
    const expected = rowsOf(fixture);
    for (const [table, rows] of Object.entries(expected)) {
      // Through the at-rest layer: every row opens, and is as it was written.
      const read = await db.table(table).toArray();
      expect(read, table).toEqual(rows.map((row) => expect.objectContaining(row)));
    }
    // Through the repositories: every supervisee and session reads, and every signed record verifies.
    const repositories = createRepositories(db, { now });
    expect((await repositories.people.list()).length).toBe(expected['people']?.length);
    const sessions = await repositories.sessions.list();
    expect(sessions.length).toBe(expected['sessions']?.length);
    for (const session of sessions.filter((s) => s.row.status === 'signed')) expect(verifyRecord(session.record).status).toBe('valid');
    expect(databaseFault.get()).toBeNull();
    db.close();
  });
});

/** The current database with one more version whose upgrade fails. */
class FailingUpgradeDB extends SupervisionDB {
  constructor(name: string, keyring: Keyring) {
    super(name, { keyring });
    this.version(this.verno + 1)
      .stores({ laterTable: 'id' })
      .upgrade(() => {
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      });
  }
}

describe('a failing upgrade', () => {
  it('leaves the version and every row as they were, says so, and a backup can still be made from them', async () => {
    const keyring = new Keyring();
    const name = `failing-${Math.random()}`;
    names.push(name);
    // A device at the current version, with a passphrase set and a record.
    const current = new SupervisionDB(name, { keyring });
    const created = await createVault(current, { now }).create('correct horse battery', 'correct horse battery');
    if (!created.ok) throw new Error(created.message);
    keyring.unlock(created.value);
    const person = await createRepositories(current, { now }).people.add({ name: 'Val Visitor', role: 'Health Visitor' });
    if (!person.ok) throw new Error(person.message);
    const version = current.backendDB().version;
    current.close();

    const upgrading = new FailingUpgradeDB(name, keyring);
    await expect(openChecked(upgrading)).rejects.toThrow();
    expect(databaseFault.get()).toMatchObject({ kind: 'upgradeFailed' });

    const after = new SupervisionDB(name, { keyring });
    await after.open();
    expect(after.backendDB().version).toBe(version);
    expect(after.tables.map((t) => t.name)).not.toContain('laterTable');
    expect(await createRepositories(after, { now }).people.list()).toEqual([person.value]);
    after.close();

    // The backup is made from the rows as installed, opened with the app's passphrase, and restores.
    const made = await backupAsInstalled('correct horse battery', 'backup passphrase', { name, now, deps: { iterations: 2_000, minimumIterations: 2_000 } });
    if (!made.ok) throw new Error(made.message);
    const wrong = await backupAsInstalled('not the passphrase', 'backup passphrase', { name, now });
    expect(wrong.ok).toBe(false);
    const targetName = `restored-${Math.random()}`;
    names.push(targetName);
    const targetKeys = unlocked();
    const target = new SupervisionDB(targetName, { keyring: targetKeys });
    const backup = createBackup(target, { now, keyring: targetKeys });
    const opened = await backup.open(made.fileText, 'backup passphrase', { minimumIterations: 2_000 });
    if (!opened.ok) throw new Error(opened.message);
    await backup.restore(opened.value);
    expect(await createRepositories(target, { now }).people.list()).toEqual([person.value]);
    target.close();
  });
});

describe('a database newer than this code', () => {
  it('is reported, not opened, and left as it was', async () => {
    const name = `newer-${Math.random()}`;
    names.push(name);
    const keyring = unlocked();
    // Made by code one version ahead (its failing upgrade runs only over an older database).
    const newer = new FailingUpgradeDB(name, keyring);
    await newer.open().catch(() => undefined);
    newer.close();
    const installed = new SupervisionDB(name);
    // Opened with the current code (one version behind): refused before anything is read or written.
    await expect(openChecked(installed)).rejects.toThrow(/newer|version/i);
    expect(databaseFault.get()).toEqual({ kind: 'newer' });
    // Without databases() (older browsers) the connection's own check refuses it once open.
    clearDatabaseFault();
    const blind = new SupervisionDB(name);
    await expect(openChecked(blind, null)).rejects.toThrow();
    expect(databaseFault.get()).toEqual({ kind: 'newer' });
    const raw = await new Promise<IDBDatabase>((resolve) => {
      const request = indexedDB.open(name);
      request.onsuccess = () => resolve(request.result);
    });
    expect(raw.version).toBe(Math.round((installed.verno + 1) * 10));
    expect([...raw.objectStoreNames]).toContain('laterTable');
    raw.close();
  });
});

describe('another tab upgrading the database', () => {
  it('waits for this tab\'s saves, then this tab closes and asks to reload', async () => {
    const name = `tabs-${Math.random()}`;
    names.push(name);
    const keyring = unlocked();
    const older = new SupervisionDB(name, { keyring });
    const repositories = createRepositories(older, { now });
    const person = await repositories.people.add({ name: 'Val Visitor', role: 'Health Visitor' });
    if (!person.ok) throw new Error(person.message);
    // What this tab still has to write when the other tab upgrades.
    let flushed = false;
    setFlushBeforeClosing(async () => {
      await repositories.people.add({ name: 'Written before closing', role: 'School Nurse' });
      flushed = true;
      return { saved: true };
    });
    const version = older.backendDB().version;
    const upgraded = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open(name, version + 10);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    expect(flushed).toBe(true);
    expect(databaseFault.get()).toEqual({ kind: 'updatedElsewhere', saved: true });
    expect(older.isOpen()).toBe(false);
    // This tab writes nothing more into the upgraded database.
    await expect(repositories.people.add({ name: 'Too late', role: 'x' })).rejects.toThrow();
    const count = await new Promise<number>((resolve) => {
      const request = upgraded.transaction('people').objectStore('people').count();
      request.onsuccess = () => resolve(request.result);
    });
    expect(count).toBe(2);
    upgraded.close();
  });
});
