/**
 * Encryption at rest for many rows at once: the rows atRest.ts seals and opens one at a time (the
 * same `{ v, iv, ct }` seal: AES-256-GCM, a fresh 96-bit IV per row, the table and primary key as
 * associated data; the key fields in the clear), done with WebCrypto under the keyring's
 * non-extractable key. WebCrypto is native and many times faster than the synchronous cipher the
 * middleware must use, but it is asynchronous, so it is used only outside IndexedDB transactions:
 * backup reads the stored rows in one transaction and opens each batch as it arrives (the
 * transaction waits for none of it); restore seals the rows first and writes them in transactions
 * that await nothing but IndexedDB.
 *
 * Rows are processed in batches, each batch's operations in flight together (the browser runs
 * them on its own threads); a batch at a time keeps memory bounded.
 */
import type { DBCoreTableSchema } from 'dexie';
import { IV_BYTES, SEALED_VERSION, SealedRowError, UnopenedRowError, associatedData, isSealed, keyFieldsOf, type Keyring, type Sealed } from './atRest.ts';
import { clearFieldsOf } from './damage.ts';
import { deviceCopy } from '../content/deviceCopy.ts';

export const BULK_BATCH_ROWS = 2048;

export type Row = Record<string, unknown>;

/** A stored row opened, as text: its clear key fields, and the JSON of its sealed fields. */
export type OpenedText = { clear: Row; secretJson: string };
/** The same, the sealed fields' JSON left as the UTF-8 bytes it was decrypted to. */
export type OpenedBytes = { clear: Row; secret: Uint8Array };
/** A stored row whose seal does not open: its clear key fields only. */
type Unopened = { unopened: Row };

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** IndexedDB never hands back a view of a SharedArrayBuffer: WebCrypto's BufferSource type wants that said. */
function bufferSource(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  return bytes as Uint8Array<ArrayBuffer>;
}

function primaryKeyPath(schema: DBCoreTableSchema): string {
  const path = schema.primaryKey.keyPath;
  if (typeof path !== 'string') throw new SealedRowError(`Table “${schema.name}” has no inbound primary key to bind its rows to`);
  return path;
}

async function inBatches<T, R>(items: readonly T[], work: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += BULK_BATCH_ROWS) {
    const batch = await Promise.all(items.slice(i, i + BULK_BATCH_ROWS).map(work));
    for (const item of batch) out.push(item);
  }
  return out;
}

/**
 * Seals and opens a table's rows in bulk; with no keyring (a database without encryption at rest,
 * as in storage tests) rows pass through as they are.
 */
export function bulkCodec(keyring: Keyring | null) {
  /** Each row opened, or (its seal not opening) its clear key fields as `unopened`. */
  async function openEach(schema: DBCoreTableSchema, rows: readonly unknown[]): Promise<(OpenedBytes | Unopened)[]> {
    const keyPath = primaryKeyPath(schema);
    if (!keyring) return rows.map((row) => ({ clear: {}, secret: encoder.encode(JSON.stringify(row)) }));
    const key = await keyring.webCryptoKey();
    return inBatches(rows, async (row): Promise<OpenedBytes | Unopened> => {
      const stored = row as Row;
      const { sealed, ...clear } = stored;
      if (!isSealed(sealed)) {
        if (keyring.acceptsUnsealed) return { clear: {}, secret: encoder.encode(JSON.stringify(stored)) };
        return { unopened: clearFieldsOf(stored, keyFieldsOf(schema)) };
      }
      try {
        const bytes = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: bufferSource(sealed.iv), additionalData: bufferSource(associatedData(schema.name, clear[keyPath])) }, key, bufferSource(sealed.ct));
        return { clear, secret: new Uint8Array(bytes) };
      } catch {
        return { unopened: clear };
      }
    });
  }

  /** Stored rows opened; a row that does not open fails them all, saying which. */
  async function openBytes(schema: DBCoreTableSchema, rows: readonly unknown[]): Promise<OpenedBytes[]> {
    return (await openEach(schema, rows)).map((row) => {
      if ('unopened' in row) throw new UnopenedRowError(schema.name, row.unopened);
      return row;
    });
  }

  async function openTexts(schema: DBCoreTableSchema, rows: readonly unknown[]): Promise<OpenedText[]> {
    return (await openBytes(schema, rows)).map(({ clear, secret }) => ({ clear, secretJson: decoder.decode(secret) }));
  }

  return {
    /** Stored rows opened as UTF-8 JSON bytes (see `rowsJsonBytes`), neither decoded nor parsed. */
    openBytes,

    /** The same, each row that does not open left out and given back as its clear key fields. */
    async openBytesSkipping(schema: DBCoreTableSchema, rows: readonly unknown[]): Promise<{ opened: OpenedBytes[]; unopened: Row[] }> {
      const opened: OpenedBytes[] = [];
      const unopened: Row[] = [];
      for (const row of await openEach(schema, rows)) {
        if ('unopened' in row) unopened.push(row.unopened);
        else opened.push(row);
      }
      return { opened, unopened };
    },

    /** Stored rows opened as text (see `rowJson`), without parsing them. */
    openTexts,

    /** Stored rows opened: the same objects the middleware's `openRow` gives. */
    async open(schema: DBCoreTableSchema, rows: readonly unknown[]): Promise<Row[]> {
      if (!keyring) return rows as Row[];
      return (await openTexts(schema, rows)).map(({ clear, secretJson }) => {
        const secret: unknown = JSON.parse(secretJson);
        if (typeof secret !== 'object' || secret === null) throw new SealedRowError(deviceCopy.atRest.notRead(schema.name));
        return { ...(secret as Row), ...clear };
      });
    },

    /** Stored rows opened, or (for a row that does not open) null in its place. */
    async openOrNull(schema: DBCoreTableSchema, rows: readonly unknown[]): Promise<(Row | null)[]> {
      if (!keyring) return rows as Row[];
      return (await openEach(schema, rows)).map((row) => {
        if ('unopened' in row) return null;
        const secret: unknown = JSON.parse(decoder.decode(row.secret));
        return typeof secret === 'object' && secret !== null ? { ...(secret as Row), ...row.clear } : null;
      });
    },

    /** Rows sealed as the middleware's `sealRow` seals them (key fields in the clear, in the row's order). */
    async seal(schema: DBCoreTableSchema, rows: readonly Row[]): Promise<Row[]> {
      if (!keyring) return rows as Row[];
      const key = await keyring.webCryptoKey();
      const keyFields = keyFieldsOf(schema);
      return inBatches(rows, (row) => sealWith(key, schema, row, keyFields));
    },
  };
}

