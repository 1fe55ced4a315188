/**
 * Connecting two devices: the key exchange that pins each person's key on the other's device.
 *
 * 1. The inviter's device makes a reply slot on the relay and a link (`#/connect/<id>/<key>`, the
 *    key in the fragment only) to an invite: its person, keys and party, the supervision (the
 *    supervisee's id and name there), signed with its signing key. The link goes to the other
 *    person as they choose, or as a QR code.
 * 2. The other device opens it, checks its signature, and answers with its own person and keys,
 *    signed, sealed to the inviter's encryption key, into the slot.
 * 3. Both devices now hold both signing keys and show the same safety number. Each person confirms
 *    it on their own device (aloud in the room, or on the call), which pins the other's key there.
 *    A different key than one already pinned is shown as a change and confirmed as one.
 *
 * The supervisee's id on the supervisor's device is the supervision's id on both (records travel
 * filed by it): a supervisee's device adopts it when the two differ.
 */
import { otherParty, pinChangeFor, safetyNumberOf, trustOfKey, type PinChange, type PinV1, type SenderV1 } from '../../machines/model/trust.ts';
import type { SignatureRole } from '../../machines/model/record.ts';
import { base64UrlToBytes, bytesToBase64Url } from '../crypto/encoding.ts';
import { sharingCopy } from '../content/sharingCopy.ts';
import { createReplySlot, fillReplySlot, openShare, readReplySlot, revokeShare, sealForShare, SHARE_KEY_BYTES, shareMessages, storeShare, type ShareResult } from '../share/share.ts';
import type { Repositories } from '../db/repositories.ts';
import type { TrustRepositories } from '../db/trustRepositories.ts';
import { $Signed, signEnvelope, verifyEnvelope } from './signing.ts';
import { openFromDevice, sealToDevice } from './sealing.ts';
import { $ConnectInviteV1, $ConnectReplyV1, MESSAGE_FORMAT, type ConnectInviteV1, type ConnectReplyV1 } from './messages.ts';
import type { ConnectionV1 } from './rows.ts';

/** How long an invitation to connect stays open. */
export const INVITE_HOURS = 24;

export const connectMessages = sharingCopy.connect;

export type Link = { shareId: string; key: string };

export function connectLink(origin: string, link: Link): string {
  return `${origin}/#/connect/${link.shareId}/${link.key}`;
}

export type ConnectDeps = {
  trust: TrustRepositories;
  people: Repositories['people'];
  now: () => Date;
  newId: () => string;
  origin: string;
  fetcher?: typeof fetch;
};


async function signedBy<T>(trust: TrustRepositories, payload: T) {
  const key = await trust.ownKey();
  return signEnvelope(payload, key);
}

/** The safety number of a connection: this device's signing key and the other's, in a fixed order. */
export async function safetyNumberFor(trust: TrustRepositories, connection: ConnectionV1): Promise<string | null> {
  if (!connection.other) return null;
  return safetyNumberOf((await trust.ownKey()).publicKey, connection.other.publicKey);
}

/** What confirming this connection would do to the pins here: pin a first key, nothing, or replace another. */
export async function pinChangeOf(trust: TrustRepositories, connection: ConnectionV1): Promise<PinChange | null> {
  if (!connection.other) return null;
  return pinChangeFor(await trust.pins.of(connection.personId), connection.personId, connection.otherParty, connection.other.publicKey);
}

/**
 * The inviting side: a reply slot, then the invitation stored on the relay under a fresh link key.
 * `otherParty`: the other person's party (the supervisee, when a supervisor invites).
 */
