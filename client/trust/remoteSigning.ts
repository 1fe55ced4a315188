/**
 * Signing on the other party's own device.
 *
 * On the session's device: at the read-through, the record (its words, and any signature already
 * given here) is sent, signed with this device's key and sealed to the other party's pinned
 * device, with a reply slot; the link (`#/sign/<id>`) holds no key. The session waits
 * ('awaiting'), across reloads. Their answer is opened, its signature checked against their pin,
 * their key signature checked over the words that were sent, and then given to the machine; when
 * the record is sealed, it goes back to their device the same way, so both hold the same record.
 *
 * On the signer's device: the request is opened (only this device can), checked against the pin
 * of the person who sent it, and kept; they read it, may comment or disagree, sign with their
 * device key and their drawn or typed signature, and send it back (or return it unsigned with a
 * reason). The sealed record that comes back is checked (their own signature must be in it as they
 * gave it, over the same words) before it is imported.
 */
import { documentHashOf, contentHashOf, signedContentOf } from '../../machines/model/seal.ts';
import { currentPin, ownPartyIn, otherParty, recordSignatureStatement, sameKey, trustOfKey, type PinV1, type SenderV1, type SignerCommentV1 } from '../../machines/model/trust.ts';
import type { SessionContentV1, SignatureRequestStateV1, SignatureRole, SignatureV1 } from '../../machines/model/record.ts';
import type { RecordTemplateV1 } from '../../machines/model/template.ts';
import { chainSignatureHolds } from '../db/signatureRepositories.ts';
import { sharingCopy } from '../content/sharingCopy.ts';
import { createReplySlot, fillReplySlot, readReplySlot, revokeShare, shareMessages, storeShare, type ShareResult } from '../share/share.ts';
import type { Repositories } from '../db/repositories.ts';
import type { TrustRepositories } from '../db/trustRepositories.ts';
import { $Signed, signEnvelope, signText, verifyEnvelope, verifyText, type Signed } from './signing.ts';
import { openFromDevice, sealToDevice } from './sealing.ts';
import { $SealedRecordV1, $SignatureReplyV1, $SignatureRequestV1, MESSAGE_FORMAT, type SealedRecordV1, type SignatureReplyV1, type SignatureRequestV1 } from './messages.ts';
import type { IncomingRequestV1, OutgoingRequestV1, SigningDraftV1 } from './rows.ts';

/** How long a request for a signature stays open (an expired one can be sent again). */
export const REQUEST_HOURS = 72;
/** How long the signer's device waits for the sealed record. */
export const DELIVERY_HOURS = 168;

export const remoteMessages = sharingCopy.remoteSigning;

export type RemoteDeps = {
  trust: TrustRepositories;
  repositories: Pick<Repositories, 'sessions' | 'signatures' | 'shares'>;
  now: () => Date;
  newId: () => string;
  origin: string;
  fetcher?: typeof fetch;
};

export function signLink(origin: string, shareId: string): string {
  return `${origin}/#/sign/${shareId}`;
}


/** The record as it travels for signing: what is signed, plus the fields its schema needs; earlier sessions' case history stays here. */
function recordToSend(record: SessionContentV1): SessionContentV1 {
  const { caseHistory: _history, signatureRequest: _request, signatureReturned: _returned, ...rest } = record;
  return { ...rest, refusal: [], contentHash: null };
}

async function opened<T>(deps: RemoteDeps, text: string, schema: Parameters<typeof $Signed>[0]): Promise<Signed<T> | null> {
  const result = await openFromDevice(text, await deps.trust.ownEncryptionKey());
  if (!result.ok) return null;
  const envelope = $Signed(schema).safeParse(result.value);
  if (!envelope.success || !(await verifyEnvelope(envelope.data as Signed<unknown>))) return null;
  return envelope.data as Signed<T>;
}

// ---------------------------------------------------------------------------------------
// The session's device

/** The pin of the party to be asked, if their device is connected here. */
export async function pinFor(trust: TrustRepositories, personId: string, role: SignatureRole): Promise<PinV1 | null> {
  return currentPin(await trust.pins.of(personId), personId, role) ?? null;
}

