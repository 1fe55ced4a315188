/**
 * The app lock's vault: a random 256-bit data key (which seals every record at rest) kept only
 * wrapped under a key derived from the user's passphrase (PBKDF2-HMAC-SHA-256, 600,000 rounds,
 * a fresh 16-byte salt; AES-GCM with a fresh IV and the vault's format as associated data).
 * Changing the passphrase re-wraps the same data key: no record is rewritten.
 *
 * What a user can cause returns a result; the stored vault is parsed with zod on every read.
 */
// zod's mini build: the vault is read on the first screen, which should not carry classic zod.
import * as z from 'zod/mini';
import { passphraseKey } from '../crypto/passphraseKey.ts';
import { DATA_KEY_BYTES, UNSEALED_TABLES, isBytes, type Keyring } from './atRest.ts';
import type { SupervisionDB } from './db.ts';
import { deviceCopy } from '../content/deviceCopy.ts';

export const VAULT_ID = 'vault';
export const VAULT_FORMAT = 'safeguarding-supervision/vault';
export const VAULT_ITERATIONS = 600_000;
export const MINIMUM_LOCK_PASSPHRASE_LENGTH = 10;
const SALT_BYTES = 16;
const IV_BYTES = 12;

const $Bytes = (length: number) => z.custom<Uint8Array>((b) => isBytes(b) && b.length === length, `${length} bytes`);

export const $VaultV1 = z.strictObject({
  id: z.literal(VAULT_ID),
  format: z.literal(VAULT_FORMAT),
  version: z.literal(1),
  kdf: z.strictObject({ name: z.literal('PBKDF2'), hash: z.literal('SHA-256'), iterations: z.int().check(z.gte(VAULT_ITERATIONS), z.lte(5_000_000)), salt: $Bytes(SALT_BYTES) }),
  iv: $Bytes(IV_BYTES),
  /** The data key under AES-GCM (32 bytes and the 16-byte tag). */
  wrappedKey: $Bytes(DATA_KEY_BYTES + 16),
  createdAt: z.string(),
  changedAt: z.nullable(z.string()),
});
export type VaultV1 = z.infer<typeof $VaultV1>;

export type VaultResult<T> = { ok: true; value: T } | { ok: false; message: string };

export const vaultMessages = {
  ...deviceCopy.vault,
  tooShort: deviceCopy.vault.tooShort(MINIMUM_LOCK_PASSPHRASE_LENGTH),
} as const;

const associated = new TextEncoder().encode(JSON.stringify([VAULT_FORMAT, 1]));

function subtle(): SubtleCrypto | undefined {
  return globalThis.crypto?.subtle;
}

function random(n: number): Uint8Array<ArrayBuffer> {
  return crypto.getRandomValues(new Uint8Array(n));
}

async function wrap(passphrase: string, dataKey: Uint8Array, iterations: number): Promise<Pick<VaultV1, 'kdf' | 'iv' | 'wrappedKey'>> {
  const s = subtle();
  if (!s) throw new Error(vaultMessages.noCrypto);
  const salt = random(SALT_BYTES);
  const iv = random(IV_BYTES);
  const key = await passphraseKey(s, passphrase, salt, iterations, 'encrypt');
  const wrapped = new Uint8Array(await s.encrypt({ name: 'AES-GCM', iv, additionalData: associated }, key, Uint8Array.from(dataKey)));
  return { kdf: { name: 'PBKDF2', hash: 'SHA-256', iterations, salt }, iv, wrappedKey: wrapped };
}

