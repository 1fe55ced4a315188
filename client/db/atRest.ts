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
import { damagedThing } from '../content/damageCopy.ts';
import { deviceCopy } from '../content/deviceCopy.ts';
import { clearFieldsOf, type DamageRegister } from './damage.ts';

export const SEALED_VERSION = 1;
/** AES-GCM with a 96-bit IV (NIST SP 800-38D's recommended length). */
export const IV_BYTES = 12;
export const DATA_KEY_BYTES = 32;

/** Tables whose rows are never sealed: the vault holds only a salt and a wrapped key, and device keys are non-extractable CryptoKeys. */
export const UNSEALED_TABLES: ReadonlySet<string> = new Set(['vault', 'deviceKeys']);

export class LockedError extends Error {
  override name = 'LockedError';
  constructor() {
    super(deviceCopy.atRest.locked);
  }
}

export class SealedRowError extends Error {
  override name = 'SealedRowError';
}

/** A row whose seal does not open, said in words (its kind and date from its clear keys, never its content). */
export class UnopenedRowError extends SealedRowError {
  override name = 'UnopenedRowError';
  constructor(readonly table: string, readonly clear: Readonly<Record<string, unknown>>) {
    super(`${damagedThing({ table, clear })} could not be opened: it may have been damaged on this device. It has been left as it is.`);
  }
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
    throw new SealedRowError(deviceCopy.atRest.notDecrypted(table));
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
    // Not encrypted: not written by this app (or its seal was lost).
    throw new UnopenedRowError(schema.name, clearFieldsOf(row, keyFieldsOf(schema)));
  }
  const { sealed: _sealed, ...clear } = stored;
  let secret: unknown;
  try {
    secret = open(keyring.key(), schema.name, primaryKeyOf(schema, clear), sealed);
  } catch (error) {
    if (error instanceof LockedError) throw error;
    throw new UnopenedRowError(schema.name, clear);
  }
  if (typeof secret !== 'object' || secret === null) throw new UnopenedRowError(schema.name, clear);
  return { ...(secret as Record<string, unknown>), ...clear };
}

/**
 * The cursor with its value opened (once per row). A proxy, not a prototype copy: a native
 * IDBCursor's getters and methods (key, primaryKey, continue…) must be called on the cursor
 * itself, or Chromium throws "Illegal invocation" (Dexie's anyOf reads `key` on every step).
 * A row that does not open (`opened` answers `skip`) is stepped over: the reader never sees it.
 */
function openingCursor(cursor: DBCoreCursor, opened: (value: unknown) => unknown): DBCoreCursor {
  let lastRaw: unknown;
  let lastOpened: unknown;
  const value = () => {
    const raw = cursor.value;
    if (raw !== lastRaw) {
      lastRaw = raw;
      lastOpened = opened(raw);
    }
    return lastOpened;
  };
  return new Proxy(cursor, {
    get(target, property) {
      if (property === 'value') return value();
      if (property === 'start') {
        return (onNext: () => void) => target.start(() => (target.done || value() !== skip ? onNext() : target.continue()));
      }
      const found: unknown = Reflect.get(target, property, target);
      return typeof found === 'function' ? (found as (...args: unknown[]) => unknown).bind(target) : found;
    },
  });
}

/** What a list read gives for a row that does not open: it is left out (and reported). */
const skip = Symbol('skip');

function sealedTable(keyring: Keyring, table: DBCoreTable, damage: DamageRegister | null): DBCoreTable {
  const { schema } = table;
  const keyFields = keyFieldsOf(schema);
  const opened = (value: unknown) => (value === undefined ? value : openRow(keyring, schema, value));
  /** Opened, or (reported as damaged) `skip`. */
  const openedOrSkip = (value: unknown): unknown => {
    try {
      return opened(value);
    } catch (error) {
      if (!(error instanceof UnopenedRowError) || !damage) throw error;
      damage.report({ table: schema.name, key: String(primaryKeyOf(schema, value as Record<string, unknown>)), clear: error.clear, cause: 'sealed' });
      return skip;
    }
  };
  return {
    ...table,
    mutate(request) {
      if (request.type === 'add' || request.type === 'put') {
        return table.mutate({ ...request, values: request.values.map((value) => sealRow(keyring, schema, keyFields, value)) });
      }
      return table.mutate(request);
    },
    get(request) {
      // One row asked for by its key: a damaged one is reported and the read fails, saying which.
      return table.get(request).then((value) => {
        const row = openedOrSkip(value);
        if (row === skip) throw new UnopenedRowError(schema.name, clearFieldsOf(value, keyFields));
        return row;
      });
    },
    getMany(request) {
      // In the keys' order: a damaged row reads as absent.
      return table.getMany(request).then((values) => values.map((value) => {
        const row = openedOrSkip(value);
        return row === skip ? undefined : row;
      }));
    },
    query(request) {
      return table.query(request).then((response) => (request.values ? { ...response, result: response.result.map(openedOrSkip).filter((row) => row !== skip) } : response));
    },
    openCursor(request) {
      return table.openCursor(request).then((cursor) => (cursor && request.values ? openingCursor(cursor, openedOrSkip) : cursor));
    },
  };
}

/**
 * The middleware: every table but the unsealed ones is sealed on write and opened on read. A row
 * that does not open is reported to `damage` and left out of every list read (query, cursor, many
 * keys), so one damaged row never hides the others; reading it alone by its key fails, saying what
 * it is. Nothing is written to it.
 */
export function atRestMiddleware(keyring: Keyring, damage: DamageRegister | null = null): Middleware<DBCore> {
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
          return UNSEALED_TABLES.has(name) ? table : sealedTable(keyring, table, damage);
        },
      };
    },
  };
}
