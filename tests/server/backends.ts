/**
 * The share stores the server tests run on: the embedded SQLite store always, and PostgreSQL
 * when TEST_DATABASE_URL names one (CI installs and starts Debian's PostgreSQL and sets it).
 * Each test file passes its own PostgreSQL schema, so files running in parallel never drop each
 * other's tables; the tables are dropped before and after, as in shares.test.ts.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { openShareStore, type ShareStore } from '../../server/storage/shares.ts';

export const postgresUrl = process.env.TEST_DATABASE_URL;

/** Every table the store's migrations make. */
export const shareTables = 'shares, share_usage, kysely_migration, kysely_migration_lock';

export type StoredRow = { id: string; ciphertext: string; size: number; filled: number; one_time: number; revoke_hash: string | null; write_hash: string | null };

export type Backend = {
  store: ShareStore;
  /** Where the store keeps its data, to open it again (a migration test) or look inside. */
  setting: { databaseUrl?: string; sqliteFile?: string };
  /** The database's bytes (SQLite: the file and its write-ahead log) or rows (PostgreSQL), as text. */
  dump: () => Promise<string>;
  /** The shares table's rows, read with SQL. */
  rows: () => Promise<StoredRow[]>;
  /** The usage counter as the database holds it, and the sum it must equal. */
  accounting: () => Promise<{ usage: number; sumOfSizes: number; sumOfLengths: number }>;
  /** Moves the SQLite write-ahead log into the file and empties it (PostgreSQL: nothing). */
  checkpoint: () => Promise<void>;
  cleanUp: () => Promise<void>;
};

export type BackendFactory = (options?: { open?: boolean }) => Promise<Backend>;

const rowsSql = 'SELECT id, ciphertext, size, filled, one_time, revoke_hash, write_hash FROM shares';
const accountingSql =
  'SELECT (SELECT bytes FROM share_usage WHERE id = 1) AS usage, (SELECT COALESCE(SUM(size), 0) FROM shares) AS sum_of_sizes, (SELECT COALESCE(SUM(length(ciphertext)), 0) FROM shares) AS sum_of_lengths';
/** A row of `accountingSql`: numbers from SQLite, text from PostgreSQL (its sums are bigint). */
type AccountingRow = { usage: number | string; sum_of_sizes: number | string; sum_of_lengths: number | string };
const accountingOf = (row: AccountingRow | undefined) => ({ usage: Number(row?.usage), sumOfSizes: Number(row?.sum_of_sizes), sumOfLengths: Number(row?.sum_of_lengths) });

/**
 * A backend over `store` (opened already, or later through `backend.store = …`, as a migration test
 * does): reading `store` before it is open throws; `cleanUp` closes it before `removeData`.
 */
function withStore(store: ShareStore | undefined, parts: Omit<Backend, 'store' | 'cleanUp'> & { removeData: () => Promise<void> }): Backend {
  const { removeData, ...rest } = parts;
  return {
    get store() {
      if (!store) throw new Error('Not opened');
      return store;
    },
    set store(value: ShareStore) {
      store = value;
    },
    ...rest,
    cleanUp: async () => {
      await store?.close();
      await removeData();
    },
  };
}

function sqliteBackend(): BackendFactory {
  return async ({ open = true } = {}) => {
    const dir = mkdtempSync(join(tmpdir(), 'shares-'));
    const file = join(dir, 'shares.sqlite');
    const store = open ? await openShareStore({ sqliteFile: file }) : undefined;
    const query = <T>(text: string): T[] => {
      const db = new SQLite(file, { readonly: true });
      try {
        return db.prepare(text).all() as T[];
      } finally {
        db.close();
      }
    };
    return withStore(store, {
      setting: { sqliteFile: file },
      dump: async () => ['', '-wal'].map((suffix) => { try { return readFileSync(file + suffix).toString('latin1'); } catch { return ''; } }).join(''),
      rows: async () => query<StoredRow>(rowsSql),
      accounting: async () => accountingOf(query<AccountingRow>(accountingSql)[0]),
      checkpoint: async () => {
        const db = new SQLite(file);
        try {
          db.pragma('wal_checkpoint(TRUNCATE)');
        } finally {
          db.close();
        }
      },
      removeData: async () => rmSync(dir, { recursive: true, force: true }),
    });
  };
}

function postgresBackend(url: string, schema: string): BackendFactory {
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error('A schema name of lower-case letters, digits and _');
  const separator = url.includes('?') ? '&' : '?';
  const scopedUrl = `${url}${separator}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
  return async ({ open = true } = {}) => {
    const admin = new pg.Client({ connectionString: scopedUrl });
    await admin.connect();
    await admin.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await admin.query(`DROP TABLE IF EXISTS ${shareTables}`);
    const store = open ? await openShareStore({ databaseUrl: scopedUrl }) : undefined;
    return withStore(store, {
      setting: { databaseUrl: scopedUrl },
      dump: async () => JSON.stringify((await admin.query('SELECT * FROM shares')).rows),
      rows: async () => (await admin.query<StoredRow>(rowsSql)).rows.map((row) => ({ ...row, size: Number(row.size) })),
      accounting: async () => accountingOf((await admin.query<AccountingRow>(accountingSql)).rows[0]),
      checkpoint: async () => undefined,
      removeData: async () => {
        await admin.query(`DROP TABLE IF EXISTS ${shareTables}`);
        await admin.query(`DROP SCHEMA IF EXISTS ${schema}`);
        await admin.end();
      },
    });
  };
}

/** [name, factory] for describe.each: SQLite, and PostgreSQL (in `schema`) when configured. */
export function shareBackends(schema: string): [string, BackendFactory][] {
  const backends: [string, BackendFactory][] = [['SQLite (embedded default)', sqliteBackend()]];
  if (postgresUrl) backends.push(['PostgreSQL', postgresBackend(postgresUrl, schema)]);
  return backends;
}

/** For a describe block: the backend `open` makes, opened before its tests and cleaned up after them; `backend()` gives it. */
export function useBackend(open: BackendFactory, options: { open?: boolean } = {}): () => Backend {
  let current: Backend | undefined;
  beforeAll(async () => {
    current = await open(options);
  });
  afterAll(async () => current?.cleanUp());
  return () => {
    if (!current) throw new Error('The backend exists only while the tests run');
    return current;
  };
}