export function createVault(db: SupervisionDB, options: { now: () => Date; iterations?: number }) {
  const iterations = options.iterations ?? VAULT_ITERATIONS;

  async function read(): Promise<VaultV1 | undefined | 'damaged'> {
    const row = await db.vault.get(VAULT_ID);
    if (!row) return undefined;
    const parsed = $VaultV1.safeParse(row);
    return parsed.success ? parsed.data : 'damaged';
  }

  async function unwrap(vault: VaultV1, passphrase: string): Promise<Uint8Array | null> {
    const s = subtle();
    if (!s) throw new Error(vaultMessages.noCrypto);
    const key = await passphraseKey(s, passphrase, Uint8Array.from(vault.kdf.salt), vault.kdf.iterations, 'decrypt');
    try {
      return new Uint8Array(await s.decrypt({ name: 'AES-GCM', iv: Uint8Array.from(vault.iv), additionalData: associated }, key, Uint8Array.from(vault.wrappedKey)));
    } catch {
      return null;
    }
  }

  function checkNew(passphrase: string, confirmation: string): string | null {
    if ([...passphrase.normalize('NFC')].length < MINIMUM_LOCK_PASSPHRASE_LENGTH) return vaultMessages.tooShort;
    if (passphrase.normalize('NFC') !== confirmation.normalize('NFC')) return vaultMessages.mismatch;
    return null;
  }

  return {
    /** Whether this device has a passphrase yet (a damaged vault counts: it must not be overwritten). */
    async state(): Promise<'none' | 'set' | 'damaged'> {
      const vault = await read();
      return vault === undefined ? 'none' : vault === 'damaged' ? 'damaged' : 'set';
    },

    /** First use: a new random data key, wrapped under the passphrase. Returns the data key. */
    async create(passphrase: string, confirmation: string): Promise<VaultResult<Uint8Array>> {
      const problem = checkNew(passphrase, confirmation);
      if (problem) return { ok: false, message: problem };
      if ((await read()) !== undefined) return { ok: false, message: vaultMessages.exists };
      const dataKey = random(DATA_KEY_BYTES);
      const wrapped = await wrap(passphrase, dataKey, iterations);
      const vault: VaultV1 = { id: VAULT_ID, format: VAULT_FORMAT, version: 1, ...wrapped, createdAt: options.now().toISOString(), changedAt: null };
      await db.vault.add(vault);
      return { ok: true, value: dataKey };
    },

    /** The data key, or "not right" (a wrong passphrase and a changed vault cannot be told apart). */
    async unlock(passphrase: string): Promise<VaultResult<Uint8Array>> {
      const vault = await read();
      if (vault === undefined) return { ok: false, message: vaultMessages.none };
      if (vault === 'damaged') return { ok: false, message: vaultMessages.damaged };
      const key = await unwrap(vault, passphrase);
      return key && key.length === DATA_KEY_BYTES ? { ok: true, value: key } : { ok: false, message: vaultMessages.wrong };
    },

    /** A new passphrase for the same data key: only the vault is rewritten. */
    async change(current: string, next: string, confirmation: string): Promise<VaultResult<true>> {
      const problem = checkNew(next, confirmation);
      if (problem) return { ok: false, message: problem };
      const vault = await read();
      if (vault === undefined) return { ok: false, message: vaultMessages.none };
      if (vault === 'damaged') return { ok: false, message: vaultMessages.damaged };
      const key = await unwrap(vault, current);
      if (!key) return { ok: false, message: vaultMessages.wrong };
      const wrapped = await wrap(next, key, iterations);
      key.fill(0);
      await db.vault.put({ ...vault, ...wrapped, changedAt: options.now().toISOString() });
      return { ok: true, value: true };
    },
  };
}

export type Vault = ReturnType<typeof createVault>;

/**
 * Seals every row written before the device had a passphrase (the app's first versions stored
 * records as they were). Run once, straight after the vault is created; idempotent.
 */
export async function sealExistingRows(db: SupervisionDB, keyring: Keyring): Promise<number> {
  let sealed = 0;
  await keyring.whileAcceptingUnsealed(async () => {
    for (const table of db.tables) {
      if (UNSEALED_TABLES.has(table.name)) continue;
      await db.transaction('rw', table, async () => {
        const rows = await table.toArray();
        if (rows.length > 0) await table.bulkPut(rows);
        sealed += rows.length;
      });
    }
  });
  return sealed;
}
