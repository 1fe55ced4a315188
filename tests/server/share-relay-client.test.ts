/**
 * The client's side of revocation and reply slots against the real Hono app and share store
 * (SQLite always, PostgreSQL when TEST_DATABASE_URL is set): a sent link is revoked and no
 * longer opens; a reply slot waits, takes one sealed reply, is read without being consumed and
 * is deleted with its revoke token; every refusal (413, 429, 507, 403, 409, the server down)
 * reads as a plain message; sealForShare and openShare round-trip any JSON payload and refuse a
 * wrong key.
 */
import { tmpdir } from 'node:os';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  createReplySlot,
  fillReplySlot,
  openShare,
  preparationShare,
  readReplySlot,
  receiveShare,
  revokeShare,
  sealForShare,
  sendShare,
  shareMessages,
  SHARE_KEY_BYTES,
} from '../../client/share/share.ts';
import { createApp, type AppOptions } from '../../server/app.ts';
import { preparationToSend } from '../machines/fixtures.ts';
import { shareBackends, useBackend } from './backends.ts';

const MARKER = 'QX-RELAY-CLIENT-5151';
const preparation = preparationToSend({ issues: [{ id: 'issue-000001', text: `Bring this ${MARKER}`, bring: true }] });
const down = (() => Promise.reject(new TypeError('Failed to fetch'))) as typeof fetch;
const newKey = () => crypto.getRandomValues(new Uint8Array(SHARE_KEY_BYTES));