/** The party this device signs for in a supervision (its person's), or null when it has connected with nobody in it. */
export async function ownPartyFor(trust: TrustRepositories, personId: string): Promise<SignatureRole | null> {
  return ownPartyIn(await trust.pins.of(personId), personId);
}

/**
 * This device's person's key signature for their signature given here: made only when this device
 * speaks for that party in the supervision (it has pinned the other). Null otherwise: they sign by
 * hand, as on any shared device.
 */
export async function keySignatureHere(trust: TrustRepositories, record: SessionContentV1, signature: SignatureV1, comment: SignerCommentV1 | null) {
  if ((await ownPartyFor(trust, record.parties.supervisee.personId)) !== signature.role) return null;
  const statement = recordSignatureStatement({ sessionId: record.sessionId, role: signature.role, documentHash: documentHashOf(record), signature, comment });
  const key = await trust.ownKey();
  return { algorithm: 'ECDSA-P256-SHA256' as const, publicKey: key.publicKey, signature: await signText(key.privateKey, statement) };
}

/**
 * Sends the record to `role`'s device to sign. Answers the request for the machine
 * (`signature.requested`) once it is on the relay and kept here. `renewing`: the request sent again
 * after its link expired (same id, same words).
 */
export async function sendForSignature(
  deps: RemoteDeps,
  input: { template: RecordTemplateV1; record: SessionContentV1; role: SignatureRole; title: string; renewing?: OutgoingRequestV1 },
): Promise<ShareResult<{ state: SignatureRequestStateV1; outgoing: OutgoingRequestV1 }>> {
  const { trust, now, newId, fetcher } = deps;
  const personId = input.record.parties.supervisee.personId;
  const pin = await pinFor(trust, personId, input.role);
  if (!pin) return { ok: false, message: remoteMessages.noPin(input.title) };
  const from = await trust.sender();
  if (!from) return { ok: false, message: remoteMessages.noProfile };
  const slot = await createReplySlot(REQUEST_HOURS, fetcher);
  if (!slot.ok) return slot;
  const at = now();
  const requestId = input.renewing?.requestId ?? newId();
  const expiresAt = new Date(at.getTime() + REQUEST_HOURS * 3_600_000).toISOString();
  const payload: SignatureRequestV1 = {
    format: MESSAGE_FORMAT,
    version: 1,
    kind: 'signatureRequest',
    requestId,
    role: input.role,
    template: input.template,
    record: recordToSend(input.record),
    from,
    chainHead: await trust.heads.own(personId),
    reply: { slotId: slot.value.id, writeToken: slot.value.writeToken },
    sentAt: at.toISOString(),
    expiresAt,
  };
  const sealed = await sealToDevice(pin.encryptionKey, await signEnvelope(payload, await trust.ownKey()));
  const stored = await storeShare(sealed, { expiresInHours: REQUEST_HOURS, oneTime: false }, fetcher);
  if (!stored.ok) {
    await revokeShare(slot.value.id, slot.value.revokeToken, fetcher);
    return stored;
  }
  const documentHash = documentHashOf(input.record);
  const outgoing: OutgoingRequestV1 = {
    direction: 'outgoing',
    requestId,
    sessionId: input.record.sessionId,
    personId,
    role: input.role,
    pinId: pin.id,
    documentHash,
    link: signLink(deps.origin, stored.value.id),
    share: { id: stored.value.id, revokeToken: stored.value.revokeToken },
    slot: { id: slot.value.id, revokeToken: slot.value.revokeToken },
    sentAt: at.toISOString(),
    expiresAt,
    status: 'awaiting',
    reply: null,
    deliveredAt: null,
  };
  await trust.requests.put(outgoing);
  if (input.renewing) await forget(deps, input.renewing);
  return { ok: true, value: { state: { requestId, role: input.role, documentHash, sentAt: outgoing.sentAt, expiresAt }, outgoing } };
}

/** The relay's copies of an outgoing request deleted (its share and its slot). */
async function forget(deps: RemoteDeps, outgoing: Pick<OutgoingRequestV1, 'share' | 'slot'>): Promise<void> {
  for (const held of [outgoing.share, outgoing.slot]) if (held.revokeToken) await revokeShare(held.id, held.revokeToken, deps.fetcher);
}