/**
 * One row sealed as the middleware's `sealRow` seals it, with WebCrypto under `key`. The cipher is
 * asked for before this returns (the browser runs it on its own thread meanwhile).
 */
export async function sealWith(key: CryptoKey, schema: DBCoreTableSchema, row: Row, keyFields: ReadonlySet<string> = keyFieldsOf(schema)): Promise<Row> {
  const clear: Row = {};
  const secret: Row = {};
  for (const [name, value] of Object.entries(row)) (keyFields.has(name) ? clear : secret)[name] = value;
  const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const ct = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: bufferSource(associatedData(schema.name, clear[primaryKeyPath(schema)])) }, key, encoder.encode(JSON.stringify(secret))));
  const sealed: Sealed = { v: SEALED_VERSION, iv, ct };
  clear['sealed'] = sealed;
  return clear;
}

export type BulkCodec = ReturnType<typeof bulkCodec>;

/**
 * An opened row's JSON, as `JSON.stringify(openRow(...))` would write it ({...sealed fields,
 * ...key fields}), built from the texts without parsing them.
 */
export function rowJson({ clear, secretJson }: OpenedText): string {
  const clearJson = JSON.stringify(clear);
  if (secretJson === '{}') return clearJson;
  if (clearJson === '{}') return secretJson;
  return `${secretJson.slice(0, -1)},${clearJson.slice(1)}`;
}

const COMMA = 0x2c;

/**
 * Opened rows' JSON, comma-separated, as UTF-8 bytes: what `rows.map(rowJson).join(',')` encodes
 * to, built by copying the decrypted bytes rather than decoding and encoding them again.
 */
export function rowsJsonBytes(rows: readonly OpenedBytes[]): Uint8Array<ArrayBuffer> {
  const clearJson = rows.map(({ clear }) => JSON.stringify(clear));
  let capacity = 0;
  rows.forEach(({ secret }, i) => (capacity += secret.length + (clearJson[i] ?? '').length * 3 + 2));
  const out = new Uint8Array(capacity);
  let at = 0;
  const text = (value: string) => (at += encoder.encodeInto(value, out.subarray(at)).written);
  rows.forEach(({ secret }, i) => {
    const clear = clearJson[i] ?? '{}';
    if (i > 0) out[at++] = COMMA;
    const emptySecret = secret.length === 2; // "{}"
    if (emptySecret) return text(clear);
    if (clear === '{}') {
      out.set(secret, at);
      at += secret.length;
      return;
    }
    // {...sealed fields, ...key fields}: the secret's bytes without their closing brace, then the clear fields'.
    out.set(secret.subarray(0, secret.length - 1), at);
    at += secret.length - 1;
    out[at++] = COMMA;
    text(clear.slice(1));
  });
  return out.slice(0, at);
}
