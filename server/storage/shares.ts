/**
 * The share store: only ciphertext, with an expiry and an optional one-time read. The key that
 * opens a share never reaches the server (it travels in the link's fragment). An embedded
 * SQLite file by default (no setup), or PostgreSQL when DATABASE_URL names one; the same
 * migrations run on both (Kysely).
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, type Migration, type MigrationProvider } from 'kysely';
import pg from 'pg';

interface SharesTable {
  id: string;
  ciphertext: string;
  created_at: number | string;
  expires_at: number | string;
  one_time: number;
}
interface Database {
  shares: SharesTable;
}

/** Migrations, in order. Never edit one that has shipped: add the next. */
const migrations: Record<string, Migration> = {
  '0001_shares': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('shares')
        .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
        .addColumn('ciphertext', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .addColumn('one_time', 'integer', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('shares_expires_at').on('shares').column('expires_at').execute();
    },
  },
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

export type StoredShare = { ciphertext: string; expiresAt: number };

export type ShareStore = {
  kind: 'sqlite' | 'postgres';
  put(input: { ciphertext: string; expiresAt: number; oneTime: boolean; now: number }): Promise<string>;
  /** The share, if it exists and has not expired; a one-time share is deleted as it is read. */
  take(id: string, now: number): Promise<StoredShare | null>;
  /** Deletes what has expired; returns how many. */
  purge(now: number): Promise<number>;
  close(): Promise<void>;
};

/** The storage chosen by one setting: a postgres:// URL, or else an SQLite file (':memory:' for tests). */
export async function openShareStore(setting: { databaseUrl?: string | undefined; sqliteFile?: string | undefined }): Promise<ShareStore> {
  const url = setting.databaseUrl ?? '';
  const isPostgres = /^postgres(ql)?:\/\//.test(url);
  let dialect;
  if (isPostgres) {
    dialect = new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 10 }) });
  } else {
    const file = setting.sqliteFile ?? ':memory:';
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    const sqlite = new SQLite(file);
    sqlite.pragma('journal_mode = WAL');
    dialect = new SqliteDialect({ database: sqlite });
  }
  const db = new Kysely<Database>({ dialect });
  const { error } = await new Migrator({ db, provider }).migrateToLatest();
  if (error) {
    await db.destroy();
    throw new Error('The share store could not be set up');
  }

  return {
    kind: isPostgres ? 'postgres' : 'sqlite',
    async put({ ciphertext, expiresAt, oneTime, now }) {
      const id = randomBytes(16).toString('base64url');
      await db.insertInto('shares').values({ id, ciphertext, created_at: now, expires_at: expiresAt, one_time: oneTime ? 1 : 0 }).execute();
      return id;
    },
    async take(id, now) {
      return db.transaction().execute(async (tx) => {
        const row = await tx.selectFrom('shares').selectAll().where('id', '=', id).executeTakeFirst();
        if (!row) return null;
        const expiresAt = Number(row.expires_at);
        if (expiresAt <= now || Number(row.one_time) === 1) await tx.deleteFrom('shares').where('id', '=', id).execute();
        return expiresAt <= now ? null : { ciphertext: row.ciphertext, expiresAt };
      });
    },
    async purge(now) {
      const result = await db.deleteFrom('shares').where('expires_at', '<=', now).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
    close: () => db.destroy(),
  };
}
