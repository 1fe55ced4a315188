/**
 * Receiving a record or a preparation from a link, weighed against this device's pins before
 * anything is written (the real app over fake-indexeddb; fetch answered by the real Hono app with
 * an in-memory share store; the sender is a second device with its own keys):
 * - from a key pinned to nobody here: "Signer not confirmed", imported only once that is acknowledged;
 * - from the pinned key: named, imported without more;
 * - forged (changed, re-hashed, re-signed and sent with a new key) on a device that pinned the real
 *   one: "Signed by a key this device does not know", no import offered, nothing written;
 * - a preparation from a key other than the one pinned to that supervisee: refused.
 */
import 'fake-indexeddb/auto';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { createTrustRepositories, type TrustRepositories } from '../../../client/db/trustRepositories.ts';
import { sendShare, type SharePayloadV1 } from '../../../client/share/share.ts';
import { signEnvelope, signText } from '../../../client/trust/signing.ts';
import { chainLinkOf } from '../../../machines/record/chain.ts';
import { contentHashOf, signedContentOf } from '../../../machines/model/seal.ts';
import { signedSession, type Device } from '../../db/devices.ts';
import { renderApp, sealedServices, useHarness, type Harness } from '../session/harness.tsx';
import { preparationToSend } from '../../machines/fixtures.ts';
import { useRelay } from '../relay.ts';

useRelay();
const harness = useHarness('receive-trust');

/** The sender: the supervisor's device, sealed at rest, with a profile. */
async function senderDevice(): Promise<Device> {
  let ids = 0;
  const newId = () => `sender-${String(++ids).padStart(6, '0')}`;
  const now = () => new Date('2026-12-04T10:00:00Z');
  const { db, repositories } = sealedServices(`sender-${Math.random()}`, { now, newId });
  const trust = createTrustRepositories(db, { now, newId });
  await trust.profile.save({ name: 'Sarah Jones', jobRole: 'Named Nurse' });
  return { name: 'sender', db, repositories, trust, close: async () => db.close() };
}

async function pinOn(receiver: Harness, personId: string, party: 'supervisor' | 'supervisee', name: string, from: TrustRepositories): Promise<void> {
  const trust = await receiver.repositories.trust();
  const [key, encryption] = await Promise.all([from.ownKey(), from.ownEncryptionKey()]);
  const pinned = await trust.pins.confirm({ personId, party, name, jobRole: '', publicKey: key.publicKey, encryptionKey: encryption.publicKey, agreementId: null, replacing: null });
  if (!pinned.ok) throw new Error(pinned.message);
}

/** Sent through the relay (the page's fetch): the link's route. */
async function linkFor(content: Parameters<typeof sendShare>[0]): Promise<string> {
  const sent = await sendShare(content, { expiresInHours: 24, oneTime: false });
  if (!sent.ok) throw new Error(sent.message);
  return `#/receive/${sent.value.id}/${sent.value.key}`;
}

/** Sarah's device (the sender) with Tom as her supervisee and a session with him sealed there; her key pinned here first when `pinned`. */
async function sealedOnSarahsDevice({ pinned }: { pinned: boolean }) {
  const sarah = await senderDevice();
  const personId = (await sarah.repositories.people.add({ name: 'Tom Smith', role: 'Health Visitor' }) as { ok: true; value: { id: string } }).value.id;
  if (pinned) await pinOn(harness(), personId, 'supervisor', 'Sarah Jones', sarah.trust);
  const sessionId = await signedSession(sarah, personId, '2026-12-01');
  return { sarah, personId, sessionId };
}

