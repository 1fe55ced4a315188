/**
 * The repositories' transaction helpers: a native IndexedDB write committed in the task that asks
 * for it, for the keystroke's write (client/db/sessionRepositories.ts saveAnswer). Dexie's own
 * transactions (db.transaction, durability.ts strictlyIf) serve every other write.
 */
import { savingCopy } from '../content/savingCopy.ts';
import type { SupervisionDB } from './db.ts';

/** Resolves when a native transaction commits; rejects with its error when it fails or is aborted. */
export function transactionDone(transaction: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    transaction.addEventListener('complete', () => resolve(), { once: true });
    transaction.addEventListener('error', () => reject(transaction.error ?? new Error(savingCopy.saving.saveFailed)), { once: true });
    transaction.addEventListener('abort', () => reject(transaction.error ?? new Error(savingCopy.saving.saveAborted)), { once: true });
  });
}

/**
 * Puts one row in one store, sealed at rest as the middleware would seal it, and waits for the
 * commit. Sealed first, off the page's thread (db.storedForm: WebCrypto; the cipher is asked for
 * within the caller's task). Then written on the native connection, not through Dexie's
 * promise-scheduled transactions: the put is asked for and committed in the same task, so
 * IndexedDB writes it at once rather than once this page is free again. Dexie's live queries do
 * not see this write: only for a table nothing watches live. (Opening the transaction before the
 * seal, kept alive with reads until it is ready, measured no faster.)
 */
export async function putNow(db: SupervisionDB, table: string, row: Record<string, unknown>): Promise<void> {
  if (!db.isOpen()) return void (await db.table(table).put(row));
  const stored = await db.storedForm(table, row);
  const transaction = db.backendDB().transaction(table, 'readwrite');
  const committed = transactionDone(transaction);
  transaction.objectStore(table).put(stored);
  transaction.commit?.();
  await committed;
}