/** What a look at the reply slot found. `answer`: a reply checked here, for the machine. */
export type ReplyCheck =
  | { kind: 'waiting' }
  | { kind: 'expired' }
  | { kind: 'answer'; outgoing: OutgoingRequestV1; reply: SignatureReplyV1 }
  | { kind: 'refused'; message: string };

/**
 * Looks for the other party's answer. A reply is believed only when its envelope is signed by the
 * key pinned to the party asked, it answers this request and session, and (when signed) their key
 * signature verifies over the words that were sent with their signature and comment. A reply that
 * fails is ignored (the request still waits) and said so. An answer kept earlier is given again.
 */
export async function checkForReply(deps: RemoteDeps, requestId: string): Promise<ShareResult<ReplyCheck>> {
  const { trust, fetcher } = deps;
  const outgoing = await trust.requests.get(requestId);
  if (!outgoing || outgoing.direction !== 'outgoing') return { ok: true, value: { kind: 'expired' } };
  if (outgoing.reply) return { ok: true, value: { kind: 'answer', outgoing, reply: outgoing.reply } };
  if (outgoing.status !== 'awaiting') return { ok: true, value: { kind: 'expired' } };
  const read = await readReplySlot(outgoing.slot.id, fetcher);
  if (!read.ok) return read;
  if (read.value.kind === 'gone') return { ok: true, value: { kind: 'expired' } };
  if (read.value.kind === 'pending') return { ok: true, value: { kind: 'waiting' } };
  const envelope = await opened<SignatureReplyV1>(deps, read.value.ciphertext, $SignatureReplyV1);
  const reply = envelope?.payload;
  const pin = (await trust.pins.of(outgoing.personId)).find((p) => p.id === outgoing.pinId);
  const fromPinned = envelope && pin && sameKey(envelope.signer, pin.publicKey) && sameKey(envelope.payload.from.publicKey, pin.publicKey);
  if (!reply || !fromPinned || reply.requestId !== outgoing.requestId || reply.sessionId !== outgoing.sessionId) return { ok: true, value: { kind: 'refused', message: remoteMessages.badReply } };
  if (reply.outcome.kind === 'signed') {
    const { signature, comment, keySignature } = reply.outcome;
    const statement = recordSignatureStatement({ sessionId: outgoing.sessionId, role: outgoing.role, documentHash: outgoing.documentHash, signature, comment });
    const holds =
      signature.role === outgoing.role && sameKey(keySignature.publicKey, pin.publicKey) && (await verifyText(keySignature.publicKey, keySignature.signature, statement));
    if (!holds) return { ok: true, value: { kind: 'refused', message: remoteMessages.badReply } };
  }
  if (reply.chainHead) await trust.heads.learn(reply.chainHead, trustOfKey(await trust.book(), pin.publicKey, outgoing.personId, outgoing.role));
  const answered: OutgoingRequestV1 = { ...outgoing, status: 'answered', reply };
  await trust.requests.put(answered);
  // Kept here: the relay need not hold the request or the answer any longer.
  await forget(deps, outgoing);
  return { ok: true, value: { kind: 'answer', outgoing: answered, reply } };
}

/** Withdraws a request: the relay deletes it and its slot; a late answer is never taken. */
export async function withdraw(deps: RemoteDeps, requestId: string): Promise<void> {
  const outgoing = await deps.trust.requests.get(requestId);
  if (!outgoing || outgoing.direction !== 'outgoing' || outgoing.status !== 'awaiting') return;
  await forget(deps, outgoing);
  await deps.trust.requests.put({ ...outgoing, status: 'withdrawn' });
}

/**
 * Once the record is sealed here, sends it to the device that signed it (to the slot it gave),
 * sealed to that device, with this device's chain head. Done once; safe to call again.
 */
