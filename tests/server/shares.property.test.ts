/**
 * Property-based tests of the share API and of what a device does with a share (issue 17, point 4):
 * any body posted or put (random JSON, a valid request mutated, deep nesting, not JSON) is answered
 * 201/204 or refused with a 4xx and a fixed message, never a 500; and any ciphertext a link opens
 * (random, or a real share sealed around a mutated payload) is refused with one of shareMessages,
 * never thrown, never imported.
 */
import 'fake-indexeddb/auto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tmpdir } from 'node:os';
import { createApp } from '../../server/app.ts';
import { openShareStore, type ShareStore } from '../../server/storage/shares.ts';
import { receiveShare, SHARE_FORMAT, SHARE_KEY_BYTES, shareMessages, storeShare } from '../../client/share/share.ts';
import { bytesToBase64Url } from '../../client/crypto/encoding.ts';
import { hostileText, isTypedRefusal, mutated, NUM_RUNS, textOf } from '../properties/hostile.ts';

let store: ShareStore;
let app: ReturnType<typeof createApp>;
let fetcher: typeof fetch;
beforeAll(async () => {
  store = await openShareStore({ sqliteFile: ':memory:' });
  app = createApp({ staticRoot: tmpdir(), shares: store, rateLimitPerMinute: 1_000_000 });
  fetcher = ((input: string | URL | Request, init?: RequestInit) => Promise.resolve(app.request(String(input), init))) as typeof fetch;
});
afterAll(async () => store.close());

const validPost = { ciphertext: 'A'.repeat(64), expiresInHours: 24, oneTime: true };
const bodies = fc.oneof(hostileText, mutated(validPost).map(textOf), mutated({ slot: true, expiresInHours: 1 }).map(textOf));

async function answered(method: 'POST' | 'PUT', path: string, body: string): Promise<void> {
  const response = await app.request(path, { method, headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${'A'.repeat(43)}` }, body });
  expect([201, 204, 400, 403, 404, 409, 413], `${response.status} for ${body.slice(0, 200)}`).toContain(response.status);
  if (response.status >= 400) expect(((await response.json()) as { error?: unknown }).error).toEqual(expect.any(String));
}

describe('the share API, property-based', () => {
  it('answers any body posted with a share or a fixed refusal, never a server error', async () => {
    await fc.assert(fc.asyncProperty(bodies, (body) => answered('POST', '/api/shares', body)), { numRuns: NUM_RUNS });
  });

  it('answers any reply put into a slot with a fill or a fixed refusal, never a server error', async () => {
    await fc.assert(fc.asyncProperty(bodies, fc.stringMatching(/^[A-Za-z0-9_-]{0,30}$/), (body, id) => answered('PUT', `/api/shares/${id || 'x'}`, body)), { numRuns: NUM_RUNS });
  });
});

describe('receiving a share, property-based', () => {
  const key = new Uint8Array(SHARE_KEY_BYTES).fill(9);
  const link = bytesToBase64Url(key);
  const preparation = { format: 'safeguarding-supervision/share', version: 1, kind: 'preparation', preparation: { id: 'prep-000001', issues: [], cases: [] } };

  /** As sealForShare seals, but around JSON text (its JSON.stringify would overflow on the deep nesting first). */
  async function sealedText(text: string): Promise<string> {
    const iv = crypto.getRandomValues(new Uint8Array(12));
    const aes = await crypto.subtle.importKey('raw', key, 'AES-GCM', false, ['encrypt']);
    const sealed = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: new TextEncoder().encode(JSON.stringify([SHARE_FORMAT, 1])) }, aes, new TextEncoder().encode(text)));
    return bytesToBase64Url(new Uint8Array([...iv, ...sealed]));
  }

  async function received(ciphertext: string): Promise<void> {
    const stored = await storeShare(ciphertext, { expiresInHours: 1, oneTime: true }, fetcher);
    if (!stored.ok) return;
    const result = await receiveShare(stored.value.id, link, fetcher);
    expect(isTypedRefusal(result, shareMessages), JSON.stringify(result).slice(0, 300)).toBe(true);
  }

  it('refuses any ciphertext that is not a share sealed with the link’s key', async () => {
    await fc.assert(fc.asyncProperty(fc.stringMatching(/^[A-Za-z0-9_-]{40,400}$/), received), { numRuns: NUM_RUNS });
  });

  it('refuses a share sealed with the link’s key around a payload that is not valid (random, or mutated, deep nesting included)', async () => {
    await fc.assert(fc.asyncProperty(fc.oneof(fc.anything(), mutated(preparation)), async (payload) => received(await sealedText(textOf(payload)))), { numRuns: NUM_RUNS });
  });
});