export async function invite(
  deps: ConnectDeps,
  input: { personId: string; otherParty: SignatureRole; agreementId: string | null },
): Promise<ShareResult<ConnectionV1>> {
  const { trust, people, now, newId, fetcher } = deps;
  const from = await trust.sender();
  if (!from) return { ok: false, message: connectMessages.noProfile };
  const supervisee = await people.get(input.personId);
  if (!supervisee) return { ok: false, message: connectMessages.noPerson };
  const slot = await createReplySlot(INVITE_HOURS, fetcher);
  if (!slot.ok) return slot;
  const at = now();
  const inviteId = newId();
  const expiresAt = new Date(at.getTime() + INVITE_HOURS * 3_600_000).toISOString();
  const payload: ConnectInviteV1 = {
    format: MESSAGE_FORMAT,
    version: 1,
    kind: 'connectInvite',
    inviteId,
    from: { ...from, party: otherParty(input.otherParty) },
    supervision: { personId: supervisee.id, supervisee: { name: supervisee.name, jobRole: supervisee.role } },
    agreementId: input.agreementId,
    reply: { slotId: slot.value.id, writeToken: slot.value.writeToken },
    createdAt: at.toISOString(),
    expiresAt,
  };
  const keyBytes = crypto.getRandomValues(new Uint8Array(SHARE_KEY_BYTES));
  const stored = await storeShare(await sealForShare(await signedBy(trust, payload), keyBytes), { expiresInHours: INVITE_HOURS, oneTime: false }, fetcher);
  if (!stored.ok) {
    await revokeShare(slot.value.id, slot.value.revokeToken, fetcher);
    return stored;
  }
  const connection: ConnectionV1 = {
    id: inviteId,
    role: 'inviter',
    status: 'waiting',
    personId: supervisee.id,
    otherParty: input.otherParty,
    agreementId: input.agreementId,
    invite: { link: connectLink(deps.origin, { shareId: stored.value.id, key: bytesToBase64Url(keyBytes) }), share: { id: stored.value.id, revokeToken: stored.value.revokeToken }, expiresAt },
    slot: { id: slot.value.id, revokeToken: slot.value.revokeToken },
    other: null,
    otherHead: null,
    createdAt: at.toISOString(),
    updatedAt: at.toISOString(),
  };
  await trust.connections.put(connection);
  return { ok: true, value: connection };
}

/**
 * The inviting side, waiting: reads the slot. When the other device has answered, its answer is
 * opened (sealed to this device), its signature checked, and its keys kept for the comparison.
 * A supervisee's device takes the supervisor's device's id for the supervision here.
 */
export async function checkInvite(deps: ConnectDeps, connectionId: string): Promise<ShareResult<ConnectionV1>> {
  const { trust, people, now, fetcher } = deps;
  const connection = await trust.connections.get(connectionId);
  if (!connection) return { ok: false, message: connectMessages.expired };
  if (connection.status !== 'waiting' || !connection.slot) return { ok: true, value: connection };
  const read = await readReplySlot(connection.slot.id, fetcher);
  if (!read.ok) return read;
  if (read.value.kind === 'gone') {
    const cancelled: ConnectionV1 = { ...connection, status: 'cancelled', updatedAt: now().toISOString() };
    await trust.connections.put(cancelled);
    return { ok: false, message: connectMessages.expired };
  }
  if (read.value.kind === 'pending') return { ok: true, value: connection };
  const opened = await openFromDevice(read.value.ciphertext, await trust.ownEncryptionKey());
  const envelope = opened.ok ? $Signed($ConnectReplyV1).safeParse(opened.value) : null;
  const reply: ConnectReplyV1 | null = envelope?.success ? envelope.data.payload : null;
  const valid =
    envelope?.success &&
    reply !== null &&
    reply.inviteId === connection.id &&
    reply.from.party === connection.otherParty &&
    // The key the answer is signed with is the key it offers: whoever answered holds it.
    envelope.data.signer.x === reply.from.publicKey.x &&
    envelope.data.signer.y === reply.from.publicKey.y &&
    (await verifyEnvelope(envelope.data));
  if (!valid || !reply) return { ok: false, message: connectMessages.notAReply };
  let personId = connection.personId;
  // A supervisee's device files the supervision under the supervisor's device's id.
  if (connection.otherParty === 'supervisor' && reply.personId !== personId) {
    const moved = await people.moveTo(personId, reply.personId);
    if (!moved.ok) return moved;
    personId = reply.personId;
  }
  const other: SenderV1 = { name: reply.from.name, jobRole: reply.from.jobRole, publicKey: reply.from.publicKey, encryptionKey: reply.from.encryptionKey };
  const updated: ConnectionV1 = { ...connection, personId, status: 'comparing', other, otherHead: reply.chainHead, updatedAt: now().toISOString() };
  await trust.connections.put(updated);
  // The invitation and the answer have done their work: the relay need not keep them.
  if (connection.invite?.share.revokeToken) await revokeShare(connection.invite.share.id, connection.invite.share.revokeToken, fetcher);
  if (connection.slot.revokeToken) await revokeShare(connection.slot.id, connection.slot.revokeToken, fetcher);
  return { ok: true, value: updated };
}