export async function deliverSealed(deps: RemoteDeps, sessionId: string): Promise<ShareResult<number>> {
  const { trust, repositories, now, fetcher } = deps;
  const stored = await repositories.sessions.get(sessionId);
  if (!stored || stored.row.status !== 'signed') return { ok: true, value: 0 };
  const pending = (await trust.requests.outgoingFor(sessionId)).filter((r) => r.status === 'answered' && r.reply?.outcome.kind === 'signed' && r.reply.delivery);
  let delivered = 0;
  for (const outgoing of pending) {
    const delivery = outgoing.reply?.delivery;
    const pin = (await trust.pins.of(outgoing.personId)).find((p) => p.id === outgoing.pinId);
    const from = await trust.sender();
    if (!delivery || !pin || !from) continue;
    await repositories.signatures.sign(sessionId);
    const chainSignature = await repositories.signatures.get(sessionId);
    if (!chainSignature) continue;
    const payload: SealedRecordV1 = {
      format: MESSAGE_FORMAT,
      version: 1,
      kind: 'sealedRecord',
      requestId: outgoing.requestId,
      template: stored.template,
      record: recordToSealed(stored.record),
      amendments: await repositories.sessions.amendments(sessionId),
      chainSignature,
      from,
      chainHead: await trust.heads.own(outgoing.personId),
      sentAt: now().toISOString(),
    };
    const sealed = await sealToDevice(pin.encryptionKey, await signEnvelope(payload, await trust.ownKey()));
    const filled = await fillReplySlot(delivery.slotId, delivery.writeToken, sealed, fetcher);
    // Already filled: delivered by an earlier try that was cut short.
    if (!filled.ok && filled.message !== shareMessages.replyTaken) return filled;
    await trust.requests.put({ ...outgoing, status: 'delivered', deliveredAt: now().toISOString() });
    delivered += 1;
  }
  return { ok: true, value: delivered };
}

/** A sealed record as it travels: what was sealed, without this device's navigation or earlier sessions' case history. */
function recordToSealed(record: SessionContentV1): SessionContentV1 {
  const { caseHistory: _history, ...rest } = record;
  return { ...rest, refusal: [] };
}

// ---------------------------------------------------------------------------------------
// The signer's device

export const emptyDraft: SigningDraftV1 = { agreement: null, text: '', fullName: '', returnReason: '' };

/**
 * Opens a request sent to this device (`#/sign/<shareId>`) and keeps it: only a request sealed to
 * this device, signed by the key pinned here to the other party of that supervision, asking this
 * device's person to sign. Opening it again gives the one kept.
 */
export async function receiveRequest(deps: RemoteDeps, shareId: string): Promise<ShareResult<IncomingRequestV1>> {
  const { trust, now, fetcher } = deps;
  const kept = (await trust.requests.incomingOpen()).find((r) => r.shareId === shareId);
  if (kept) return { ok: true, value: kept };
  const read = await readReplySlot(shareId, fetcher);
  if (!read.ok) return read;
  if (read.value.kind !== 'filled') return { ok: false, message: shareMessages.gone };
  const result = await openFromDevice(read.value.ciphertext, await trust.ownEncryptionKey());
  if (!result.ok) return { ok: false, message: remoteMessages.notForThisDevice };
  const envelope = $Signed($SignatureRequestV1).safeParse(result.value);
  if (!envelope.success || !(await verifyEnvelope(envelope.data)) || !sameKey(envelope.data.signer, envelope.data.payload.from.publicKey)) {
    return { ok: false, message: remoteMessages.notARequest };
  }
  const request = envelope.data.payload;
  const personId = request.record.parties.supervisee.personId;
  const book = await trust.book();
  const sender = trustOfKey(book, envelope.data.signer, personId, otherParty(request.role));
  if (sender.kind === 'unknown') return { ok: false, message: remoteMessages.unknownSender(sender.fingerprint) };
  if (sender.kind !== 'pinned' || !sender.current) return { ok: false, message: remoteMessages.notConfirmedSender(sender.fingerprint) };
  if (ownPartyIn(book.pins, personId) !== request.role) return { ok: false, message: remoteMessages.notYourRole };
  const existing = await trust.requests.get(request.requestId);
  if (existing?.direction === 'incoming' && existing.status !== 'open') return { ok: true, value: existing };
  if (request.chainHead) await trust.heads.learn(request.chainHead, sender);
  const profile = await trust.profile.get();
  const incoming: IncomingRequestV1 = {
    direction: 'incoming',
    requestId: request.requestId,
    sessionId: request.record.sessionId,
    shareId,
    request,
    senderPinId: sender.pin.id,
    receivedAt: existing?.direction === 'incoming' ? existing.receivedAt : now().toISOString(),
    status: 'open',
    draft: existing?.direction === 'incoming' ? existing.draft : { ...emptyDraft, fullName: profile?.name ?? request.record.parties[request.role].name },
    sent: null,
    delivery: null,
    sealedAt: null,
  };
  await trust.requests.put(incoming);
  return { ok: true, value: incoming };
}

