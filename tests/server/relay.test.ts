/**
 * The relay keeps its promises, on the real Hono app with the real stores (SQLite always,
 * PostgreSQL when TEST_DATABASE_URL is set): a one-time share reaches exactly one of many
 * concurrent readers; a sender revokes a share with its revoke token and the row is gone; a
 * reply slot is filled once and read without being consumed; one share or reply over the size
 * limit is refused with 413; the stored total never passes the quota (507, nothing evicted),
 * under concurrent requests too; the second migration keeps existing shares and their total.
 */
import { tmpdir } from 'node:os';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql } from 'kysely';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp, type AppOptions } from '../../server/app.ts';
import { openShareStore, shareMigrations } from '../../server/storage/shares.ts';
import { hashToken } from '../../server/storage/tokens.ts';
import { shareBackends, useBackend } from './backends.ts';

const json = { 'Content-Type': 'application/json' };
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
const notFound = { error: 'This share does not exist, has expired, or has already been opened' };
const goneOrRevoked = { error: 'This share does not exist, has expired, or has already been revoked' };
const full = { error: 'The server’s storage for shares is full: try again later' };

/** What a client sends: random-looking base64url of `bytes` bytes (4/3 as many characters). */
function ciphertext(bytes = 600): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(bytes))).toString('base64url');
}

type Created = { id: string; expiresAt: string; revokeToken: string; writeToken?: string };