describe('a record from a link, against this device’s pins', () => {
  it('from a key pinned to nobody: not confirmed, imported only once that is acknowledged', async () => {
    const { sarah, sessionId } = await sealedOnSarahsDevice({ pinned: false });
    const hash = await linkFor((await sarah.repositories.shares.payload(sessionId))!);
    const user = userEvent.setup();
    renderApp(harness(), hash);
    await screen.findByRole('heading', { level: 1, name: 'A supervision record sent to you' });
    expect(await screen.findByRole('heading', { level: 2, name: 'Signer not confirmed' })).toBeInTheDocument();
    expect(screen.getByText(/^Sarah Jones — a key not pinned to anyone on this device/)).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Import this record to this device' }));
    expect(await screen.findByText('Tick to say you understand who signed it is not confirmed, or connect your devices first')).toBeInTheDocument();
    expect(await harness().db.sessions.count()).toBe(0);
    await user.click(screen.getByRole('checkbox', { name: 'I understand that who signed this record is not confirmed' }));
    await user.click(screen.getByRole('button', { name: 'Import this record to this device' }));
    expect(await screen.findByText('The record has been imported.')).toBeInTheDocument();
    expect(await harness().db.sessions.count()).toBe(1);
    await sarah.close();
  });

  it('from the pinned key: named and imported; its chain head is learned', async () => {
    const { sarah, personId, sessionId } = await sealedOnSarahsDevice({ pinned: true });
    const hash = await linkFor((await sarah.repositories.shares.payload(sessionId))!);
    const user = userEvent.setup();
    renderApp(harness(), hash);
    await screen.findByRole('heading', { level: 1, name: 'A supervision record sent to you' });
    const sealedBy = await screen.findByText(/^Sarah Jones’s key, pinned on this device on \d+ \w+ \d{4} at \d\d:\d\d \(key [0-9a-f ]+\)$/);
    expect(sealedBy).toBeInTheDocument();
    expect(screen.queryByRole('heading', { name: 'Signer not confirmed' })).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Import this record to this device' }));
    expect(await screen.findByText('The record has been imported.')).toBeInTheDocument();
    const trust = await harness().repositories.trust();
    await waitFor(async () => expect(await trust.heads.known(personId)).toMatchObject({ length: 1 }));
    expect(await harness().repositories.signatures.check(sessionId)).toMatchObject({ status: 'valid', sealer: { kind: 'pinned' } });
    await sarah.close();
  });

  it('forged with a new key on a device that pinned the real one: refused before anything is written', async () => {
    const { sarah, sessionId } = await sealedOnSarahsDevice({ pinned: true });
    const real = (await sarah.repositories.shares.recordPayload(sessionId))!;
    // The forger changes the record, seals it again and signs it all with a key of their own.
    const changed = { ...real.record, answers: { ...real.record.answers, 'any-other-business': 'Nothing of concern was raised.' } };
    const record = { ...changed, contentHash: contentHashOf(signedContentOf(changed)) };
    const pair = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify']);
    const jwk = await crypto.subtle.exportKey('jwk', pair.publicKey);
    const forgerKey = { kty: 'EC' as const, crv: 'P-256' as const, x: jwk.x!, y: jwk.y! };
    const link = chainLinkOf(null, record.contentHash);
    const forged: SharePayloadV1 = { ...real, record, signature: { ...real.signature, contentHash: record.contentHash, prev: null, link, publicKey: forgerKey, signature: await signText(pair.privateKey, link) } };
    const envelope = await signEnvelope({ ...forged, version: 2 as const, from: { name: 'Sarah Jones', jobRole: 'Named Nurse', publicKey: forgerKey, encryptionKey: forgerKey }, chainHead: null }, { privateKey: pair.privateKey, publicKey: forgerKey });
    const hash = await linkFor(envelope);
    renderApp(harness(), hash);
    const alert = await screen.findByRole('alert');
    expect(within(alert).getByRole('heading', { name: 'Signed by a key this device does not know' })).toBeInTheDocument();
    expect(screen.getByText(/^a key this device does not know \(key [0-9a-f ]+\); Sarah Jones’s pinned key is [0-9a-f ]+$/)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Import this record to this device' })).toBeNull();
    expect(await harness().db.sessions.count()).toBe(0);
    await sarah.close();
  });
});

describe('a preparation from a link', () => {
  const preparation = preparationToSend({ supervisee: { name: 'Tom Smith', role: 'Health Visitor' }, forDate: '2026-12-04' });

  it('from the supervisee’s pinned key it is filed under them; from another key it is refused', async () => {
    const tom = await senderDevice();
    await tom.trust.profile.save({ name: 'Tom Smith', jobRole: 'Health Visitor' });
    const added = await harness().repositories.people.add({ name: 'Tom Smith', role: 'Health Visitor' });
    if (!added.ok) throw new Error(added.message);
    const personId = added.value.id;
    await pinOn(harness(), personId, 'supervisee', 'Tom Smith', tom.trust);
    const user = userEvent.setup();
    const hash = await linkFor(await tom.repositories.shares.preparationPayload(personId, preparation));
    const view = renderApp(harness(), hash);
    await screen.findByRole('heading', { level: 1, name: 'A preparation sent to you' });
    expect(await screen.findByRole('radio', { name: 'Tom Smith' })).toBeChecked();
    expect(screen.getByText(/^Tom Smith — Tom Smith’s key, pinned on this device/)).toBeInTheDocument();
    view.unmount();

    // The same preparation signed by someone else's device, claiming to be Tom.
    const impostor = await senderDevice();
    await impostor.trust.profile.save({ name: 'Tom Smith', jobRole: 'Health Visitor' });
    const forged = await linkFor(await impostor.repositories.shares.preparationPayload(personId, preparation));
    renderApp(harness(), forged);
    await screen.findByRole('heading', { level: 1, name: 'A preparation sent to you' });
    await user.click(await screen.findByRole('radio', { name: 'Tom Smith' }));
    expect(await screen.findByRole('heading', { name: 'Signed by a key this device does not know' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Import this preparation' })).toBeNull();
    expect(await harness().db.preparations.count()).toBe(0);
    await tom.close();
    await impostor.close();
  });
});
