/**
 * Which lock screen to show first, decided before Dexie and the vault code have loaded: a device
 * with no passphrase yet (no database, or no vault row) is asked to set one; a device with one is
 * asked to unlock. Plain IndexedDB, read-only, and never creates the database: `databases()`
 * says whether it exists; an open that would create it is aborted. The lock machine checks the
 * vault properly once loaded; this only lets the right form be typed into meanwhile.
 * 'unknown' when the browser cannot say (no `databases()`, or an error): the screen then waits.
 */
import { databaseName } from './databaseName.ts';

export type PeekedVault = 'none' | 'set' | 'unknown';

export async function peekVault(name: string = databaseName, idb: IDBFactory | null = globalThis.indexedDB ?? null): Promise<PeekedVault> {
  try {
    if (!idb || typeof idb.databases !== 'function') return 'unknown';
    const existing = await idb.databases();
    if (!existing.some((info) => info.name === name)) return 'none';
    return await new Promise<PeekedVault>((resolve) => {
      const request = idb.open(name);
      let missing = false;
      // Only fires when the database is missing after all (deleted meanwhile): do not create it.
      request.onupgradeneeded = () => {
        missing = true;
        request.transaction?.abort();
      };
      request.onerror = (event) => {
        event.preventDefault();
        resolve(missing ? 'none' : 'unknown');
      };
      request.onblocked = () => resolve('unknown');
      request.onsuccess = () => {
        const db = request.result;
        // Never stand in the way of the app opening (and upgrading) the database.
        db.onversionchange = () => db.close();
        if (!db.objectStoreNames.contains('vault')) {
          db.close();
          return resolve('none');
        }
        const count = db.transaction('vault', 'readonly').objectStore('vault').count();
        count.onsuccess = () => {
          db.close();
          resolve(count.result > 0 ? 'set' : 'none');
        };
        count.onerror = () => {
          db.close();
          resolve('unknown');
        };
      };
    });
  } catch {
    return 'unknown';
  }
}
