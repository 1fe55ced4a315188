/**
 * For storage tests: a device's sealed database (unlocked with a random key, as the app is) and
 * its repositories, with a deterministic id counter and a fixed clock; every database made is
 * deleted after each test.
 */
import Dexie from 'dexie';
import { afterEach } from 'vitest';
import { Keyring } from '../../client/db/atRest.ts';
import { SupervisionDB } from '../../client/db/db.ts';
import { createRepositories } from '../../client/db/repositories.ts';

export function useSealedDevices(prefix: string, idPrefix = 'id') {
  const names: string[] = [];
  afterEach(async () => {
    for (const name of names.splice(0)) await Dexie.delete(name);
  });
  return function device() {
    const keyring = new Keyring();
    keyring.unlock(crypto.getRandomValues(new Uint8Array(32)));
    const name = `${prefix}-${Math.random()}`;
    names.push(name);
    const db = new SupervisionDB(name, { keyring });
    let n = 0;
    return { db, repositories: createRepositories(db, { now: () => new Date('2026-11-22T10:00:00Z'), newId: () => `${idPrefix}-${String(++n).padStart(6, '0')}` }) };
  };
}