/** Keeps what the signer has written so far (nothing typed is lost). */
export async function saveDraft(deps: RemoteDeps, requestId: string, draft: SigningDraftV1): Promise<void> {
  const incoming = await deps.trust.requests.get(requestId);
  if (incoming?.direction !== 'incoming' || incoming.status !== 'open') return;
  await deps.trust.requests.put({ ...incoming, draft });
}

/** The comment the draft amounts to (none when they simply agree). */
export function commentOf(draft: SigningDraftV1): SignerCommentV1 | null {
  if (draft.agreement === 'comment' && draft.text.trim()) return { kind: 'comment', text: draft.text.trim() };
  if (draft.agreement === 'disagree' && draft.text.trim()) return { kind: 'disagreement', text: draft.text.trim() };
  return null;
}

/**
 * Answers a request: signed (their signature, their comment, their key's signature over the words
 * as they arrived, and where the sealed record should come) or returned unsigned with a reason.
 * Sealed to the sender's pinned device (the key pinned here, not the one the request carries).
 */
export async function answerRequest(
  deps: RemoteDeps,
  requestId: string,
  answer: { kind: 'signed'; signature: SignatureV1; comment: SignerCommentV1 | null } | { kind: 'returned'; reason: string },
): Promise<ShareResult<IncomingRequestV1>> {
  const { trust, now, fetcher } = deps;
  const incoming = await trust.requests.get(requestId);
  if (incoming?.direction !== 'incoming') return { ok: false, message: remoteMessages.notARequest };
  if (incoming.status !== 'open') return { ok: false, message: remoteMessages.alreadySent };
  const { request } = incoming;
  const pin = (await trust.pins.all()).find((p) => p.id === incoming.senderPinId);
  const from = await trust.sender();
  if (!pin) return { ok: false, message: remoteMessages.notConfirmedSender('') };
  if (!from) return { ok: false, message: remoteMessages.noProfile };
  let delivery: IncomingRequestV1['delivery'] = null;
  let outcome: SignatureReplyV1['outcome'];
  let deliverySlot: SignatureReplyV1['delivery'] = null;
  if (answer.kind === 'signed') {
    const documentHash = documentHashOf(request.record);
    const statement = recordSignatureStatement({ sessionId: request.record.sessionId, role: request.role, documentHash, signature: answer.signature, comment: answer.comment });
    const key = await trust.ownKey();
    outcome = { kind: 'signed', signature: answer.signature, comment: answer.comment, keySignature: { algorithm: 'ECDSA-P256-SHA256', publicKey: key.publicKey, signature: await signText(key.privateKey, statement) } };
    const slot = await createReplySlot(DELIVERY_HOURS, fetcher);
    if (!slot.ok) return slot;
    delivery = { id: slot.value.id, revokeToken: slot.value.revokeToken };
    deliverySlot = { slotId: slot.value.id, writeToken: slot.value.writeToken };
  } else {
    outcome = { kind: 'returned', reason: answer.reason.trim() };
  }
  const personId = request.record.parties.supervisee.personId;
  const reply: SignatureReplyV1 = {
    format: MESSAGE_FORMAT,
    version: 1,
    kind: 'signatureReply',
    requestId,
    sessionId: request.record.sessionId,
    outcome,
    from,
    chainHead: await trust.heads.own(personId),
    delivery: deliverySlot,
    sentAt: now().toISOString(),
  };
  const sealed = await sealToDevice(pin.encryptionKey, await signEnvelope(reply, await trust.ownKey()));
  const filled = await fillReplySlot(request.reply.slotId, request.reply.writeToken, sealed, fetcher);
  if (!filled.ok) {
    if (delivery?.revokeToken) await revokeShare(delivery.id, delivery.revokeToken, fetcher);
    return filled;
  }
  const updated: IncomingRequestV1 = { ...incoming, status: answer.kind === 'signed' ? 'sent' : 'returned', sent: reply, delivery };
  await trust.requests.put(updated);
  return { ok: true, value: updated };
}