export type OpenedInvite = { shareId: string; invite: ConnectInviteV1 };

/** The answering side: fetches and opens an invitation, and checks its signature. Nothing is kept. */
export async function openInvite(deps: ConnectDeps, link: Link): Promise<ShareResult<OpenedInvite>> {
  const keyBytes = base64UrlToBytes(link.key);
  if (!/^[A-Za-z0-9_-]{22}$/.test(link.shareId) || !keyBytes || keyBytes.length !== SHARE_KEY_BYTES) return { ok: false, message: shareMessages.notALink };
  const read = await readReplySlot(link.shareId, deps.fetcher);
  if (!read.ok) return read;
  if (read.value.kind !== 'filled') return { ok: false, message: shareMessages.gone };
  const opened = await openShare(read.value.ciphertext, keyBytes);
  if (!opened.ok) return opened;
  const envelope = $Signed($ConnectInviteV1).safeParse(opened.value);
  if (!envelope.success) return { ok: false, message: connectMessages.notAnInvite };
  const { payload, signer } = envelope.data;
  if (signer.x !== payload.from.publicKey.x || signer.y !== payload.from.publicKey.y || !(await verifyEnvelope(envelope.data))) return { ok: false, message: connectMessages.badSignature };
  const own = await deps.trust.ownKey();
  if (own.publicKey.x === signer.x && own.publicKey.y === signer.y) return { ok: false, message: connectMessages.samePerson };
  if (Date.parse(payload.expiresAt) <= deps.now().getTime()) return { ok: false, message: connectMessages.expired };
  return { ok: true, value: { shareId: link.shareId, invite: payload } };
}

/**
 * The answering side: sends this device's person and keys back, sealed to the inviter, and keeps
 * the connection to compare. `personId`: for a supervisor answering, which of their supervisees
 * this is (null: add them, under the invitation's id); a supervisee's device always files it under
 * the invitation's id (adding itself as that person if need be).
 */
