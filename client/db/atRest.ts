/**
 * Encryption at rest. Every row's content is sealed with AES-256-GCM under the data key before it
 * reaches IndexedDB, and opened as it is read; only the keys and indexes (opaque ids, dates,
 * statuses) stay readable, so queries still work. A fresh 96-bit IV for every write; the table and
 * the row's primary key are bound as associated data, so one row's ciphertext moved to another
 * row (or table) does not open.
 *
 * It is a Dexie DBCore middleware, so every repository is covered without knowing about it. The
 * cipher is synchronous (@noble/ciphers, audited): WebCrypto's is asynchronous, and waiting on it
 * inside an IndexedDB transaction would let the transaction commit early.
 */
import { gcm } from '@noble/ciphers/aes.js';
import type { DBCore, DBCoreCursor, DBCoreTable, DBCoreTableSchema, Middleware } from 'dexie';

export const SEALED_VERSION = 1;
/** AES-GCM with a 96-bit IV (NIST SP 800-38D's recommended length). */
export const IV_BYTES = 12;
export const DATA_KEY_BYTES = 32;

/** Tables whose rows are never sealed: the vault holds only a salt and a wrapped key, and device keys are non-extractable CryptoKeys. */
export const UNSEALED_TABLES: ReadonlySet<string> = new Set(['vault', 'deviceKeys']);

export class LockedError extends Error {
  override name = 'LockedError';
  constructor() {
    super('The app is locked: unlock it with your passphrase to read or save records.');
  }
}

export class SealedRowError extends Error {
  override name = 'SealedRowError';
}

export type Sealed = { v: typeof SEALED_VERSION; iv: Uint8Array; ct: Uint8Array };

/**
 * Holds the data key while the app is unlocked. `lock()` overwrites the key bytes and forgets
 * them; reading or writing a record then fails with LockedError.
 */
export class Keyring {
  #key: Uint8Array | null = null;
  /** The same key imported into WebCrypto (non-extractable), made on first request. */
  #cryptoKey: Promise<CryptoKey> | null = null;
  /** The same key once made (forgotten with it). */
  #importedKey: CryptoKey | null = null;
  /** Rows written before the app had a lock, read once so they can be sealed; refused otherwise. */
  #acceptUnsealed = false;

  unlock(key: Uint8Array): void {
    if (key.length !== DATA_KEY_BYTES) throw new RangeError('A data key is 32 bytes');
    this.#key = Uint8Array.from(key);
    this.#cryptoKey = null;
    this.#importedKey = null;
  }

  lock(): void {
    this.#key?.fill(0);
    this.#key = null;
    // A CryptoKey cannot be overwritten: it is forgotten (non-extractable, it never held bytes JS can read).
    this.#cryptoKey = null;
    this.#importedKey = null;
  }

  get unlocked(): boolean {
    return this.#key !== null;
  }

  /** The key, or LockedError. */
  key(): Uint8Array {
    if (!this.#key) throw new LockedError();
    return this.#key;
  }

  /**
   * The data key as a non-extractable WebCrypto AES-GCM key, for sealing and opening many rows
   * at once outside any IndexedDB transaction (backup and restore: see atRestBulk.ts). Forgotten
   * on lock; LockedError when locked, or when the app locked while it was being made.
   */
  async webCryptoKey(): Promise<CryptoKey> {
    const key = this.key();
    if (!this.#cryptoKey) {
      const bytes = Uint8Array.from(key);
      // importKey copies the bytes before it returns, so the copy can be cleared at once.
      this.#cryptoKey = crypto.subtle.importKey('raw', bytes, { name: 'AES-GCM' }, false, ['encrypt', 'decrypt']);
      bytes.fill(0);
    }
    const pending = this.#cryptoKey;
    const cryptoKey = await pending;
    if (this.#cryptoKey !== pending) throw new LockedError();
    this.#importedKey = cryptoKey;
    return cryptoKey;
  }

  /** The WebCrypto key if it has been made (without waiting), else null; null once the app locks. */
  webCryptoKeyNow(): CryptoKey | null {
    return this.#importedKey;
  }

  async whileAcceptingUnsealed<T>(work: () => Promise<T>): Promise<T> {
    this.#acceptUnsealed = true;
    try {
      return await work();
    } finally {
      this.#acceptUnsealed = false;
    }
  }

  get acceptsUnsealed(): boolean {
    return this.#acceptUnsealed;
  }
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function randomIv(): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(IV_BYTES));
}

/** Associated data: which table, which row. */
export function associatedData(table: string, primaryKey: unknown): Uint8Array {
  return encoder.encode(`safeguarding-supervision/at-rest/v1|${table}|${JSON.stringify(primaryKey)}`);
}

export function seal(key: Uint8Array, table: string, primaryKey: unknown, plaintext: unknown): Sealed {
  const iv = randomIv();
  const ct = gcm(key, iv, associatedData(table, primaryKey)).encrypt(encoder.encode(JSON.stringify(plaintext)));
  return { v: SEALED_VERSION, iv, ct };
}

export function open(key: Uint8Array, table: string, primaryKey: unknown, sealed: Sealed): unknown {
  let bytes: Uint8Array;
  try {
    bytes = gcm(key, sealed.iv, associatedData(table, primaryKey)).decrypt(sealed.ct);
  } catch {
    throw new SealedRowError(`A record in “${table}” could not be decrypted: it has been altered, or it belongs to another record.`);
  }
  return JSON.parse(decoder.decode(bytes));
}

/** A Uint8Array from any realm (IndexedDB may hand back one made by another global, as in jsdom). */
export function isBytes(value: unknown): value is Uint8Array {
  return ArrayBuffer.isView(value) && Object.prototype.toString.call(value) === '[object Uint8Array]';
}

export function isSealed(value: unknown): value is Sealed {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return v['v'] === SEALED_VERSION && isBytes(v['iv']) && isBytes(v['ct']);
}

/** The top-level properties a table's keys and indexes read: they stay in the clear. */
export function keyFieldsOf(schema: DBCoreTableSchema): Set<string> {
  const fields = new Set<string>();
  for (const index of [schema.primaryKey, ...schema.indexes]) {
    const paths = index.keyPath === null ? [] : Array.isArray(index.keyPath) ? index.keyPath : [index.keyPath];
    for (const path of paths) fields.add(path.split('.')[0] ?? path);
  }
  return fields;
}

function primaryKeyOf(schema: DBCoreTableSchema, row: Record<string, unknown>): unknown {
  const path = schema.primaryKey.keyPath;
  if (typeof path !== 'string') throw new SealedRowError(`Table “${schema.name}” has no inbound primary key to bind its rows to`);
  return row[path];
}

/** A row as stored: its key fields in the clear, everything else in `sealed`. */
export function sealRow(keyring: Keyring, schema: DBCoreTableSchema, keyFields: Set<string>, row: unknown): unknown {
  if (typeof row !== 'object' || row === null) return row;
  const clear: Record<string, unknown> = {};
  const secret: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(row as Record<string, unknown>)) (keyFields.has(name) ? clear : secret)[name] = value;
  clear['sealed'] = seal(keyring.key(), schema.name, primaryKeyOf(schema, clear), secret);
  return clear;
}