describe.each(shareBackends('relay_test'))('the relay on %s', (_name, open) => {
  const backend = useBackend(open);
  let clock = Date.parse('2026-11-22T10:00:00Z');
  const appWith = (options: AppOptions = {}) => createApp({ staticRoot: tmpdir(), shares: backend().store, now: () => clock, rateLimitPerMinute: 1_000_000, ...options });
  let app: ReturnType<typeof createApp>;
  const post = (body: unknown, on = app) => on.request('/api/shares', { method: 'POST', body: JSON.stringify(body), headers: json });
  const get = (id: string, on = app) => on.request(`/api/shares/${id}`);
  const revoke = (id: string, headers: Record<string, string> = {}, on = app) => on.request(`/api/shares/${id}`, { method: 'DELETE', headers });
  const fill = (id: string, body: unknown, headers: Record<string, string> = {}, on = app) =>
    on.request(`/api/shares/${id}`, { method: 'PUT', body: JSON.stringify(body), headers: { ...json, ...headers } });
  const share = async (body: unknown, on = app): Promise<Created> => {
    const res = await post(body, on);
    expect(res.status).toBe(201);
    return (await res.json()) as Created;
  };
  const expectAccountingHolds = async () => {
    const { usage, sumOfSizes, sumOfLengths } = await backend().accounting();
    expect(usage).toBe(sumOfSizes);
    expect(sumOfSizes).toBe(sumOfLengths);
    expect(await backend().store.usage()).toBe(usage);
  };

  beforeAll(() => {
    app = appWith();
  });

  describe('one-time shares', () => {
    it('reach exactly one of 20 concurrent readers, every time', async () => {
      for (let round = 0; round < 5; round++) {
        const body = ciphertext();
        const { id } = await share({ ciphertext: body, expiresInHours: 1, oneTime: true });
        const answers = await Promise.all(Array.from({ length: 20 }, () => get(id)));
        const statuses = answers.map((res) => res.status);
        expect(statuses.filter((s) => s === 200)).toHaveLength(1);
        expect(statuses.filter((s) => s === 404)).toHaveLength(19);
        const winner = answers[statuses.indexOf(200)]!;
        expect(((await winner.json()) as { ciphertext: string }).ciphertext).toBe(body);
        expect((await backend().rows()).some((row) => row.id === id)).toBe(false);
      }
      await expectAccountingHolds();
    });

    it('an expired one is not served, and a read of it deletes it', async () => {
      const { id } = await share({ ciphertext: ciphertext(), expiresInHours: 1, oneTime: true });
      clock += 3_600_000;
      try {
        expect((await get(id)).status).toBe(404);
        expect((await backend().rows()).some((row) => row.id === id)).toBe(false);
      } finally {
        clock -= 3_600_000;
      }
      await expectAccountingHolds();
    });
  });

  describe('revocation', () => {
    it('answers a revoke token (43 characters) with every share, and stores only its SHA-256', async () => {
      const created = await share({ ciphertext: ciphertext(), expiresInHours: 1, oneTime: false });
      expect(created.revokeToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(Object.keys(created).sort()).toEqual(['expiresAt', 'id', 'revokeToken']);
      const row = (await backend().rows()).find((r) => r.id === created.id)!;
      expect(row.revoke_hash).toBe(hashToken(created.revokeToken));
      expect(await backend().dump()).not.toContain(created.revokeToken);
    });

    it('deletes the share at once with its token; a wrong or missing token changes nothing; twice is 404', async () => {
      const body = ciphertext();
      const { id, revokeToken } = await share({ ciphertext: body, expiresInHours: 24, oneTime: false });
      const other = await share({ ciphertext: ciphertext(), expiresInHours: 24, oneTime: false });

      for (const headers of [{}, bearer(other.revokeToken), { Authorization: revokeToken }, { Authorization: `Basic ${revokeToken}` }, bearer(`${revokeToken}x`)]) {
        const refused = await revoke(id, headers);
        expect(refused.status).toBe(403);
        expect(await refused.json()).toEqual({ error: 'This share cannot be revoked without its revoke token' });
      }
      expect((await get(id)).status).toBe(200);
      expect((await backend().rows()).find((row) => row.id === id)?.ciphertext).toBe(body);

      const revoked = await revoke(id, bearer(revokeToken));
      expect(revoked.status).toBe(204);
      expect(await revoked.text()).toBe('');
      const after = await get(id);
      expect(after.status).toBe(404);
      expect(await after.json()).toEqual(notFound);
      expect((await backend().rows()).some((row) => row.id === id)).toBe(false);
      expect(JSON.stringify(await backend().rows())).not.toContain(body);
      // On disk too, once SQLite's write-ahead log is checkpointed (secure_delete zeroes the page).
      await backend().checkpoint();
      expect(await backend().dump()).not.toContain(body);

      const again = await revoke(id, bearer(revokeToken));
      expect(again.status).toBe(404);
      expect(await again.json()).toEqual(goneOrRevoked);
      // The other share was not touched.
      expect((await get(other.id)).status).toBe(200);
      await expectAccountingHolds();
    });

    it('a one-time share already read, an expired share and an unknown id are 404', async () => {
      const once = await share({ ciphertext: ciphertext(), expiresInHours: 1, oneTime: true });
      expect((await get(once.id)).status).toBe(200);
      expect((await revoke(once.id, bearer(once.revokeToken))).status).toBe(404);
      const expiring = await share({ ciphertext: ciphertext(), expiresInHours: 1, oneTime: false });
      clock += 3_600_000;
      try {
        expect((await revoke(expiring.id, bearer(expiring.revokeToken))).status).toBe(404);
        expect((await backend().rows()).some((row) => row.id === expiring.id)).toBe(false);
      } finally {
        clock -= 3_600_000;
      }
      expect((await revoke('A'.repeat(22), bearer(once.revokeToken))).status).toBe(404);
      expect((await revoke('../../etc/passwd', bearer(once.revokeToken))).status).toBe(404);
      await expectAccountingHolds();
    });
  });

  describe('reply slots', () => {
    it('wait empty, take one reply, are read without being consumed, and go with the revoke token', async () => {
      const slot = await share({ slot: true, expiresInHours: 2 });
      expect(Object.keys(slot).sort()).toEqual(['expiresAt', 'id', 'revokeToken', 'writeToken']);
      expect(slot.writeToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(slot.writeToken).not.toBe(slot.revokeToken);
      expect(slot.expiresAt).toBe(new Date(clock + 2 * 3_600_000).toISOString());
      const row = (await backend().rows()).find((r) => r.id === slot.id)!;
      expect(row).toMatchObject({ filled: 0, one_time: 0, size: 0, ciphertext: '', write_hash: hashToken(slot.writeToken!), revoke_hash: hashToken(slot.revokeToken) });

      for (let i = 0; i < 2; i++) {
        const pending = await get(slot.id);
        expect(pending.status).toBe(202);
        expect(await pending.json()).toEqual({ pending: true, expiresAt: slot.expiresAt });
      }

      const body = ciphertext();
      // The revoke token does not write, nor does a missing token.
      expect((await fill(slot.id, { ciphertext: body }, bearer(slot.revokeToken))).status).toBe(403);
      const unauthorised = await fill(slot.id, { ciphertext: body });
      expect(unauthorised.status).toBe(403);
      expect(await unauthorised.json()).toEqual({ error: 'This reply slot cannot be filled without its write token' });
      expect((await get(slot.id)).status).toBe(202);

      const filled = await fill(slot.id, { ciphertext: body }, bearer(slot.writeToken!));
      expect(filled.status).toBe(204);
      expect(await filled.text()).toBe('');
      for (let i = 0; i < 2; i++) {
        const read = await get(slot.id);
        expect(read.status).toBe(200);
        expect(await read.json()).toEqual({ ciphertext: body, expiresAt: slot.expiresAt });
      }
      const second = await fill(slot.id, { ciphertext: ciphertext() }, bearer(slot.writeToken!));
      expect(second.status).toBe(409);
      expect(await second.json()).toEqual({ error: 'This reply slot has already been filled' });
      expect(((await (await get(slot.id)).json()) as { ciphertext: string }).ciphertext).toBe(body);
      await expectAccountingHolds();

      // The write token does not revoke; the revoke token does.
      expect((await revoke(slot.id, bearer(slot.writeToken!))).status).toBe(403);
      expect((await revoke(slot.id, bearer(slot.revokeToken))).status).toBe(204);
      expect((await get(slot.id)).status).toBe(404);
      expect((await fill(slot.id, { ciphertext: body }, bearer(slot.writeToken!))).status).toBe(404);
      await expectAccountingHolds();
    });

    it('an expired slot cannot be filled (404) and is deleted', async () => {
      const slot = await share({ slot: true, expiresInHours: 1 });
      clock += 3_600_000;
      try {
        const res = await fill(slot.id, { ciphertext: ciphertext() }, bearer(slot.writeToken!));
        expect(res.status).toBe(404);
        expect(await res.json()).toEqual(goneOrRevoked);
        expect((await get(slot.id)).status).toBe(404);
        expect((await backend().rows()).some((row) => row.id === slot.id)).toBe(false);
      } finally {
        clock -= 3_600_000;
      }
    });

    it('is filled by exactly one of 10 concurrent writers', async () => {
      const slot = await share({ slot: true, expiresInHours: 1 });
      const bodies = Array.from({ length: 10 }, () => ciphertext());
      const statuses = (await Promise.all(bodies.map((body) => fill(slot.id, { ciphertext: body }, bearer(slot.writeToken!))))).map((res) => res.status);
      expect(statuses.filter((s) => s === 204)).toHaveLength(1);
      expect(statuses.filter((s) => s === 409)).toHaveLength(9);
      const stored = ((await (await get(slot.id)).json()) as { ciphertext: string }).ciphertext;
      expect(stored).toBe(bodies[statuses.indexOf(204)]);
      await expectAccountingHolds();
    });

    it('a share that is not a slot cannot be written; a one-time or unknown id is not a slot either', async () => {
      const plain = await share({ ciphertext: ciphertext(), expiresInHours: 1, oneTime: false });
      expect((await fill(plain.id, { ciphertext: ciphertext() }, bearer(plain.revokeToken))).status).toBe(403);
      expect((await fill('A'.repeat(22), { ciphertext: ciphertext() }, bearer(plain.revokeToken))).status).toBe(404);
    });

    // A malformed request for a slot is refused as any malformed share is: see shares.test.ts.

    it.each([
      ['an empty object', {}],
      ['an extra field', { ciphertext: ciphertext(), expiresInHours: 1 }],
      ['text that is not base64url', { ciphertext: '<script>'.repeat(10) }],
      ['an array', [ciphertext()]],
    ])('refuses a fill of %s with 400, filling nothing', async (_what, body) => {
      const slot = await share({ slot: true, expiresInHours: 1 });
      const res = await fill(slot.id, body, bearer(slot.writeToken!));
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({ error: 'The request is not a valid reply' });
      expect((await get(slot.id)).status).toBe(202);
    });
  });

  describe('size limit', () => {
    it('refuses a share or a reply over the limit with 413, and takes one at it', async () => {
      const small = appWith({ shareMaxBytes: 1000 });
      const at = ciphertext(750); // 1000 characters
      expect(at).toHaveLength(1000);
      expect((await post({ ciphertext: at, expiresInHours: 1, oneTime: false }, small)).status).toBe(201);
      const over = await post({ ciphertext: `${at}A`, expiresInHours: 1, oneTime: false }, small);
      expect(over.status).toBe(413);
      expect(await over.json()).toEqual({ error: 'The share is too large: this server takes at most 1000 characters of ciphertext' });

      const slot = await share({ slot: true, expiresInHours: 1 }, small);
      const overFill = await fill(slot.id, { ciphertext: `${at}A` }, bearer(slot.writeToken!), small);
      expect(overFill.status).toBe(413);
      expect((await get(slot.id, small)).status).toBe(202);
      expect((await fill(slot.id, { ciphertext: at }, bearer(slot.writeToken!), small)).status).toBe(204);
      await expectAccountingHolds();
    });

    it('by default refuses more than 1,500,000 characters with 413 (it was a 400 from the schema)', async () => {
      const res = await post({ ciphertext: 'A'.repeat(1_500_001), expiresInHours: 1, oneTime: false });
      expect(res.status).toBe(413);
      expect(await res.json()).toEqual({ error: 'The share is too large: this server takes at most 1500000 characters of ciphertext' });
    });

    it('a larger limit raises the body limit with it', async () => {
      const large = appWith({ shareMaxBytes: 2_500_000 });
      const body = 'A'.repeat(2_400_000);
      const created = await share({ ciphertext: body, expiresInHours: 1, oneTime: true }, large);
      expect(((await (await get(created.id, large)).json()) as { ciphertext: string }).ciphertext).toBe(body);
    });
  });

  describe('quota', () => {
    it('refuses with 507 when full, evicts nothing, and takes a share again once one is revoked', async () => {
      const base = await backend().store.usage();
      const small = appWith({ sharesQuotaBytes: base + 10_000 });
      const stored: { created: Created; body: string }[] = [];
      for (let i = 0; i < 12; i++) {
        const body = ciphertext(); // 800 characters
        stored.push({ created: await share({ ciphertext: body, expiresInHours: 24, oneTime: false }, small), body });
      }
      const refused = await post({ ciphertext: ciphertext(), expiresInHours: 24, oneTime: false }, small);
      expect(refused.status).toBe(507);
      expect(await refused.json()).toEqual(full);
      // Nothing was evicted to make room.
      for (const { created, body } of stored) expect(await (await get(created.id, small)).json()).toEqual({ ciphertext: body, expiresAt: created.expiresAt });
      expect(await backend().store.usage()).toBe(base + 12 * 800);

      // A reply slot takes no room until it is filled; the fill is counted and refused alike.
      const slot = await share({ slot: true, expiresInHours: 24 }, small);
      const refusedFill = await fill(slot.id, { ciphertext: ciphertext() }, bearer(slot.writeToken!), small);
      expect(refusedFill.status).toBe(507);
      expect(await refusedFill.json()).toEqual(full);
      expect((await get(slot.id, small)).status).toBe(202);

      const first = stored[0]!.created;
      expect((await revoke(first.id, bearer(first.revokeToken), small)).status).toBe(204);
      expect((await fill(slot.id, { ciphertext: ciphertext() }, bearer(slot.writeToken!), small)).status).toBe(204);
      expect((await revoke(stored[1]!.created.id, bearer(stored[1]!.created.revokeToken), small)).status).toBe(204);
      expect((await post({ ciphertext: ciphertext(), expiresInHours: 24, oneTime: false }, small)).status).toBe(201);
      await expectAccountingHolds();

      // Clean up for the tests after: every share this one stored is revoked.
      const rows = await backend().rows();
      expect(rows.length).toBeGreaterThan(0);
      await backend().store.purge(clock + 48 * 3_600_000);
      expect(await backend().store.usage()).toBe(0);
      await expectAccountingHolds();
    });

    it('makes room by purging expired shares first (never others)', async () => {
      const base = await backend().store.usage();
      const small = appWith({ sharesQuotaBytes: base + 2_000 });
      const shortLived = await share({ ciphertext: ciphertext(), expiresInHours: 1, oneTime: false }, small);
      const longLived = await share({ ciphertext: ciphertext(), expiresInHours: 24, oneTime: false }, small);
      expect((await post({ ciphertext: ciphertext(), expiresInHours: 24, oneTime: false }, small)).status).toBe(507);
      clock += 3_600_000;
      try {
        expect((await post({ ciphertext: ciphertext(), expiresInHours: 24, oneTime: false }, small)).status).toBe(201);
        expect((await backend().rows()).some((row) => row.id === shortLived.id)).toBe(false);
        expect((await get(longLived.id, small)).status).toBe(200);
      } finally {
        clock -= 3_600_000;
      }
      await expectAccountingHolds();
      await backend().store.purge(clock + 48 * 3_600_000);
    });

    it('is never exceeded by concurrent stores and fills', async () => {
      const base = await backend().store.usage();
      const quota = base + 10_000;
      const small = appWith({ sharesQuotaBytes: quota });
      const slots = await Promise.all(Array.from({ length: 10 }, () => share({ slot: true, expiresInHours: 1 }, small)));
      const requests = [
        ...Array.from({ length: 30 }, () => post({ ciphertext: ciphertext(), expiresInHours: 1, oneTime: false }, small)),
        ...slots.map((slot) => fill(slot.id, { ciphertext: ciphertext() }, bearer(slot.writeToken!), small)),
      ];
      const statuses = (await Promise.all(requests)).map((res) => res.status);
      const accepted = statuses.filter((s) => s === 201 || s === 204).length;
      expect(accepted).toBe(12);
      expect(statuses.filter((s) => s === 507)).toHaveLength(statuses.length - 12);
      const { usage } = await backend().accounting();
      expect(usage).toBeLessThanOrEqual(quota);
      expect(usage).toBe(base + 12 * 800);
      await expectAccountingHolds();
      await backend().store.purge(clock + 48 * 3_600_000);
    });

    it('counts down as shares are read once, revoked, purged or found expired', async () => {
      const base = await backend().store.usage();
      const once = await share({ ciphertext: ciphertext(), expiresInHours: 1, oneTime: true });
      const revoked = await share({ ciphertext: ciphertext(), expiresInHours: 1, oneTime: false });
      const expired = await share({ ciphertext: ciphertext(), expiresInHours: 1, oneTime: false });
      const purged = await share({ ciphertext: ciphertext(), expiresInHours: 1, oneTime: false });
      expect(await backend().store.usage()).toBe(base + 4 * 800);
      await get(once.id);
      expect(await backend().store.usage()).toBe(base + 3 * 800);
      await revoke(revoked.id, bearer(revoked.revokeToken));
      expect(await backend().store.usage()).toBe(base + 2 * 800);
      clock += 3_600_000;
      try {
        await get(expired.id);
        expect(await backend().store.usage()).toBe(base + 800);
        expect(await backend().store.purge(clock)).toBeGreaterThanOrEqual(1);
        expect((await backend().rows()).some((row) => row.id === purged.id)).toBe(false);
      } finally {
        clock -= 3_600_000;
      }
      await expectAccountingHolds();
    });
  });
});

describe.each(shareBackends('relay_migration_test'))('the second migration on %s', (_name, open) => {
  const backend = useBackend(open, { open: false });

  it('keeps the shares stored before it, counts them, and leaves them readable but not revocable', async () => {
    // A database as the first release left it: the first migration only, with two shares.
    const dialect = backend().setting.databaseUrl
      ? new PostgresDialect({ pool: new pg.Pool({ connectionString: backend().setting.databaseUrl, max: 1 }) })
      : new SqliteDialect({ database: new SQLite(backend().setting.sqliteFile!) });
    const old = new Kysely<unknown>({ dialect });
    const first = { '0001_shares': shareMigrations['0001_shares']! };
    expect((await new Migrator({ db: old, provider: { getMigrations: async () => first } }).migrateToLatest()).error).toBeUndefined();
    const now = Date.parse('2026-11-22T10:00:00Z');
    const kept = ciphertext();
    const once = ciphertext(300);
    await sql`INSERT INTO shares (id, ciphertext, created_at, expires_at, one_time) VALUES (${'B'.repeat(22)}, ${kept}, ${now}, ${now + 3_600_000}, 0), (${'C'.repeat(22)}, ${once}, ${now}, ${now + 3_600_000}, 1)`.execute(old);
    await old.destroy();

    backend().store = await openShareStore(backend().setting);
    expect(await backend().store.usage()).toBe(kept.length + once.length);
    const { usage, sumOfSizes, sumOfLengths } = await backend().accounting();
    expect([usage, sumOfSizes]).toEqual([sumOfLengths, sumOfLengths]);
    expect((await backend().rows()).map((row) => ({ filled: row.filled, revoke: row.revoke_hash, write: row.write_hash })).sort()).toEqual([
      { filled: 1, revoke: null, write: null },
      { filled: 1, revoke: null, write: null },
    ]);

    const app = createApp({ staticRoot: tmpdir(), shares: backend().store, now: () => now });
    const read = await app.request(`/api/shares/${'B'.repeat(22)}`);
    expect(await read.json()).toEqual({ ciphertext: kept, expiresAt: new Date(now + 3_600_000).toISOString() });
    // No revoke token was ever given for it: none can revoke it.
    const anyToken = 'x'.repeat(43);
    expect((await app.request(`/api/shares/${'B'.repeat(22)}`, { method: 'DELETE', headers: bearer(anyToken) })).status).toBe(403);
    expect((await app.request(`/api/shares/${'C'.repeat(22)}`)).status).toBe(200);
    expect((await app.request(`/api/shares/${'C'.repeat(22)}`)).status).toBe(404);
    expect(await backend().store.usage()).toBe(kept.length);
  });
});