export async function answerInvite(deps: ConnectDeps, opened: OpenedInvite, choice: { personId: string | null }): Promise<ShareResult<ConnectionV1>> {
  const { trust, people, now, fetcher } = deps;
  const { invite: payload } = opened;
  const from = await trust.sender();
  if (!from) return { ok: false, message: connectMessages.noProfile };
  const ownParty = otherParty(payload.from.party);
  // Who this supervision is filed under here: a supervisee's device takes the supervisor's device's
  // id; a supervisor chooses one of their supervisees or adds them under the invitation's id. A
  // person is added only once the keys have been sent.
  let personId: string;
  let toAdd: { name: string; role: string } | null = null;
  if (ownParty === 'supervisee') {
    personId = payload.supervision.personId;
    if (!(await people.get(personId))) toAdd = { name: from.name, role: from.jobRole };
  } else if (choice.personId) {
    const chosen = await people.get(choice.personId);
    if (!chosen) return { ok: false, message: connectMessages.noPerson };
    personId = chosen.id;
  } else {
    personId = payload.supervision.personId;
    if (!(await people.get(personId))) toAdd = { name: payload.from.name, role: payload.from.jobRole };
  }
  const reply: ConnectReplyV1 = {
    format: MESSAGE_FORMAT,
    version: 1,
    kind: 'connectReply',
    inviteId: payload.inviteId,
    from: { ...from, party: ownParty },
    personId,
    chainHead: await trust.heads.own(personId),
    sentAt: now().toISOString(),
  };
  const sealed = await sealToDevice(payload.from.encryptionKey, await signedBy(trust, reply));
  const filled = await fillReplySlot(payload.reply.slotId, payload.reply.writeToken, sealed, fetcher);
  if (!filled.ok) return filled;
  if (toAdd) {
    const added = await people.addAs(personId, toAdd);
    if (!added.ok) return added;
  }
  const at = now().toISOString();
  const connection: ConnectionV1 = {
    id: payload.inviteId,
    role: 'responder',
    status: 'comparing',
    personId,
    otherParty: payload.from.party,
    agreementId: payload.agreementId,
    // The link's share, kept to find this connection again once the inviter has deleted the link.
    invite: { link: '', share: { id: opened.shareId, revokeToken: null }, expiresAt: payload.expiresAt },
    slot: null,
    other: { name: payload.from.name, jobRole: payload.from.jobRole, publicKey: payload.from.publicKey, encryptionKey: payload.from.encryptionKey },
    otherHead: null,
    createdAt: at,
    updatedAt: at,
  };
  await trust.connections.put(connection);
  return { ok: true, value: connection };
}

/**
 * The person says the safety numbers match: the other's key is pinned to them here. A change of key
 * is confirmed as one (`replacing` names the pin it replaces, shown to them as a change).
 */
export async function confirmConnection(deps: ConnectDeps, connectionId: string): Promise<ShareResult<PinV1>> {
  const { trust, now } = deps;
  const connection = await trust.connections.get(connectionId);
  if (!connection?.other || (connection.status !== 'comparing' && connection.status !== 'confirmed')) return { ok: false, message: connectMessages.notComparing };
  const change = await pinChangeOf(trust, connection);
  const pinned = await trust.pins.confirm({
    personId: connection.personId,
    party: connection.otherParty,
    name: connection.other.name,
    jobRole: connection.other.jobRole,
    publicKey: connection.other.publicKey,
    encryptionKey: connection.other.encryptionKey,
    agreementId: connection.agreementId,
    replacing: change?.kind === 'changed' ? change.previous.id : null,
  });
  if (!pinned.ok) return pinned;
  await trust.connections.put({ ...connection, status: 'confirmed', updatedAt: now().toISOString() });
  // Their chain head is believed now that their key is pinned.
  if (connection.otherHead) {
    const book = await trust.book();
    await trust.heads.learn(connection.otherHead, trustOfKey(book, connection.other.publicKey, connection.personId, connection.otherParty));
  }
  return { ok: true, value: pinned.value };
}

/** The person says the numbers do not match: nothing is pinned, and the connection is closed. */
export async function rejectConnection(deps: ConnectDeps, connectionId: string): Promise<void> {
  const connection = await deps.trust.connections.get(connectionId);
  if (connection && connection.status !== 'confirmed') await deps.trust.connections.put({ ...connection, status: 'mismatch', updatedAt: deps.now().toISOString() });
}

/**
 * The inviter withdraws a link not yet answered: the relay deletes it and its slot. When the relay
 * cannot be reached (or refuses), the link stays as it is here and the reason is given.
 */
export async function cancelInvite(deps: ConnectDeps, connectionId: string): Promise<ShareResult<null>> {
  const connection = await deps.trust.connections.get(connectionId);
  if (!connection || connection.status !== 'waiting') return { ok: true, value: null };
  for (const held of [connection.invite?.share, connection.slot]) {
    if (!held?.revokeToken) continue;
    const revoked = await revokeShare(held.id, held.revokeToken, deps.fetcher);
    if (!revoked.ok) return revoked;
  }
  await deps.trust.connections.put({ ...connection, status: 'cancelled', updatedAt: deps.now().toISOString() });
  return { ok: true, value: null };
}
