/**
 * Rows that could not be opened: a row whose seal does not open (a flipped byte, a row moved from
 * another, written by something else) or whose opened content its schema refuses. Every read path
 * skips such a row instead of failing the whole list, and reports it here by its table and its
 * clear key fields (opaque ids, dates, statuses: never content), so the app can say what is missing
 * ("One record of 14 November 2026 could not be opened"). The row itself is never changed or
 * deleted by being reported.
 */
import { createValueStore, type ReadableStore } from '../app/valueStore.ts';
import { keyFieldsOf } from './atRest.ts';
import type { SupervisionDB } from './db.ts';

export type DamagedRow = {
  table: string;
  /** The row's primary key, as text. */
  key: string;
  /** Its key fields, which stay in the clear (never content). */
  clear: Readonly<Record<string, unknown>>;
  /** 'sealed': the seal did not open; 'content': it opened but its schema refuses it. */
  cause: 'sealed' | 'content';
};

export interface DamageRegister extends ReadableStore<readonly DamagedRow[]> {
  /** Adds a row (once: a row read again is not listed twice). */
  report(row: DamagedRow): void;
}

export function createDamageRegister(): DamageRegister {
  const store = createValueStore<readonly DamagedRow[]>([]);
  return {
    get: store.get,
    subscribe: store.subscribe,
    report(row) {
      if (store.get().some((r) => r.table === row.table && r.key === row.key)) return;
      store.set([...store.get(), row]);
    },
  };
}

/** The clear key fields of a stored row (its `sealed` part left out). */
export function clearFieldsOf(row: unknown, keyFields: ReadonlySet<string>): Record<string, unknown> {
  if (typeof row !== 'object' || row === null) return {};
  return Object.fromEntries(Object.entries(row as Record<string, unknown>).filter(([name]) => keyFields.has(name)));
}

/**
 * What `read` makes of each of a table's rows, leaving out (and reporting as damaged) each row it
 * refuses (throws for): a list read goes on past a row whose content its schema refuses, as the
 * at-rest layer goes on past one that does not open.
 */
export function readEach<Row, T>(db: SupervisionDB, table: string, rows: readonly Row[], read: (row: Row) => T): T[] {
  const out: T[] = [];
  for (const row of rows) {
    try {
      out.push(read(row));
    } catch {
      const schema = db.core.table(table).schema;
      const keyPath = schema.primaryKey.keyPath;
      const key = typeof keyPath === 'string' ? String((row as Record<string, unknown>)[keyPath]) : '';
      db.damage.report({ table, key, clear: clearFieldsOf(row, keyFieldsOf(schema)), cause: 'content' });
    }
  }
  return out;
}
