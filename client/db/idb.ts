/**
 * Raw IndexedDB plumbing, beneath Dexie: a second connection without the at-rest middleware (rows
 * as stored), a transaction as a promise, one request in its own transaction, many rows added in
 * one transaction, and telling Dexie's live queries what changed behind its back. Nothing here
 * knows a table's meaning; backup export and restore (backupExport.ts, backupRestore.ts) and the
 * keystroke's write (sessionRepositories.ts saveAnswer: its commit, transactionDone) build on it.
 */
import Dexie, { RangeSet, type DBCoreTableSchema, type ObservabilitySet } from 'dexie';
import { SupervisionDB } from './db.ts';
import type { Row } from './atRestBulk.ts';

/**
 * A second connection to the same database, without the at-rest middleware: rows as stored.
 * `asInstalled` opens it at the version installed, never upgrading it (legacyBackup.ts: a backup
 * after a failed upgrade).
 */
export async function rawConnection(db: SupervisionDB, version: 'current' | 'asInstalled' = 'current'): Promise<{ raw: Dexie; schemaOf: (name: string) => DBCoreTableSchema }> {
  const raw = version === 'current' ? new SupervisionDB(db.name) : new Dexie(db.name);
  await raw.open();
  return { raw, schemaOf: (name) => raw.core.table(name).schema };
}

/**
 * Settles when the transaction commits; rejects when it aborts (with `abortedBecause` when the
 * browser gives no error), or resolves on an abort this code asked for when `abortIsDone`.
 */
export function transactionDone(transaction: IDBTransaction, abortedBecause: string, { abortIsDone = false } = {}): Promise<void> {
  return new Promise((resolve, reject) => {
    transaction.oncomplete = () => resolve();
    transaction.onabort = () => {
      if (abortIsDone && !transaction.error) return resolve();
      reject(transaction.error ?? new DOMException(abortedBecause, 'AbortError'));
    };
  });
}

/** One request in its own transaction: its result. */
export function request<T>(idb: IDBDatabase, name: string, make: (store: IDBObjectStore) => IDBRequest): Promise<T> {
  return new Promise((resolve, reject) => {
    const asked = make(idb.transaction(name, 'readonly').objectStore(name));
    asked.onsuccess = () => resolve(asked.result as T);
    asked.onerror = () => reject(asked.error);
  });
}

/** A write that found a row the plan did not (added meanwhile by another tab or screen). */
export function isConflict(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'name' in error && error.name === 'ConstraintError';
}

/**
 * Adds every row in one IndexedDB transaction on the connection's own IDBDatabase (Dexie's bulk
 * add makes the same requests with its change tracking on top: about a fifth slower at 260,000
 * rows); the stores in `putInto` are put (a row there may be replaced). Any failure (a key added
 * meanwhile: ConstraintError) aborts it, so nothing is written. Awaits nothing but IndexedDB.
 */
export function addAll(
  idb: IDBDatabase,
  rows: Readonly<Record<string, readonly Row[]>>,
  { putInto = [], durability, abortedBecause }: { putInto?: readonly string[]; durability?: IDBTransactionOptions; abortedBecause: string },
): Promise<void> {
  const names = Object.keys(rows).filter((name) => (rows[name]?.length ?? 0) > 0);
  if (names.length === 0) return Promise.resolve();
  const transaction = idb.transaction(names, 'readwrite', durability);
  const done = transactionDone(transaction, abortedBecause);
  try {
    for (const name of names) {
      const store = transaction.objectStore(name);
      if (putInto.includes(name)) for (const row of rows[name] ?? []) store.put(row);
      else for (const row of rows[name] ?? []) store.add(row);
    }
  } catch (error) {
    // A row IndexedDB cannot take: none of those already asked for may be committed.
    done.catch(() => undefined);
    transaction.abort();
    return Promise.reject(error);
  }
  return done;
}

/** Tells the app's live queries (Dexie's, over every connection) that these tables changed. */
export function announceChanged(db: Dexie, names: readonly string[]): void {
  const everything: ObservabilitySet = {};
  for (const name of names) {
    const prefix = `idb://${db.name}/${name}/`;
    for (const index of db.table(name).schema.indexes) if (index.name) everything[`${prefix}${index.name}`] = new RangeSet(-Infinity, [[[]]]);
    everything[prefix] = new RangeSet(-Infinity, [[[]]]);
  }
  Dexie.on.storagemutated.fire(everything);
}