/** A stored row opened: its key fields with the sealed fields merged back. */
export function openRow(keyring: Keyring, schema: DBCoreTableSchema, row: unknown): unknown {
  if (typeof row !== 'object' || row === null) return row;
  const stored = row as Record<string, unknown>;
  const sealed = stored['sealed'];
  if (!isSealed(sealed)) {
    if (keyring.acceptsUnsealed) return row;
    throw new SealedRowError(`A record in “${schema.name}” is not encrypted: it was not written by this app.`);
  }
  const { sealed: _sealed, ...clear } = stored;
  const secret = open(keyring.key(), schema.name, primaryKeyOf(schema, clear), sealed);
  if (typeof secret !== 'object' || secret === null) throw new SealedRowError(`A record in “${schema.name}” could not be read`);
  return { ...(secret as Record<string, unknown>), ...clear };
}

/**
 * The cursor with its value opened (once per row). A proxy, not a prototype copy: a native
 * IDBCursor's getters and methods (key, primaryKey, continue…) must be called on the cursor
 * itself, or Chromium throws "Illegal invocation" (Dexie's anyOf reads `key` on every step).
 */
function openingCursor(cursor: DBCoreCursor, opened: (value: unknown) => unknown): DBCoreCursor {
  let lastRaw: unknown;
  let lastOpened: unknown;
  return new Proxy(cursor, {
    get(target, property) {
      if (property === 'value') {
        const raw = target.value;
        if (raw !== lastRaw) {
          lastRaw = raw;
          lastOpened = opened(raw);
        }
        return lastOpened;
      }
      const found: unknown = Reflect.get(target, property, target);
      return typeof found === 'function' ? (found as (...args: unknown[]) => unknown).bind(target) : found;
    },
  });
}

function sealedTable(keyring: Keyring, table: DBCoreTable): DBCoreTable {
  const { schema } = table;
  const keyFields = keyFieldsOf(schema);
  const opened = (value: unknown) => (value === undefined ? value : openRow(keyring, schema, value));
  return {
    ...table,
    mutate(request) {
      if (request.type === 'add' || request.type === 'put') {
        return table.mutate({ ...request, values: request.values.map((value) => sealRow(keyring, schema, keyFields, value)) });
      }
      return table.mutate(request);
    },
    get(request) {
      return table.get(request).then(opened);
    },
    getMany(request) {
      return table.getMany(request).then((values) => values.map(opened));
    },
    query(request) {
      return table.query(request).then((response) => (request.values ? { ...response, result: response.result.map(opened) } : response));
    },
    openCursor(request) {
      return table.openCursor(request).then((cursor) => (cursor && request.values ? openingCursor(cursor, opened) : cursor));
    },
  };
}

/** The middleware: every table but the unsealed ones is sealed on write and opened on read. */
export function atRestMiddleware(keyring: Keyring): Middleware<DBCore> {
  return {
    stack: 'dbcore',
    name: 'atRest',
    // Below every Dexie middleware (its lowest is -1): everything above, caches included, sees rows opened.
    level: -2,
    create(down) {
      return {
        ...down,
        table(name) {
          const table = down.table(name);
          return UNSEALED_TABLES.has(name) ? table : sealedTable(keyring, table);
        },
      };
    },
  };
}
