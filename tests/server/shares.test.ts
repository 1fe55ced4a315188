/**
 * Encrypted sharing on the real Hono app with the real storage: the embedded SQLite store
 * always, and PostgreSQL when TEST_DATABASE_URL names one (CI installs and starts Debian's
 * PostgreSQL and sets it). Only ciphertext is stored; a share expires; a one-time share is gone
 * once read; every bad request is refused with a fixed message and changes nothing; a
 * plaintext marker is never in the database, the logs or a request URL.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApp } from '../../server/app.ts';
import { openShareStore, type ShareStore } from '../../server/storage/shares.ts';

const MARKER = 'QX-SHARE-PLAINTEXT-9090';
const postgresUrl = process.env.TEST_DATABASE_URL;

/** What a client sends: random-looking base64url (the real client encrypts; the server cannot tell). */
function ciphertext(bytes = 600): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(bytes))).toString('base64url');
}

const backends: [string, () => Promise<{ store: ShareStore; dump: () => Promise<string>; cleanUp: () => Promise<void> }>][] = [
  [
    'SQLite (embedded default)',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'shares-'));
      const file = join(dir, 'shares.sqlite');
      const store = await openShareStore({ sqliteFile: file });
      return {
        store,
        // The database file and its write-ahead log, as bytes on disk.
        dump: async () => ['', '-wal'].map((suffix) => { try { return readFileSync(file + suffix).toString('latin1'); } catch { return ''; } }).join(''),
        cleanUp: async () => {
          await store.close();
          rmSync(dir, { recursive: true, force: true });
        },
      };
    },
  ],
];
if (postgresUrl) {
  backends.push([
    'PostgreSQL',
    async () => {
      const admin = new pg.Client({ connectionString: postgresUrl });
      await admin.connect();
      await admin.query('DROP TABLE IF EXISTS shares, share_usage, kysely_migration, kysely_migration_lock');
      const store = await openShareStore({ databaseUrl: postgresUrl });
      return {
        store,
        dump: async () => JSON.stringify((await admin.query('SELECT * FROM shares')).rows),
        cleanUp: async () => {
          await store.close();
          await admin.query('DROP TABLE IF EXISTS shares, share_usage, kysely_migration, kysely_migration_lock');
          await admin.end();
        },
      };
    },
  ]);
}

describe('PostgreSQL for the share server tests', () => {
  it(postgresUrl ? 'is configured (TEST_DATABASE_URL)' : 'is not configured here: only SQLite runs (CI sets TEST_DATABASE_URL)', () => {
    expect(typeof postgresUrl === 'string' || postgresUrl === undefined).toBe(true);
  });
});

