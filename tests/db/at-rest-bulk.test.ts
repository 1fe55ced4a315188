/**
 * Sealing and opening in bulk with WebCrypto (client/db/atRestBulk.ts, used by backup and
 * restore) writes exactly what the middleware's synchronous cipher writes: a row sealed in bulk
 * opens through the middleware, a row the middleware sealed opens in bulk, both with the same
 * `{ v, iv, ct }` seal and key fields in the clear; the table and key stay bound (a sealed row
 * moved to another key opens nowhere); IVs are fresh per row; the WebCrypto key is forgotten on lock.
 */
import 'fake-indexeddb/auto';
import Dexie, { type DBCoreTableSchema } from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SupervisionDB, type ActionRow, type SessionRow } from '../../client/db/db.ts';
import { Keyring, LockedError, SEALED_VERSION, SealedRowError, isBytes } from '../../client/db/atRest.ts';
import { bulkCodec, rowJson, rowsJsonBytes } from '../../client/db/atRestBulk.ts';

let name: string;
let keyring: Keyring;
let db: SupervisionDB;
let raw: SupervisionDB;

beforeEach(async () => {
  name = `at-rest-bulk-${Math.random()}`;
  keyring = new Keyring();
  keyring.unlock(crypto.getRandomValues(new Uint8Array(32)));
  db = new SupervisionDB(name, { keyring });
  await db.open();
  raw = new SupervisionDB(name);
  await raw.open();
});
afterEach(async () => {
  raw.close();
  db.close();
  await Dexie.delete(name);
});

const schemaOf = (table: string): DBCoreTableSchema => raw.core.table(table).schema;

function action(id: string, what: string): ActionRow {
  return {
    id,
    sessionId: 'session-0001',
    personId: 'person-0001',
    status: 'open',
    dueDate: '2026-12-01',
    content: { action: { id, what, owner: { kind: 'supervisee', name: '' }, dueDate: '2026-12-01', caseId: null }, raisedOn: '2026-11-01', caseLabel: 'Baby Tilly', ownerLabel: 'Val', reviews: [] },
  } as ActionRow;
}

