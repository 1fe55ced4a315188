/**
 * The client's side of sharing against the real Hono app and share store (SQLite in memory):
 * a signed record sent and received verifies; the server holds no plaintext; a record altered
 * on the way, a signature from another key, a wrong key in the link and a second read of a
 * one-time link are each refused with a plain message; nothing is imported unless verified.
 */
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { tmpdir } from 'node:os';
import { SupervisionDB } from '../../client/db/db.ts';
import { Keyring } from '../../client/db/atRest.ts';
import { createRepositories, type Repositories } from '../../client/db/repositories.ts';
import { preparationShare, receiveShare, sendShare, shareMessages, verifyShare } from '../../client/share/share.ts';
import { createApp } from '../../server/app.ts';
import { openShareStore, type ShareStore } from '../../server/storage/shares.ts';
import { inputOf, restoreSession } from '../../client/live/session.ts';
import { derby, driveDerbyWithoutCases, signBoth } from '../machines/fixtures.ts';
import { createSession } from '../../client/live/create.ts';

const MARKER = 'QX-SENT-RECORD-2323';
let store: ShareStore;
let fetcher: typeof fetch;
let repositories: Repositories;
let sessionId: string;

function device(): Repositories {
  const keyring = new Keyring();
  keyring.unlock(crypto.getRandomValues(new Uint8Array(32)));
  let ids = 0;
  return createRepositories(new SupervisionDB(`share-${Math.random()}`, { keyring }), { newId: () => `id-${Math.random().toString(36).slice(2, 10)}-${++ids}` });
}

beforeAll(async () => {
  store = await openShareStore({ sqliteFile: ':memory:' });
  const app = createApp({ staticRoot: tmpdir(), shares: store });
  fetcher = ((input: string | URL | Request, init?: RequestInit) => Promise.resolve(app.request(String(input), init))) as typeof fetch;
  repositories = device();
  const person = await repositories.people.add({ name: `Val ${MARKER}`, role: 'Health Visitor' });
  if (!person.ok) throw new Error(person.message);
  const template = derby();
  const created = await createSession(repositories, { template, sessionType: 'safeguarding-supervision', date: '2026-11-20', personId: person.value.id, supervisor: { name: 'Sam Supervisor', role: 'Named Nurse' } });
  if (!created.ok) throw new Error(created.message);
  sessionId = created.value;
  const stored = (await repositories.sessions.get(sessionId))!;
  const restored = restoreSession(template, stored.record, await repositories.sessions.snapshot(sessionId));
  const actor = createActor(restored.machine, { snapshot: restored.snapshot, input: inputOf(stored.record) }).start();
  driveDerbyWithoutCases(actor, { id: 'act-000001', what: `Send the chronology ${MARKER}`, owner: { kind: 'supervisee', name: '' }, dueDate: '2026-12-31', caseId: null });
  signBoth(actor);
  await repositories.sessions.save(template, actor.getSnapshot().context, actor.getPersistedSnapshot());
  actor.stop();
});
afterAll(async () => store.close());

describe('sharing a signed record', () => {
  it('arrives verified and imports once on the other device; the server never holds the plaintext', async () => {
    const payload = (await repositories.shares.recordPayload(sessionId))!;
    const sent = await sendShare(payload, { expiresInHours: 24, oneTime: false }, fetcher);
    if (!sent.ok) throw new Error(sent.message);
    const onServer = await store.take(sent.value.id, Date.now());
    if (onServer?.state !== 'filled') throw new Error('The share was stored');
    expect(onServer.ciphertext).not.toContain(MARKER);
    expect(Buffer.from(onServer.ciphertext, 'base64url').toString('latin1')).not.toContain(MARKER);

    const received = await receiveShare(sent.value.id, sent.value.key, fetcher);
    if (!received.ok) throw new Error(received.message);
    if (received.value.kind !== 'record') throw new Error('A record was sent');
    expect(received.value.verified).toMatchObject({ seal: 'valid', signature: true });
    const other = device();
    expect(await other.shares.import(received.value.payload)).toBe('imported');
    expect(await other.shares.import(received.value.payload)).toBe('alreadyHere');
    // Nobody is pinned on the other device yet: the signer is not confirmed (never valid) until a pin covers the key.
    expect(await other.signatures.check(sessionId)).toMatchObject({ status: 'notConfirmed', chain: { status: 'intact' } });
    // The supervisee's actions arrive with it, open for their next session.
    const personId = received.value.payload.record.parties.supervisee.personId;
    expect((await other.actions.openFor(personId)).map((a) => a.what)).toEqual([`Send the chronology ${MARKER}`]);
  });

  it('a record altered on the way, or signed by another key, does not verify', async () => {
    const payload = (await repositories.shares.recordPayload(sessionId))!;
    const altered = { ...payload, record: { ...payload.record, actions: payload.record.actions.map((a) => ({ ...a, what: 'Something else' })) } };
    expect((await verifyShare(altered)).seal).toBe('invalid');
    const otherKey = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign']);
    const jwk = await crypto.subtle.exportKey('jwk', otherKey.publicKey);
    const swapped = { ...payload, signature: { ...payload.signature, publicKey: { kty: 'EC' as const, crv: 'P-256' as const, x: jwk.x!, y: jwk.y! } } };
    expect((await verifyShare(swapped)).signature).toBe(false);
  });

  it('a wrong key, an incomplete link and a second read of a one-time link are refused plainly', async () => {
    const payload = (await repositories.shares.recordPayload(sessionId))!;
    const sent = await sendShare(payload, { expiresInHours: 1, oneTime: true }, fetcher);
    if (!sent.ok) throw new Error(sent.message);
    const wrongKey = `${sent.value.key.slice(0, -2)}${sent.value.key.endsWith('AA') ? 'BA' : 'AA'}`;
    expect(await receiveShare(sent.value.id, 'short', fetcher)).toEqual({ ok: false, message: shareMessages.notALink });
    expect(await receiveShare(sent.value.id, wrongKey, fetcher)).toEqual({ ok: false, message: shareMessages.damaged });
    // That read used the one-time link up.
    expect(await receiveShare(sent.value.id, sent.value.key, fetcher)).toEqual({ ok: false, message: shareMessages.gone });
  });

  it('with the server down, nothing is sent and the reason is plain', async () => {
    const payload = (await repositories.shares.recordPayload(sessionId))!;
    const down = (() => Promise.reject(new TypeError('Failed to fetch'))) as typeof fetch;
    expect(await sendShare(payload, { expiresInHours: 1, oneTime: true }, down)).toEqual({ ok: false, message: shareMessages.unreachable });
  });

  it('a preparation travels with only what was marked to bring', async () => {
    const person = (await repositories.people.list())[0]!;
    const created = await repositories.preparations.create(person.id, '2026-12-01');
    if (!created.ok) throw new Error(created.message);
    const preparation = {
      ...created.value,
      issues: [
        { id: 'issue-000001', text: 'Bring this one', bring: true },
        { id: 'issue-000002', text: 'Keep this QX-KEPT-BACK-1', bring: false },
      ],
    };
    const sent = await sendShare(preparationShare(preparation), { expiresInHours: 1, oneTime: true }, fetcher);
    if (!sent.ok) throw new Error(sent.message);
    const received = await receiveShare(sent.value.id, sent.value.key, fetcher);
    if (!received.ok || received.value.kind !== 'preparation') throw new Error('A preparation was sent');
    expect(received.value.payload.preparation.issues.map((i) => i.text)).toEqual(['Bring this one']);
    expect(JSON.stringify(received.value.payload)).not.toContain('QX-KEPT-BACK-1');
  });
});
