/**
 * Encryption at rest on fake-indexeddb, through the real repositories: what IndexedDB holds is
 * only keys, indexes and ciphertext; a wrong passphrase opens nothing; a flipped bit in the
 * ciphertext, IV or tag, or one record's ciphertext moved to another, is refused; IVs never
 * repeat over 10,000 writes; a locked keyring reads and writes nothing; changing the passphrase
 * rewrites only the vault; rows written before the lock are sealed when it is set up.
 */
import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SupervisionDB } from '../../client/db/db.ts';
import { Keyring, LockedError, SealedRowError, type Sealed } from '../../client/db/atRest.ts';
import { createVault, sealExistingRows, vaultMessages } from '../../client/db/vault.ts';
import { createRepositories } from '../../client/db/repositories.ts';

const MARKER = 'QX-PLAINTEXT-MARKER-5151';
const PASSPHRASE = 'correct horse battery staple';
let name: string;
let keyring: Keyring;
let db: SupervisionDB;

beforeEach(() => {
  name = `at-rest-${Math.random()}`;
  keyring = new Keyring();
  db = new SupervisionDB(name, { keyring });
});
afterEach(async () => {
  db.close();
  await Dexie.delete(name);
});

/** The database as IndexedDB holds it, read with no keyring. */
async function rawRows(): Promise<Record<string, Record<string, unknown>[]>> {
  const raw = new SupervisionDB(name);
  await raw.open();
  const out: Record<string, Record<string, unknown>[]> = {};
  for (const table of raw.tables) out[table.name] = (await table.toArray()) as Record<string, unknown>[];
  raw.close();
  return out;
}

function rawText(rows: Record<string, Record<string, unknown>[]>): string {
  return JSON.stringify(rows, (_key, value: unknown) => (value instanceof Uint8Array ? new TextDecoder('latin1').decode(value) : value));
}

async function unlockedRepositories() {
  const vault = createVault(db, { now: () => new Date('2026-11-22T10:00:00Z') });
  const created = await vault.create(PASSPHRASE, PASSPHRASE);
  if (!created.ok) throw new Error(created.message);
  keyring.unlock(created.value);
  return { vault, repositories: createRepositories(db, { now: () => new Date('2026-11-22T10:00:00Z') }) };
}

describe('encryption at rest', () => {
  it('round trip: the repositories read back what they wrote; IndexedDB holds no plaintext', async () => {
    const { repositories } = await unlockedRepositories();
    const person = await repositories.people.add({ name: `Val ${MARKER}`, role: 'Health Visitor' });
    if (!person.ok) throw new Error(person.message);
    const preparation = await repositories.preparations.create(person.value.id);
    if (!preparation.ok) throw new Error(preparation.message);
    await repositories.preparations.save(person.value.id, { ...preparation.value, issues: [{ id: 'issue-000001', text: `Caseload ${MARKER}`, bring: true }] });
    expect((await repositories.people.get(person.value.id))?.name).toBe(`Val ${MARKER}`);
    expect((await repositories.preparations.listFor(person.value.id))[0]?.content.issues[0]?.text).toBe(`Caseload ${MARKER}`);
    // Queries by index still work on sealed rows.
    expect(await db.preparations.where('personId').equals(person.value.id).count()).toBe(1);

    const raw = await rawRows();
    expect(raw['people']?.[0]).toEqual({ id: person.value.id, updatedAt: expect.any(String), sealed: { v: 1, iv: expect.any(Uint8Array), ct: expect.any(Uint8Array) } });
    expect(Object.keys(raw['preparations']?.[0] ?? {}).sort()).toEqual(['id', 'personId', 'sealed', 'status', 'updatedAt']);
    expect(rawText(raw)).not.toContain(MARKER);
    expect(rawText(raw)).not.toContain('Health Visitor');
  });

  it('a locked keyring reads and writes nothing', async () => {
    const { repositories } = await unlockedRepositories();
    const person = await repositories.people.add({ name: 'Val Visitor', role: '' });
    keyring.lock();
    await expect(repositories.people.list()).rejects.toThrow(LockedError);
    await expect(repositories.people.add({ name: 'Someone', role: '' })).rejects.toThrow(LockedError);
    expect((await rawRows())['people']).toHaveLength(1);
    expect(person.ok).toBe(true);
  });

  it('a wrong passphrase opens nothing; the right one opens what was written', async () => {
    const { repositories } = await unlockedRepositories();
    await repositories.people.add({ name: 'Val Visitor', role: '' });
    keyring.lock();
    const vault = createVault(db, { now: () => new Date() });
    expect(await vault.unlock('not the passphrase')).toEqual({ ok: false, message: vaultMessages.wrong });
    const right = await vault.unlock(PASSPHRASE);
    if (!right.ok) throw new Error(right.message);
    keyring.unlock(right.value);
    expect((await repositories.people.list()).map((p) => p.name)).toEqual(['Val Visitor']);
  });

  it.each([
    ['ciphertext', (s: Sealed) => s.ct[0]! ^= 1],
    ['tag', (s: Sealed) => s.ct[s.ct.length - 1]! ^= 0x80],
    ['IV', (s: Sealed) => s.iv[5]! ^= 2],
  ])('a flipped bit in the %s is refused, never read as something else', async (_where, flip) => {
    const { repositories } = await unlockedRepositories();
    const person = await repositories.people.add({ name: 'Val Visitor', role: '' });
    if (!person.ok) throw new Error(person.message);
    const raw = new SupervisionDB(name);
    const row = (await raw.table('people').get(person.value.id)) as { sealed: Sealed };
    flip(row.sealed);
    await raw.table('people').put(row);
    raw.close();
    await expect(repositories.people.get(person.value.id)).rejects.toThrow(SealedRowError);
  });

  it('one record’s ciphertext moved to another record (or table) does not open', async () => {
    const { repositories } = await unlockedRepositories();
    const a = await repositories.people.add({ name: 'Alice Able', role: '' });
    const b = await repositories.people.add({ name: 'Bob Baker', role: '' });
    if (!a.ok || !b.ok) throw new Error('people');
    const raw = new SupervisionDB(name);
    const rowA = (await raw.table('people').get(a.value.id)) as { sealed: Sealed };
    const rowB = (await raw.table('people').get(b.value.id)) as Record<string, unknown>;
    await raw.table('people').put({ ...rowB, sealed: rowA.sealed });
    await raw.table('groups').put({ id: a.value.id, updatedAt: '2026-11-22T10:00:00.000Z', sealed: rowA.sealed });
    raw.close();
    await expect(repositories.people.get(b.value.id)).rejects.toThrow(/One person’s details could not be opened/);
    await expect(db.groups.get(a.value.id)).rejects.toThrow(SealedRowError);
    expect((await repositories.people.get(a.value.id))?.name).toBe('Alice Able');
  });

  it('never repeats an IV over 10,000 writes', async () => {
    await unlockedRepositories();
    const rows = Array.from({ length: 10_000 }, (_, i) => ({ id: `person-${String(i).padStart(6, '0')}`, updatedAt: '2026-11-22T10:00:00.000Z', content: { name: 'Same name', role: '' } }));
    await db.people.bulkPut(rows);
    const raw = await rawRows();
    const ivs = new Set(raw['people']!.map((r) => Buffer.from((r['sealed'] as Sealed).iv).toString('hex')));
    expect(raw['people']).toHaveLength(10_000);
    expect(ivs.size).toBe(10_000);
    // The same plaintext never gives the same ciphertext.
    expect(new Set(raw['people']!.map((r) => Buffer.from((r['sealed'] as Sealed).ct).toString('hex'))).size).toBe(10_000);
  });

  it('a row that is not sealed is refused once the device has a lock', async () => {
    await unlockedRepositories();
    const raw = new SupervisionDB(name);
    await raw.table('people').put({ id: 'person-planted', updatedAt: '2026-11-22T10:00:00.000Z', content: { name: 'Planted', role: '' } });
    raw.close();
    await expect(db.people.get('person-planted')).rejects.toThrow(SealedRowError);
  });

  it('seals the rows written before the lock was set up', async () => {
    const plain = new SupervisionDB(name);
    const before = createRepositories(plain);
    await before.people.add({ name: `Early ${MARKER}`, role: '' });
    plain.close();
    expect(rawText(await rawRows())).toContain(MARKER);
    const vault = createVault(db, { now: () => new Date() });
    const created = await vault.create(PASSPHRASE, PASSPHRASE);
    if (!created.ok) throw new Error(created.message);
    keyring.unlock(created.value);
    expect(await sealExistingRows(db, keyring)).toBe(1);
    expect(rawText(await rawRows())).not.toContain(MARKER);
    expect((await createRepositories(db).people.list())[0]?.name).toBe(`Early ${MARKER}`);
    expect(await sealExistingRows(db, keyring)).toBe(1); // idempotent: sealed rows are sealed again, nothing lost
  });
});

