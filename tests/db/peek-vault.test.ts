/**
 * The first screen's look at the vault (client/db/peekVault.ts), over fake-indexeddb: it tells a
 * device without a passphrase from one with, never creates the database, and never stands in the
 * way of the app opening and upgrading it.
 */
import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { peekVault } from '../../client/db/peekVault.ts';
import { SupervisionDB } from '../../client/db/db.ts';
import { createVault } from '../../client/db/vault.ts';

const names: string[] = [];
const fresh = () => {
  const name = `peek-${Math.random()}`;
  names.push(name);
  return name;
};
afterEach(async () => {
  for (const name of names.splice(0)) await Dexie.delete(name);
});

describe('peekVault', () => {
  it('no database: none, and it does not create one', async () => {
    const name = fresh();
    expect(await peekVault(name)).toBe('none');
    expect(await Dexie.exists(name)).toBe(false);
  });

  it('a database with no vault row (the app opened, no passphrase set): none', async () => {
    const name = fresh();
    const db = new SupervisionDB(name);
    await db.open();
    db.close();
    expect(await peekVault(name)).toBe('none');
  });

  it('a database from before the vault existed (no vault store): none', async () => {
    const name = fresh();
    const old = new Dexie(name);
    old.version(1).stores({ people: 'id, updatedAt' });
    await old.open();
    old.close();
    expect(await peekVault(name)).toBe('none');
  });

  it('a vault set: set; and the app then opens and reads the database as usual', async () => {
    const name = fresh();
    const db = new SupervisionDB(name);
    expect((await createVault(db, { now: () => new Date() }).create('four unrelated words here', 'four unrelated words here')).ok).toBe(true);
    db.close();
    expect(await peekVault(name)).toBe('set');
    const again = new SupervisionDB(name);
    expect(await again.vault.count()).toBe(1);
    again.close();
  });

  it('a browser that cannot list its databases: unknown (the screen waits for the real check)', async () => {
    const listless = { open: indexedDB.open.bind(indexedDB) } as unknown as IDBFactory;
    expect(await peekVault(fresh(), listless)).toBe('unknown');
    expect(await peekVault(fresh(), null)).toBe('unknown');
  });
});
