/**
 * A backup made from the records exactly as they are on the device, when the app cannot open the
 * database at its own version (its upgrade failed: databaseFaults.ts). The database is opened at
 * the version installed, never upgraded (Dexie without declared versions reads the installed
 * stores), the vault on it is unlocked with the app's passphrase, and the ordinary backup reads
 * every row as stored, opens it with that key and seals the file with the backup's passphrase.
 * Nothing is written to the database.
 */
import Dexie from 'dexie';
import { atRestMiddleware, Keyring } from './atRest.ts';
import { createVault } from './vault.ts';
import { createBackup, type BackupDeps } from './backup.ts';
import type { SupervisionDB } from './db.ts';
import { databaseName } from './databaseName.ts';

export type LegacyBackupResult = { ok: true; fileText: string } | { ok: false; message: string };

export async function backupAsInstalled(
  appPassphrase: string,
  backupPassphrase: string,
  options: { name?: string; now?: () => Date; deps?: BackupDeps } = {},
): Promise<LegacyBackupResult> {
  const now = options.now ?? (() => new Date());
  const keyring = new Keyring();
  const db = new Dexie(options.name ?? databaseName);
  db.use(atRestMiddleware(keyring));
  try {
    await db.open();
    // The vault, the backup's reading and its codec use only the tables and connection: the same on this older database.
    // Dexie names a table as a property only when it is declared: the installed ones are named here.
    for (const table of db.tables) Object.defineProperty(db, table.name, { value: table, configurable: true });
    const asInstalled = db as unknown as SupervisionDB;
    const hasVault = db.tables.some((table) => table.name === 'vault') && (await db.table('vault').count()) > 0;
    if (hasVault) {
      const unlocked = await createVault(asInstalled, { now }).unlock(appPassphrase);
      if (!unlocked.ok) return unlocked;
      keyring.unlock(unlocked.value);
      unlocked.value.fill(0);
    }
    // Before the app had a lock (version 6 and earlier) rows were stored unsealed.
    const made = await createBackup(asInstalled, { now, keyring: hasVault ? keyring : null }).export(backupPassphrase, options.deps);
    return made.ok ? { ok: true, fileText: made.value } : { ok: false, message: made.message };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  } finally {
    keyring.lock();
    db.close();
  }
}