describe('the vault', () => {
  it('refuses a short or mismatched passphrase, and a second vault, changing nothing', async () => {
    const vault = createVault(db, { now: () => new Date() });
    expect(await vault.create('short', 'short')).toEqual({ ok: false, message: vaultMessages.tooShort });
    expect(await vault.create(PASSPHRASE, `${PASSPHRASE}!`)).toEqual({ ok: false, message: vaultMessages.mismatch });
    expect(await vault.state()).toBe('none');
    expect((await vault.create(PASSPHRASE, PASSPHRASE)).ok).toBe(true);
    expect(await vault.create('another passphrase', 'another passphrase')).toEqual({ ok: false, message: vaultMessages.exists });
    expect(await vault.state()).toBe('set');
  });

  it('changing the passphrase re-wraps the key only: every record is byte for byte the same', async () => {
    const { vault, repositories } = await unlockedRepositories();
    await repositories.people.add({ name: 'Val Visitor', role: '' });
    const before = await rawRows();
    expect(await vault.change('wrong passphrase here', 'a new passphrase', 'a new passphrase')).toEqual({ ok: false, message: vaultMessages.wrong });
    expect((await vault.change(PASSPHRASE, 'a new passphrase', 'a new passphrase')).ok).toBe(true);
    const after = await rawRows();
    expect(rawText({ people: after['people']! })).toBe(rawText({ people: before['people']! }));
    expect(rawText({ vault: after['vault']! })).not.toBe(rawText({ vault: before['vault']! }));
    expect((await vault.unlock(PASSPHRASE)).ok).toBe(false);
    const unlocked = await vault.unlock('a new passphrase');
    if (!unlocked.ok) throw new Error(unlocked.message);
    keyring.lock();
    keyring.unlock(unlocked.value);
    expect((await repositories.people.list()).map((p) => p.name)).toEqual(['Val Visitor']);
  });

  it('a damaged vault is reported, never overwritten', async () => {
    await db.vault.put({ id: 'vault' } as never);
    const vault = createVault(db, { now: () => new Date() });
    expect(await vault.state()).toBe('damaged');
    expect(await vault.unlock(PASSPHRASE)).toEqual({ ok: false, message: vaultMessages.damaged });
    expect((await vault.create(PASSPHRASE, PASSPHRASE)).ok).toBe(false);
  });
});
