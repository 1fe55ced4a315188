/**
 * Two devices through the real Hono relay (SQLite in memory), each with its own sealed database in
 * fake-indexeddb and its own WebCrypto keys: the supervisor's device invites, the supervisee's
 * answers, both compute the same safety number and pin each other's key; a session on the
 * supervisor's device is sent for signature, signed with a comment on the supervisee's device and
 * sent back; it seals, goes back, and both devices hold the same sealed record, valid with both
 * named. A device that was not asked cannot open the request; a returned request carries its
 * reason; a changed key needs confirming as a change; the newest record deleted on either side is
 * then detected.
 */
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tmpdir } from 'node:os';
import { SupervisionDB } from '../../client/db/db.ts';
import { Keyring } from '../../client/db/atRest.ts';
import { createRepositories, type Repositories } from '../../client/db/repositories.ts';
import { createTrustRepositories, type TrustRepositories } from '../../client/db/trustRepositories.ts';
import { answerInvite, checkInvite, confirmConnection, invite, openInvite, safetyNumberFor, type ConnectDeps } from '../../client/trust/connect.ts';
import {
  answerRequest,
  checkForReply,
  checkForSealed,
  deliverSealed,
  keySignatureHere,
  receiveRequest,
  remoteMessages,
  sendForSignature,
  type RemoteDeps,
} from '../../client/trust/remoteSigning.ts';
import { createApp } from '../../server/app.ts';
import { openShareStore, type ShareStore } from '../../server/storage/shares.ts';
import { derby, signature } from '../machines/fixtures.ts';
import { sessionAtSigning } from '../db/devices.ts';

const ORIGIN = 'http://127.0.0.1:4173';
let store: ShareStore;
let fetcher: typeof fetch;

type Device = { repositories: Repositories; trust: TrustRepositories; connect: ConnectDeps; remote: RemoteDeps; db: SupervisionDB };

let clock = Date.parse('2026-12-04T09:00:00Z');
const now = () => new Date((clock += 1000));

function device(name: string): Device {
  const keyring = new Keyring();
  keyring.unlock(crypto.getRandomValues(new Uint8Array(32)));
  const db = new SupervisionDB(`${name}-${Math.random()}`, { keyring });
  let ids = 0;
  const newId = () => `${name}-${String(++ids).padStart(6, '0')}`;
  const repositories = createRepositories(db, { now, newId });
  const trust = createTrustRepositories(db, { now, newId });
  return {
    db,
    repositories,
    trust,
    connect: { trust, people: repositories.people, now, newId, origin: ORIGIN, fetcher },
    remote: { trust, repositories, now, newId, origin: ORIGIN, fetcher },
  };
}

const shareIdOf = (link: string) => /#\/(?:connect|sign)\/([A-Za-z0-9_-]{22})/.exec(link)?.[1] ?? '';
const keyOf = (link: string) => link.split('/').at(-1) ?? '';

beforeAll(async () => {
  store = await openShareStore({ sqliteFile: ':memory:' });
  const app = createApp({ staticRoot: tmpdir(), shares: store, rateLimitPerMinute: 100_000 });
  fetcher = ((input: string | URL | Request, init?: RequestInit) => Promise.resolve(app.request(String(input), init))) as typeof fetch;
});
afterAll(async () => store.close());

/** Connects the two devices for the supervision of `personId` (on the supervisor's device). */
async function connect(supervisor: Device, supervisee: Device, personId: string): Promise<{ numbers: [string | null, string | null] }> {
  const made = await invite(supervisor.connect, { personId, otherParty: 'supervisee', agreementId: null });
  if (!made.ok) throw new Error(made.message);
  const link = made.value.invite!.link;
  const opened = await openInvite(supervisee.connect, { shareId: shareIdOf(link), key: keyOf(link) });
  if (!opened.ok) throw new Error(opened.message);
  const answered = await answerInvite(supervisee.connect, opened.value, { personId: null });
  if (!answered.ok) throw new Error(answered.message);
  const checked = await checkInvite(supervisor.connect, made.value.id);
  if (!checked.ok) throw new Error(checked.message);
  const numbers: [string | null, string | null] = [await safetyNumberFor(supervisor.trust, checked.value), await safetyNumberFor(supervisee.trust, answered.value)];
  const a = await confirmConnection(supervisor.connect, made.value.id);
  const b = await confirmConnection(supervisee.connect, answered.value.id);
  if (!a.ok || !b.ok) throw new Error('Not pinned');
  return { numbers };
}