describe('bulk sealing with WebCrypto', () => {
  it('a row sealed in bulk is opened by the middleware, exactly as written', async () => {
    const rows = [action('act-000001', 'Send the chronology to the team “manager” — today'), action('act-000002', 'Ring the GP 📞')];
    const sealed = await bulkCodec(keyring).seal(schemaOf('actions'), rows);
    for (const row of sealed) {
      expect(Object.keys(row)).toEqual(['id', 'sessionId', 'personId', 'status', 'dueDate', 'sealed']);
      const seal = row['sealed'] as { v: number; iv: unknown; ct: unknown };
      expect(seal.v).toBe(SEALED_VERSION);
      expect(isBytes(seal.iv) && seal.iv.length).toBe(12);
      expect(isBytes(seal.ct)).toBe(true);
      expect(JSON.stringify(row)).not.toContain('chronology');
    }
    await raw.actions.bulkAdd(sealed as unknown as ActionRow[]);
    expect(await db.actions.get('act-000001')).toEqual(rows[0]);
    expect(await db.actions.where('personId').equals('person-0001').toArray()).toEqual(rows);
  });

  it('a row the middleware sealed is opened in bulk, as the middleware opens it (objects and text)', async () => {
    const rows = [action('act-000001', 'Send the chronology'), action('act-000002', 'Ring the GP')];
    await db.actions.bulkAdd(rows);
    const stored = await raw.actions.toArray();
    expect(stored[0]).toHaveProperty('sealed');
    const codec = bulkCodec(keyring);
    const opened = await codec.open(schemaOf('actions'), stored);
    expect(opened).toEqual(await db.actions.toArray());
    expect(opened).toEqual(rows);
    const texts = await codec.openTexts(schemaOf('actions'), stored);
    expect(texts.map(rowJson)).toEqual((await db.actions.toArray()).map((row) => JSON.stringify(row)));
  });

  it('writes opened rows as JSON bytes without decoding them: the same text, multi-byte characters included', async () => {
    const rows = [action('act-000001', 'Ring the GP 📞 — “today”, café'), action('act-000002', ''), action('act-000003', 'ß'.repeat(500))];
    await db.actions.bulkAdd(rows);
    await db.frequencyRules.put({ personId: 'person-0001', updatedAt: '2026-11-01', content: { rule: { kind: 'none' }, presetId: null } } as never);
    for (const table of ['actions', 'frequencyRules']) {
      const opened = await bulkCodec(keyring).openBytes(schemaOf(table), await raw.table(table).toArray());
      const expected = (await db.table(table).toArray()).map((row) => JSON.stringify(row)).join(',');
      expect(new TextDecoder().decode(rowsJsonBytes(opened))).toBe(expected);
    }
    // Rows with nothing sealed, or nothing in the clear.
    const encode = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
    expect(new TextDecoder().decode(rowsJsonBytes([{ clear: { id: 'é' }, secret: encode({}) }, { clear: {}, secret: encode({ a: 'ü' }) }]))).toBe('{"id":"é"},{"a":"ü"}');
  });

  it('binds the table and key: a sealed row moved to another id opens neither way', async () => {
    const [sealed] = await bulkCodec(keyring).seal(schemaOf('actions'), [action('act-000001', 'Send the chronology')]);
    await raw.actions.add({ ...(sealed as unknown as ActionRow), id: 'act-000009' });
    await expect(db.actions.get('act-000009')).rejects.toBeInstanceOf(SealedRowError);
    await expect(bulkCodec(keyring).open(schemaOf('actions'), await raw.actions.toArray())).rejects.toBeInstanceOf(SealedRowError);
  });

  it('uses a fresh IV for every row', async () => {
    const rows = Array.from({ length: 3000 }, (_, i) => action(`act-${String(i).padStart(6, '0')}`, 'Same words'));
    const sealed = await bulkCodec(keyring).seal(schemaOf('actions'), rows);
    const ivs = new Set(sealed.map((row) => Array.from((row['sealed'] as { iv: Uint8Array }).iv).join(',')));
    expect(ivs.size).toBe(rows.length);
  });

  it('forgets the WebCrypto key on lock; another key opens nothing sealed under the first', async () => {
    const session = { id: 'session-0001', personId: 'person-0001', status: 'signed', date: '2026-11-01', updatedAt: '2026-11-01T10:00:00.000Z', content: { x: 1 } } as unknown as SessionRow;
    const sealed = await bulkCodec(keyring).seal(schemaOf('sessions'), [session as unknown as Record<string, unknown>]);
    keyring.lock();
    await expect(keyring.webCryptoKey()).rejects.toBeInstanceOf(LockedError);
    await expect(bulkCodec(keyring).seal(schemaOf('sessions'), [session as unknown as Record<string, unknown>])).rejects.toBeInstanceOf(LockedError);
    keyring.unlock(crypto.getRandomValues(new Uint8Array(32)));
    await expect(bulkCodec(keyring).open(schemaOf('sessions'), sealed)).rejects.toBeInstanceOf(SealedRowError);
  });

  it('hands out the WebCrypto key without waiting only once made, and never after the app locks', async () => {
    expect(keyring.webCryptoKeyNow()).toBeNull();
    const made = await keyring.webCryptoKey();
    expect(keyring.webCryptoKeyNow()).toBe(made);
    keyring.lock();
    expect(keyring.webCryptoKeyNow()).toBeNull();
    keyring.unlock(crypto.getRandomValues(new Uint8Array(32)));
    expect(keyring.webCryptoKeyNow()).toBeNull();
    expect(await keyring.webCryptoKey()).not.toBe(made);
  });

  it('a key being imported as the app locks is not handed out', async () => {
    const pending = keyring.webCryptoKey();
    keyring.lock();
    await expect(pending).rejects.toBeInstanceOf(LockedError);
  });

  it('refuses a stored row that is not sealed', async () => {
    await raw.actions.add(action('act-000001', 'Written without the lock'));
    await expect(bulkCodec(keyring).open(schemaOf('actions'), await raw.actions.toArray())).rejects.toBeInstanceOf(SealedRowError);
  });
});