/**
 * Waits for the sealed record on the signer's device. It is imported only when it comes from the
 * key pinned to the sender, is the record that was sent for signing (same session, same words),
 * holds this device's signature exactly as it was given, its seal holds, and its chain signature is
 * the sender's. Then both devices hold the same sealed record.
 */
export async function checkForSealed(deps: RemoteDeps, requestId: string): Promise<ShareResult<{ kind: 'waiting' } | { kind: 'gone' } | { kind: 'sealed'; sessionId: string }>> {
  const { trust, repositories, now, fetcher } = deps;
  const incoming = await trust.requests.get(requestId);
  if (incoming?.direction !== 'incoming') return { ok: true, value: { kind: 'gone' } };
  if (incoming.status === 'sealed') return { ok: true, value: { kind: 'sealed', sessionId: incoming.sessionId } };
  if (incoming.status !== 'sent' || !incoming.delivery || incoming.sent?.outcome.kind !== 'signed') return { ok: true, value: { kind: 'gone' } };
  const read = await readReplySlot(incoming.delivery.id, fetcher);
  if (!read.ok) return read;
  if (read.value.kind === 'gone') return { ok: true, value: { kind: 'gone' } };
  if (read.value.kind === 'pending') return { ok: true, value: { kind: 'waiting' } };
  const envelope = await opened<SealedRecordV1>(deps, read.value.ciphertext, $SealedRecordV1);
  const pin = (await trust.pins.all()).find((p) => p.id === incoming.senderPinId);
  const sealedRecord = envelope?.payload;
  const mine = incoming.sent.outcome;
  const { request } = incoming;
  const record = sealedRecord?.record;
  const valid =
    envelope &&
    pin &&
    record &&
    sealedRecord &&
    sameKey(envelope.signer, pin.publicKey) &&
    sameKey(sealedRecord.chainSignature.publicKey as { x: string; y: string }, pin.publicKey) &&
    record.sessionId === request.record.sessionId &&
    record.contentHash !== null &&
    contentHashOf(signedContentOf(record)) === record.contentHash &&
    sealedRecord.chainSignature.contentHash === record.contentHash &&
    documentHashOf(record) === documentHashOf(request.record) &&
    JSON.stringify(record.signatures[request.role]) === JSON.stringify(mine.signature) &&
    JSON.stringify(record.keySignatures?.[request.role]) === JSON.stringify(mine.keySignature) &&
    JSON.stringify(record.signerComments?.[request.role] ?? null) === JSON.stringify(mine.comment) &&
    (await chainSignatureHolds(sealedRecord.chainSignature));
  if (!valid || !sealedRecord || !record || !pin) return { ok: false, message: remoteMessages.badSealed };
  await repositories.shares.import({ format: 'safeguarding-supervision/share', version: 1, kind: 'record', template: sealedRecord.template, record, amendments: sealedRecord.amendments, signature: sealedRecord.chainSignature });
  if (sealedRecord.chainHead) await trust.heads.learn(sealedRecord.chainHead, trustOfKey(await trust.book(), pin.publicKey, record.parties.supervisee.personId, otherParty(request.role)));
  await trust.requests.put({ ...incoming, status: 'sealed', sealedAt: now().toISOString() });
  if (incoming.delivery.revokeToken) await revokeShare(incoming.delivery.id, incoming.delivery.revokeToken, fetcher);
  return { ok: true, value: { kind: 'sealed', sessionId: record.sessionId } };
}