describe.each(backends)('shares on %s', (_name, open) => {
  let backend: Awaited<ReturnType<(typeof backends)[number][1]>>;
  let clock = Date.parse('2026-11-22T10:00:00Z');
  let app: ReturnType<typeof createApp>;
  const urls: string[] = [];
  const post = (body: unknown, headers: Record<string, string> = { 'Content-Type': 'application/json' }) => {
    urls.push('/api/shares');
    return app.request('/api/shares', { method: 'POST', body: typeof body === 'string' ? body : JSON.stringify(body), headers });
  };
  const get = (id: string) => {
    urls.push(`/api/shares/${id}`);
    return app.request(`/api/shares/${id}`);
  };

  beforeAll(async () => {
    backend = await open();
    app = createApp({ staticRoot: tmpdir(), shares: backend.store, now: () => clock, rateLimitPerMinute: 10_000 });
  });
  afterAll(async () => backend.cleanUp());

  it('stores ciphertext and gives it back until it expires', async () => {
    const body = ciphertext();
    const created = await post({ ciphertext: body, expiresInHours: 24, oneTime: false });
    expect(created.status).toBe(201);
    const { id, expiresAt } = (await created.json()) as { id: string; expiresAt: string };
    expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(expiresAt).toBe('2026-11-23T10:00:00.000Z');
    for (let i = 0; i < 2; i++) expect(await (await get(id)).json()).toEqual({ ciphertext: body, expiresAt });
    clock += 24 * 3_600_000;
    expect((await get(id)).status).toBe(404);
    clock -= 24 * 3_600_000;
  });

  it('deletes expired shares on a store request, at most once a minute', async () => {
    let at = Date.parse('2030-01-01T00:00:00Z');
    const purges: number[] = [];
    const counted = { ...backend.store, purge: (now: number) => (purges.push(now), backend.store.purge(now)) };
    const own = createApp({ staticRoot: tmpdir(), shares: counted, now: () => at, rateLimitPerMinute: 10_000 });
    const store = () =>
      own.request('/api/shares', { method: 'POST', body: JSON.stringify({ ciphertext: ciphertext(), expiresInHours: 1, oneTime: false }), headers: { 'Content-Type': 'application/json' } });
    const first = (await (await store()).json()) as { id: string };
    expect(purges).toEqual([at]);
    at += 30_000;
    expect((await store()).status).toBe(201);
    expect(purges).toHaveLength(1); // within the minute: not again
    at += 2 * 3_600_000; // both have expired
    expect((await own.request(`/api/shares/${first.id}`)).status).toBe(404); // never served once expired
    expect((await store()).status).toBe(201);
    expect(purges).toEqual([Date.parse('2030-01-01T00:00:00Z'), at]);
    expect(await backend.store.purge(at)).toBe(0); // the two expired ones were deleted by that purge
  });

  it('a one-time share is gone once read', async () => {
    const created = (await (await post({ ciphertext: ciphertext(), expiresInHours: 1, oneTime: true })).json()) as { id: string };
    expect((await get(created.id)).status).toBe(200);
    const again = await get(created.id);
    expect(again.status).toBe(404);
    expect(await again.json()).toEqual({ error: 'This share does not exist, has expired, or has already been opened' });
  });

  it.each([
    ['an empty object', {}],
    ['no expiry', { ciphertext: ciphertext(), oneTime: true }],
    ['a wrong type', { ciphertext: ciphertext(), expiresInHours: '24', oneTime: true }],
    ['an expiry beyond a week', { ciphertext: ciphertext(), expiresInHours: 169, oneTime: true }],
    ['an extra field', { ciphertext: ciphertext(), expiresInHours: 1, oneTime: true, label: MARKER }],
    ['text that is not base64url', { ciphertext: `<script>${MARKER}</script>`.repeat(3), expiresInHours: 1, oneTime: true }],
    ['an array', [1, 2, 3]],
    // Reply slots (relay.test.ts) are refused in the same words when malformed.
    ['a slot without an expiry', { slot: true }],
    ['a slot that is one-time', { slot: true, expiresInHours: 1, oneTime: false }],
    ['a slot with ciphertext', { slot: true, expiresInHours: 1, ciphertext: ciphertext() }],
    ['slot: false', { slot: false, expiresInHours: 1 }],
    ['a slot beyond a week', { slot: true, expiresInHours: 169 }],
  ])('refuses %s with 400, storing nothing', async (_what, body) => {
    const before = await backend.dump();
    const res = await post(body);
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: 'The request is not a valid share' });
    expect(await backend.dump()).toBe(before);
  });

  it('refuses a body that is not JSON (400 or 415) and an unknown or malformed id (404)', async () => {
    expect((await post('{"ciphertext":', { 'Content-Type': 'application/json' })).status).toBe(400);
    expect((await post('ciphertext=x', { 'Content-Type': 'application/x-www-form-urlencoded' })).status).toBe(415);
    expect((await get('A'.repeat(22))).status).toBe(404);
    expect((await get('../../etc/passwd')).status).toBe(404);
  });

  it('never has the plaintext in its database, logs or request URLs', async () => {
    const logs: string[] = [];
    const spies = (['log', 'info', 'warn', 'error'] as const).map((level) => vi.spyOn(console, level).mockImplementation((...args: unknown[]) => void logs.push(args.join(' '))));
    // The client sends only ciphertext: the marker is inside it, encrypted, and cannot be seen.
    const key = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt']);
    const iv = crypto.getRandomValues(new Uint8Array(12));
    const sealed = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, new TextEncoder().encode(`{"record":"${MARKER}"}`)));
    const blob = Buffer.concat([iv, sealed]).toString('base64url');
    const created = (await (await post({ ciphertext: blob, expiresInHours: 1, oneTime: false })).json()) as { id: string };
    await get(created.id);
    // A request that fails is not logged with its content either.
    await post({ ciphertext: MARKER, expiresInHours: 1, oneTime: false });
    for (const spy of spies) spy.mockRestore();
    expect(await backend.dump()).not.toContain(MARKER);
    expect(logs.join('\n')).not.toContain(MARKER);
    expect(urls.join('\n')).not.toContain(MARKER);
  });
});