describe.each(shareBackends('relay_client_test'))('the share client on %s', (_name, open) => {
  const backend = useBackend(open);
  let fetcher: typeof fetch;
  const fetcherFor = (options: AppOptions = {}): typeof fetch => {
    const app = createApp({ staticRoot: tmpdir(), shares: backend().store, rateLimitPerMinute: 1_000_000, ...options });
    return ((input: string | URL | Request, init?: RequestInit) => Promise.resolve(app.request(String(input), init))) as typeof fetch;
  };

  beforeAll(() => {
    fetcher = fetcherFor();
  });

  describe('revoking a sent link', () => {
    it('withdraws it: the link no longer opens and the server no longer holds it', async () => {
      const sent = await sendShare(preparationShare(preparation), { expiresInHours: 24, oneTime: false }, fetcher);
      if (!sent.ok) throw new Error(sent.message);
      expect(sent.value.revokeToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect((await receiveShare(sent.value.id, sent.value.key, fetcher)).ok).toBe(true);

      expect(await revokeShare(sent.value.id, sent.value.revokeToken, fetcher)).toEqual({ ok: true, value: 'revoked' });
      expect(await receiveShare(sent.value.id, sent.value.key, fetcher)).toEqual({ ok: false, message: shareMessages.gone });
      expect((await backend().rows()).some((row) => row.id === sent.value.id)).toBe(false);
      // Revoking it again: it is already gone, which is what was wanted.
      expect(await revokeShare(sent.value.id, sent.value.revokeToken, fetcher)).toEqual({ ok: true, value: 'alreadyGone' });
    });

    it('a one-time link already opened is already gone', async () => {
      const sent = await sendShare(preparationShare(preparation), { expiresInHours: 1, oneTime: true }, fetcher);
      if (!sent.ok) throw new Error(sent.message);
      expect((await receiveShare(sent.value.id, sent.value.key, fetcher)).ok).toBe(true);
      expect(await revokeShare(sent.value.id, sent.value.revokeToken, fetcher)).toEqual({ ok: true, value: 'alreadyGone' });
    });

    it('with a wrong token, or the server down, it says the link still works or was not reached', async () => {
      const sent = await sendShare(preparationShare(preparation), { expiresInHours: 1, oneTime: false }, fetcher);
      if (!sent.ok) throw new Error(sent.message);
      const other = await sendShare(preparationShare(preparation), { expiresInHours: 1, oneTime: false }, fetcher);
      if (!other.ok) throw new Error(other.message);
      expect(await revokeShare(sent.value.id, other.value.revokeToken, fetcher)).toEqual({ ok: false, message: shareMessages.revokeRefused });
      expect(await revokeShare(sent.value.id, 'short', fetcher)).toEqual({ ok: false, message: shareMessages.revokeRefused });
      expect(await revokeShare(sent.value.id, sent.value.revokeToken, down)).toEqual({ ok: false, message: shareMessages.unreachable });
      expect((await receiveShare(sent.value.id, sent.value.key, fetcher)).ok).toBe(true);
    });
  });

  describe('a reply slot', () => {
    it('waits, takes one sealed reply, is read without being consumed, and goes with its revoke token', async () => {
      const slot = await createReplySlot(2, fetcher);
      if (!slot.ok) throw new Error(slot.message);
      expect(Object.keys(slot.value).sort()).toEqual(['expiresAt', 'id', 'revokeToken', 'writeToken']);
      expect(await readReplySlot(slot.value.id, fetcher)).toEqual({ ok: true, value: { kind: 'pending', expiresAt: slot.value.expiresAt } });

      const key = newKey();
      const reply = { kind: 'signature-reply', note: `Signed ${MARKER}` };
      const sealed = await sealForShare(reply, key);
      expect(sealed).not.toContain(MARKER);
      expect(await fillReplySlot(slot.value.id, slot.value.writeToken, sealed, fetcher)).toEqual({ ok: true, value: null });
      expect(JSON.stringify(await backend().rows())).not.toContain(MARKER);

      for (let i = 0; i < 2; i++) {
        const read = await readReplySlot(slot.value.id, fetcher);
        if (!read.ok || read.value.kind !== 'filled') throw new Error('The reply is there');
        expect(await openShare(read.value.ciphertext, key)).toEqual({ ok: true, value: reply });
      }
      expect(await fillReplySlot(slot.value.id, slot.value.writeToken, await sealForShare({ again: true }, key), fetcher)).toEqual({ ok: false, message: shareMessages.replyTaken });

      expect(await revokeShare(slot.value.id, slot.value.revokeToken, fetcher)).toEqual({ ok: true, value: 'revoked' });
      expect(await readReplySlot(slot.value.id, fetcher)).toEqual({ ok: true, value: { kind: 'gone' } });
      expect(await fillReplySlot(slot.value.id, slot.value.writeToken, sealed, fetcher)).toEqual({ ok: false, message: shareMessages.gone });
    });

    it('refuses a wrong write token and an incomplete link plainly', async () => {
      const slot = await createReplySlot(1, fetcher);
      if (!slot.ok) throw new Error(slot.message);
      const sealed = await sealForShare({ reply: 1 }, newKey());
      expect(await fillReplySlot(slot.value.id, slot.value.revokeToken, sealed, fetcher)).toEqual({ ok: false, message: shareMessages.replyRefused });
      expect(await fillReplySlot(slot.value.id, 'short', sealed, fetcher)).toEqual({ ok: false, message: shareMessages.notALink });
      expect(await readReplySlot('../x', fetcher)).toEqual({ ok: false, message: shareMessages.notALink });
      expect(await readReplySlot(slot.value.id, fetcher)).toMatchObject({ ok: true, value: { kind: 'pending' } });
    });

    it('with the server down, nothing is created, sent or read, and it says so', async () => {
      expect(await createReplySlot(1, down)).toEqual({ ok: false, message: shareMessages.unreachable });
      const slot = await createReplySlot(1, fetcher);
      if (!slot.ok) throw new Error(slot.message);
      expect(await fillReplySlot(slot.value.id, slot.value.writeToken, await sealForShare({}, newKey()), down)).toEqual({ ok: false, message: shareMessages.unreachable });
      expect(await readReplySlot(slot.value.id, down)).toEqual({ ok: false, message: shareMessages.unreachable });
    });
  });

  describe('refusals read plainly', () => {
    it('too large (413): for a share and for a reply', async () => {
      const small = fetcherFor({ shareMaxBytes: 100 });
      expect(await sendShare(preparationShare(preparation), { expiresInHours: 1, oneTime: true }, small)).toEqual({ ok: false, message: shareMessages.tooLarge });
      const slot = await createReplySlot(1, small);
      if (!slot.ok) throw new Error(slot.message);
      expect(await fillReplySlot(slot.value.id, slot.value.writeToken, await sealForShare(preparation, newKey()), small)).toEqual({ ok: false, message: shareMessages.tooLarge });
    });

    it('storage full (507): for a share and for a reply', async () => {
      const usage = await backend().store.usage();
      const fullServer = fetcherFor({ sharesQuotaBytes: usage + 10 });
      expect(await sendShare(preparationShare(preparation), { expiresInHours: 1, oneTime: true }, fullServer)).toEqual({ ok: false, message: shareMessages.full });
      const slot = await createReplySlot(1, fullServer);
      if (!slot.ok) throw new Error(slot.message);
      expect(await fillReplySlot(slot.value.id, slot.value.writeToken, await sealForShare(preparation, newKey()), fullServer)).toEqual({ ok: false, message: shareMessages.full });
    });

    it('too many requests (429)', async () => {
      const limited = fetcherFor({ rateLimitPerMinute: 1 });
      expect((await createReplySlot(1, limited)).ok).toBe(true);
      expect(await createReplySlot(1, limited)).toEqual({ ok: false, message: shareMessages.busy });
      expect(await sendShare(preparationShare(preparation), { expiresInHours: 1, oneTime: true }, limited)).toEqual({ ok: false, message: shareMessages.busy });
      expect(await readReplySlot('A'.repeat(22), limited)).toEqual({ ok: false, message: shareMessages.busy });
      expect(await revokeShare('A'.repeat(22), 'B'.repeat(43), limited)).toEqual({ ok: false, message: shareMessages.busy });
    });

    it('an answer that is not what the server promises is refused, not trusted', async () => {
      const odd = (() => Promise.resolve(new Response(JSON.stringify({ id: '../../x', expiresAt: 'soon' }), { status: 201, headers: { 'Content-Type': 'application/json' } }))) as typeof fetch;
      expect(await createReplySlot(1, odd)).toEqual({ ok: false, message: shareMessages.refused });
      expect(await sendShare(preparationShare(preparation), { expiresInHours: 1, oneTime: true }, odd)).toEqual({ ok: false, message: shareMessages.refused });
      const oddRead = (() => Promise.resolve(new Response(JSON.stringify({ pending: 'yes' }), { status: 202 }))) as typeof fetch;
      expect(await readReplySlot('A'.repeat(22), oddRead)).toEqual({ ok: false, message: shareMessages.damaged });
    });
  });
});

describe('sealing a payload for a share', () => {
  it('opens with its key, to the same JSON', async () => {
    const key = newKey();
    const payload = { kind: 'anything', list: [1, 'two', { three: null }] };
    expect(await openShare(await sealForShare(payload, key), key)).toEqual({ ok: true, value: payload });
  });

  it('does not open with another key, altered, or cut short', async () => {
    const key = newKey();
    const sealed = await sealForShare({ a: 1 }, key);
    expect(await openShare(sealed, newKey())).toEqual({ ok: false, message: shareMessages.damaged });
    const flipped = `${sealed.slice(0, 20)}${sealed[20] === 'A' ? 'B' : 'A'}${sealed.slice(21)}`;
    expect(await openShare(flipped, key)).toEqual({ ok: false, message: shareMessages.damaged });
    expect(await openShare(sealed.slice(0, 30), key)).toEqual({ ok: false, message: shareMessages.damaged });
    expect(await openShare('not base64url!', key)).toEqual({ ok: false, message: shareMessages.damaged });
  });

  it('refuses a key that is not 32 bytes', async () => {
    await expect(sealForShare({}, new Uint8Array(16))).rejects.toThrow('A share key is 32 bytes');
    expect(await openShare(await sealForShare({}, newKey()), new Uint8Array(16))).toEqual({ ok: false, message: shareMessages.damaged });
  });
});