describe('connecting two devices and signing on the other one', () => {
  let sarah: Device;
  let tom: Device;
  let personId: string;

  beforeAll(async () => {
    sarah = device('sarah');
    tom = device('tom');
    await sarah.trust.profile.save({ name: 'Sarah Jones', jobRole: 'Named Nurse' });
    await tom.trust.profile.save({ name: 'Tom Smith', jobRole: 'Health Visitor' });
    const added = await sarah.repositories.people.add({ name: 'Tom Smith', role: 'Health Visitor' });
    if (!added.ok) throw new Error(added.message);
    personId = added.value.id;
  });

  it('both devices show the same safety number, and each pins the other person', async () => {
    const { numbers } = await connect(sarah, tom, personId);
    expect(numbers[0]).toMatch(/^\d{5}( \d{5}){5}$/);
    expect(numbers[1]).toBe(numbers[0]);
    expect(await sarah.trust.pins.of(personId)).toMatchObject([{ party: 'supervisee', name: 'Tom Smith', replacedAt: null }]);
    expect(await tom.trust.pins.of(personId)).toMatchObject([{ party: 'supervisor', name: 'Sarah Jones', replacedAt: null }]);
    // Tom's device files the supervision under the same id, as himself.
    expect(await tom.repositories.people.get(personId)).toMatchObject({ name: 'Tom Smith' });
  });

  it('a record sent for signature is signed on the other device with a comment, sealed here, and sent back: both hold the same valid record', async () => {
    const { actor, save } = await sessionAtSigning(sarah, personId, '2026-12-04');
    const template = derby();
    // Sent to Tom's device.
    const sent = await sendForSignature(sarah.remote, { template, record: actor.getSnapshot().context, role: 'supervisee', title: 'Supervisee' });
    if (!sent.ok) throw new Error(sent.message);
    actor.send({ type: 'signature.requested', request: sent.value.state });
    await save();
    expect(sent.value.outgoing.link).toMatch(/^http:\/\/127\.0\.0\.1:4173\/#\/sign\/[A-Za-z0-9_-]{22}$/);
    expect(await checkForReply(sarah.remote, sent.value.state.requestId)).toEqual({ ok: true, value: { kind: 'waiting' } });

    // A device that was not asked (nobody pinned, other keys) cannot open it.
    const stranger = device('stranger');
    await stranger.trust.profile.save({ name: 'Someone Else', jobRole: '' });
    expect(await receiveRequest(stranger.remote, shareIdOf(sent.value.outgoing.link))).toEqual({ ok: false, message: remoteMessages.notForThisDevice });

    // Tom opens it, reads it, disagrees with one point, and signs on his device.
    const received = await receiveRequest(tom.remote, shareIdOf(sent.value.outgoing.link));
    if (!received.ok) throw new Error(received.message);
    expect(received.value.request.record.caseHistory).toBeUndefined();
    const comment = { kind: 'disagreement' as const, text: 'The chronology is due from the school nurse, not from me.' };
    const answered = await answerRequest(tom.remote, received.value.requestId, { kind: 'signed', signature: signature('supervisee', '2026-12-04T11:30:00.000Z'), comment });
    if (!answered.ok) throw new Error(answered.message);
    expect(answered.value.status).toBe('sent');

    // Sarah's device takes the answer, checked against Tom's pin.
    const reply = await checkForReply(sarah.remote, sent.value.state.requestId);
    if (!reply.ok || reply.value.kind !== 'answer' || reply.value.reply.outcome.kind !== 'signed') throw new Error('No answer');
    const { outcome } = reply.value.reply;
    actor.send({ type: 'signature.received', requestId: sent.value.state.requestId, signature: outcome.signature, keySignature: outcome.keySignature, comment: outcome.comment });
    // Sarah signs here, with her device's key.
    const mine = signature('supervisor', '2026-12-04T11:35:00.000Z');
    const keySignature = await keySignatureHere(sarah.trust, actor.getSnapshot().context, mine, null);
    expect(keySignature).not.toBeNull();
    actor.send({ type: 'signature.added', signature: mine, keySignature: keySignature! });
    const sealed = actor.getSnapshot().context;
    expect(sealed.contentHash).not.toBeNull();
    await save();
    actor.stop();
    expect(await deliverSealed(sarah.remote, sealed.sessionId)).toEqual({ ok: true, value: 1 });
    expect(await deliverSealed(sarah.remote, sealed.sessionId)).toEqual({ ok: true, value: 0 });

    // Tom's device receives the sealed record, checks it holds his signature as given, and imports it.
    expect(await checkForSealed(tom.remote, received.value.requestId)).toEqual({ ok: true, value: { kind: 'sealed', sessionId: sealed.sessionId } });
    const onTom = await tom.repositories.sessions.get(sealed.sessionId);
    expect(onTom?.record.contentHash).toBe(sealed.contentHash);
    expect(onTom?.record.signerComments?.supervisee).toEqual(comment);

    const expected = {
      status: 'valid',
      chain: { status: 'intact', length: 1 },
      parties: {
        supervisor: { kind: 'key', verified: true },
        supervisee: { kind: 'key', verified: true },
      },
    };
    const onSarahCheck = await sarah.repositories.signatures.check(sealed.sessionId);
    const onTomCheck = await tom.repositories.signatures.check(sealed.sessionId);
    expect(onSarahCheck).toMatchObject({ ...expected, sealer: { kind: 'own' }, parties: { supervisor: { trust: { kind: 'own', name: 'Sarah Jones' } }, supervisee: { trust: { kind: 'pinned', pin: { name: 'Tom Smith' } } } } });
    expect(onTomCheck).toMatchObject({ ...expected, sealer: { kind: 'pinned', pin: { name: 'Sarah Jones' } }, parties: { supervisor: { trust: { kind: 'pinned', pin: { name: 'Sarah Jones' } } }, supervisee: { trust: { kind: 'own', name: 'Tom Smith' } } } });
    // Nothing of the record is on the relay any more: each message was deleted once kept.
    expect(await store.purge(Date.now() + 10 * 24 * 3_600_000)).toBe(0);
  });

  it('a record returned unsigned carries the reason back', async () => {
    const { actor, save } = await sessionAtSigning(sarah, personId, '2026-12-11');
    const sent = await sendForSignature(sarah.remote, { template: derby(), record: actor.getSnapshot().context, role: 'supervisee', title: 'Supervisee' });
    if (!sent.ok) throw new Error(sent.message);
    actor.send({ type: 'signature.requested', request: sent.value.state });
    await save();
    const received = await receiveRequest(tom.remote, shareIdOf(sent.value.outgoing.link));
    if (!received.ok) throw new Error(received.message);
    const returned = await answerRequest(tom.remote, received.value.requestId, { kind: 'returned', reason: 'The next meeting date is wrong.' });
    expect(returned).toMatchObject({ ok: true, value: { status: 'returned' } });
    expect(await answerRequest(tom.remote, received.value.requestId, { kind: 'returned', reason: 'Again' })).toEqual({ ok: false, message: remoteMessages.alreadySent });
    const reply = await checkForReply(sarah.remote, sent.value.state.requestId);
    expect(reply).toMatchObject({ ok: true, value: { kind: 'answer', reply: { outcome: { kind: 'returned', reason: 'The next meeting date is wrong.' } } } });
    actor.stop();
  });

  it('Tom’s new device: its key is shown as a change, and pinned only when the change is confirmed', async () => {
    const tomPhone = device('tom-phone');
    await tomPhone.trust.profile.save({ name: 'Tom Smith', jobRole: 'Health Visitor' });
    const made = await invite(sarah.connect, { personId, otherParty: 'supervisee', agreementId: null });
    if (!made.ok) throw new Error(made.message);
    const link = made.value.invite!.link;
    const opened = await openInvite(tomPhone.connect, { shareId: shareIdOf(link), key: keyOf(link) });
    if (!opened.ok) throw new Error(opened.message);
    await answerInvite(tomPhone.connect, opened.value, { personId: null });
    const checked = await checkInvite(sarah.connect, made.value.id);
    expect(checked).toMatchObject({ ok: true, value: { status: 'comparing' } });
    const { pinChangeOf } = await import('../../client/trust/connect.ts');
    expect(await pinChangeOf(sarah.trust, (checked as { value: Parameters<typeof pinChangeOf>[1] }).value)).toMatchObject({ kind: 'changed', previous: { name: 'Tom Smith' } });
    // Pinning it directly, without the change confirmed, is refused.
    const direct = await sarah.trust.pins.confirm({ personId, party: 'supervisee', name: 'Tom Smith', jobRole: '', publicKey: (await tomPhone.trust.ownKey()).publicKey, encryptionKey: (await tomPhone.trust.ownEncryptionKey()).publicKey, agreementId: null, replacing: null });
    expect(direct.ok).toBe(false);
    expect(await confirmConnection(sarah.connect, made.value.id)).toMatchObject({ ok: true });
    const pins = await sarah.trust.pins.of(personId);
    expect(pins.map((p) => p.replacedAt === null)).toEqual([true, false]);
  });
});
