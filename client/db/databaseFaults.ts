/**
 * When the database cannot be used as this code expects (ARCHITECTURE.md, Failure model):
 *
 * - **newer**: the device's database was written by a newer version of the app (IndexedDB's
 *   VersionError, or found before opening). Nothing is opened for writing: Dexie 4 would otherwise
 *   open the newer database at its own version (or even "patch" it one version up), and this
 *   older code would write rows the newer code does not expect. The app says "Please update".
 * - **upgradeFailed**: the upgrade to this version failed. IndexedDB runs an upgrade in one
 *   `versionchange` transaction, so its failure aborts it: the version and every row are as they
 *   were. The app says so and offers a backup made from the rows as they are (legacyBackup.ts).
 * - **updatedElsewhere**: another tab opened the database at a newer version. This tab writes
 *   what is waiting to be saved first (the other tab's upgrade waits, "blocked", meanwhile), then
 *   closes its connection, so the older code here can never write into the upgraded database,
 *   and asks to reload.
 *
 * Dexie-free at run time (types only): the first screen shows these faults.
 */
import type Dexie from 'dexie';
import { createValueStore, type ReadableStore } from '../app/valueStore.ts';
import { deviceCopy } from '../content/deviceCopy.ts';

export type DatabaseFault = { kind: 'newer' } | { kind: 'upgradeFailed'; reason: string } | { kind: 'updatedElsewhere'; saved: boolean };

const faultStore = createValueStore<DatabaseFault | null>(null);
/** The fault the app shows (null: none). The first fault stays: it is what the user must act on. */
export const databaseFault: ReadableStore<DatabaseFault | null> = faultStore;
export function reportDatabaseFault(fault: DatabaseFault): void {
  if (faultStore.get() === null || (faultStore.get()?.kind === 'updatedElsewhere' && fault.kind !== 'updatedElsewhere')) faultStore.set(fault);
}
/** For tests: forgets the fault shown. */
export function clearDatabaseFault(): void {
  faultStore.set(null);
}

export class NewerDatabaseError extends Error {
  override name = 'NewerDatabaseError';
  constructor(installed: number, ours: number) {
    super(deviceCopy.newerDatabase(installed / 10, ours / 10));
  }
}

/** What must be written before this tab lets go of the database (the app sets it: every live document's pending save). */
let flushBeforeClosing: () => Promise<{ saved: boolean }> = async () => ({ saved: true });
export function setFlushBeforeClosing(flush: () => Promise<{ saved: boolean }>): void {
  flushBeforeClosing = flush;
}

/** How long the other tab's upgrade waits for this tab's last saves at most. */
export const FLUSH_BEFORE_CLOSING_MS = 5000;

/** The native version (Dexie's × 10) of the database as installed, from `databases()`; null when absent or unknown. */
export async function installedVersion(name: string, idb: IDBFactory | null = globalThis.indexedDB ?? null): Promise<number | null> {
  try {
    if (!idb || typeof idb.databases !== 'function') return null;
    return (await idb.databases()).find((info) => info.name === name)?.version ?? null;
  } catch {
    return null;
  }
}

function namesOf(error: unknown): string[] {
  const names: string[] = [];
  for (let e = error, depth = 0; typeof e === 'object' && e !== null && depth < 5; depth++) {
    const { name, inner } = e as { name?: unknown; inner?: unknown };
    if (typeof name === 'string') names.push(name);
    e = inner;
  }
  return names;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

type GuardedDb = Pick<Dexie, 'name' | 'verno' | 'open' | 'on' | 'close' | 'backendDB' | 'isOpen'>;

/**
 * Opens the database, or reports why it cannot be (and rethrows): newer than this code, or its
 * upgrade failed. Asked for first, before anything reads the database.
 */
export async function openChecked(db: GuardedDb, idb: IDBFactory | null = globalThis.indexedDB ?? null): Promise<void> {
  const ours = Math.round(db.verno * 10);
  const installed = await installedVersion(db.name, idb);
  if (installed !== null && installed > ours) {
    reportDatabaseFault({ kind: 'newer' });
    throw new NewerDatabaseError(installed, ours);
  }
  try {
    await db.open();
  } catch (error) {
    const names = namesOf(error);
    if (names.includes('VersionError') || names.includes('NewerDatabaseError')) reportDatabaseFault({ kind: 'newer' });
    else if (names.includes('UpgradeError') || (installed !== null && installed < ours)) reportDatabaseFault({ kind: 'upgradeFailed', reason: messageOf(error) });
    throw error;
  }
}

/**
 * Guards a connection for its life (called from the database's constructor): a database found
 * newer once open (Dexie opens a newer one at its own version rather than fail) is closed
 * before anything reads or writes it; another tab's upgrade is let through once this tab's last
 * saves are written.
 */
export function guardConnection(db: Dexie): void {
  db.on('ready', () => {
    const installed = db.backendDB().version;
    const ours = Math.round(db.verno * 10);
    if (installed > ours) {
      reportDatabaseFault({ kind: 'newer' });
      throw new NewerDatabaseError(installed, ours);
    }
  });
  db.on('versionchange', (event: IDBVersionChangeEvent) => {
    // Deleted (tests, or the browser clearing site data): nothing to save into.
    if (event.newVersion === null) {
      db.close();
      return false;
    }
    void (async () => {
      let saved = false;
      try {
        const timeout = new Promise<{ saved: boolean }>((resolve) => setTimeout(() => resolve({ saved: false }), FLUSH_BEFORE_CLOSING_MS));
        ({ saved } = await Promise.race([flushBeforeClosing(), timeout]));
      } catch {
        saved = false;
      }
      // Closed for good (no reopening): older code never writes into the upgraded database.
      db.close({ disableAutoOpen: true });
      reportDatabaseFault({ kind: 'updatedElsewhere', saved });
    })();
    return false;
  });
}
