/**
 * Sending a signed record to the other party's device through the server, which never sees it:
 * the record, its amendments and its device signature are encrypted here with a fresh random
 * AES-GCM-256 key; the server stores only the ciphertext (with an expiry and, by default, one
 * read); the key travels only in the link's fragment (`#/receive/<id>/<key>`), which browsers
 * never send to a server. The receiving device decrypts, validates with zod and verifies the
 * record's seal and its signature before it offers to import it.
 *
 * The sender keeps the revoke token the server answers, to withdraw the link (revokeShare). A
 * reply slot is an empty share that another device fills once (createReplySlot, fillReplySlot,
 * readReplySlot), for answers that must come back. sealForShare and openShare are the
 * encryption any payload uses. Every answer from the server is checked with zod; every failure
 * is one of the fixed messages below.
 */
import { z } from 'zod';
import { sharingCopy } from '../content/sharingCopy.ts';
import { $ReflectiveModelV1 } from '../../machines/model/reflectiveModel.ts';
import { $SessionContentV1 } from '../../machines/model/record.ts';
import { $RecordTemplateV1 } from '../../machines/model/template.ts';
import { $PreparationV1, type PreparationV1 } from '../../machines/model/preparation.ts';
import { $AmendmentV1 } from '../../machines/record/amendment.ts';
import { verifyRecord } from '../../machines/record/verify.ts';
import { $RecordSignatureV1 } from '../../machines/record/chain.ts';
import { $ChainHeadV1, $SenderV1, fingerprintOf, publicKeyOf, sameKey, type ChainHeadV1, type PublicKeyV1, type SenderV1 } from '../../machines/model/trust.ts';
import { $RecordId } from '../../machines/model/record.ts';
import { base64UrlToBytes, bytesToBase64Url, parseJsonSafely } from '../crypto/encoding.ts';
import { $Signed, verifyEnvelope, type Signed } from '../trust/signing.ts';
import { chainSignatureHolds } from '../db/signatureRepositories.ts';

export const SHARE_FORMAT = 'safeguarding-supervision/share';
export const SHARE_KEY_BYTES = 32;
const IV_BYTES = 12;

export const $RecordShareV1 = z.strictObject({
  format: z.literal(SHARE_FORMAT),
  version: z.literal(1),
  kind: z.literal('record'),
  template: $RecordTemplateV1,
  record: $SessionContentV1,
  amendments: z.array($AmendmentV1).max(1000),
  signature: $RecordSignatureV1,
  /** Copies of the reflective models its cases used that are not shipped (optional: links made before carry none). */
  models: z.array($ReflectiveModelV1).max(50).optional(),
});
export type SharePayloadV1 = z.infer<typeof $RecordShareV1>;

/** A supervisee's preparation, as sent to the supervisor: only what they marked to bring. */
export const $PreparationShareV1 = z.strictObject({
  format: z.literal(SHARE_FORMAT),
  version: z.literal(1),
  kind: z.literal('preparation'),
  preparation: $PreparationV1,
});
export type PreparationShareV1 = z.infer<typeof $PreparationShareV1>;

export const $AnyShareV1 = z.discriminatedUnion('kind', [$RecordShareV1, $PreparationShareV1]);
export type AnyShareV1 = z.infer<typeof $AnyShareV1>;

/**
 * Version 2: the same payloads saying who sends them (their person and keys) and, for a record,
 * their chain head for that supervisee, inside an envelope signed with the sender's key. The
 * receiving device believes the sender only when that key is its own person's or pinned there.
 */
export const $RecordShareV2 = $RecordShareV1.extend({ version: z.literal(2), from: $SenderV1, chainHead: $ChainHeadV1.nullable() });
export type RecordShareV2 = z.infer<typeof $RecordShareV2>;
export const $PreparationShareV2 = $PreparationShareV1.extend({
  version: z.literal(2),
  from: $SenderV1,
  /** The supervisee's id where it was written: the supervision's id once their devices are connected. */
  personId: $RecordId,
});
export type PreparationShareV2 = z.infer<typeof $PreparationShareV2>;
export const $AnyShareV2 = z.discriminatedUnion('kind', [$RecordShareV2, $PreparationShareV2]);
export type AnyShareV2 = z.infer<typeof $AnyShareV2>;
export const $SignedShareV2 = $Signed($AnyShareV2);
export type SignedShareV2 = Signed<AnyShareV2>;
/** What a link's share holds: a version 1 payload (older senders), or a signed version 2 one. */
export const $ShareContent = z.union([$AnyShareV1, $SignedShareV2]);
export type ShareContent = z.infer<typeof $ShareContent>;

/** The preparation as it may leave the supervisee's device: the items they did not mark to bring stay behind. */
export function preparationShare(preparation: PreparationV1): PreparationShareV1 {
  return {
    format: SHARE_FORMAT,
    version: 1,
    kind: 'preparation',
    preparation: { ...preparation, issues: preparation.issues.filter((i) => i.bring), cases: preparation.cases.filter((c) => c.bring) },
  };
}

const $ShareId = z.string().regex(/^[A-Za-z0-9_-]{22}$/);
const $Token = z.string().regex(/^[A-Za-z0-9_-]{43}$/);
const $Ciphertext = z.string().regex(/^[A-Za-z0-9_-]+$/);
// The server's answers are checked field by field; a field a later server adds is let through
// (z.object, not strictObject), so that an installed app keeps working against a newer server.
const $Created = z.object({ id: $ShareId, expiresAt: z.string(), revokeToken: $Token });
const $SlotCreated = z.object({ id: $ShareId, expiresAt: z.string(), revokeToken: $Token, writeToken: $Token });
const $Fetched = z.object({ ciphertext: $Ciphertext, expiresAt: z.string() });
const $Pending = z.object({ pending: z.literal(true), expiresAt: z.string() });

export const shareMessages = sharingCopy.share;

export type ShareResult<T> = { ok: true; value: T } | { ok: false; message: string };

const associated = new TextEncoder().encode(JSON.stringify([SHARE_FORMAT, 1]));

/**
 * Encrypts a JSON payload for the share server: AES-GCM-256 under `keyBytes` (32 random bytes,
 * which travel only in a link's fragment), a fresh 12-byte IV, the share format as associated
 * data. Answers the IV followed by the ciphertext and tag, base64url.
 */
export async function sealForShare(payload: unknown, keyBytes: Uint8Array<ArrayBuffer>): Promise<string> {
  if (keyBytes.length !== SHARE_KEY_BYTES) throw new Error(`A share key is ${SHARE_KEY_BYTES} bytes`);
  const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const key = await crypto.subtle.importKey('raw', keyBytes, 'AES-GCM', false, ['encrypt']);
  const sealed = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: associated }, key, new TextEncoder().encode(JSON.stringify(payload))));
  const blob = new Uint8Array(iv.length + sealed.length);
  blob.set(iv);
  blob.set(sealed, iv.length);
  return bytesToBase64Url(blob);
}

/**
 * Opens what sealForShare made: the parsed JSON (still to be checked with the payload's own
 * schema), or why not: `damaged` when the key does not fit or it was changed, `notARecord` when
 * it opens to something that is not JSON.
 */
export async function openShare(blobText: string, keyBytes: Uint8Array<ArrayBuffer>): Promise<ShareResult<unknown>> {
  const blob = base64UrlToBytes(blobText);
  if (blob === undefined || blob.length <= IV_BYTES + 16 || keyBytes.length !== SHARE_KEY_BYTES) return { ok: false, message: shareMessages.damaged };
  let plaintext: ArrayBuffer;
  try {
    const key = await crypto.subtle.importKey('raw', keyBytes, 'AES-GCM', false, ['decrypt']);
    plaintext = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: blob.slice(0, IV_BYTES), additionalData: associated }, key, blob.slice(IV_BYTES));
  } catch {
    return { ok: false, message: shareMessages.damaged };
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(plaintext);
  } catch {
    return { ok: false, message: shareMessages.notARecord };
  }
  const json = parseJsonSafely(text);
  return json.ok ? { ok: true, value: json.value } : { ok: false, message: shareMessages.notARecord };
}

/** A request to the share server; null when it could not be reached. Never sends cookies or a referrer. */
async function request(fetcher: typeof fetch, path: string, init: RequestInit = {}): Promise<Response | null> {
  try {
    return await fetcher(path, { ...init, credentials: 'omit', referrerPolicy: 'no-referrer' });
  } catch {
    return null;
  }
}

const jsonRequest = (method: 'POST' | 'PUT', body: unknown, token?: string): RequestInit => ({
  method,
  headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
  body: JSON.stringify(body),
});

/** What an answer that is not the one hoped for means to the person using the app. */
function failureOf(status: number): string {
  if (status === 413) return shareMessages.tooLarge;
  if (status === 429) return shareMessages.busy;
  if (status === 507) return shareMessages.full;
  return status >= 500 ? shareMessages.unreachable : shareMessages.refused;
}

const answer = async (response: Response): Promise<unknown> => response.json().catch(() => null);

export type SentShare = { id: string; key: string; expiresAt: string; revokeToken: string };

/** Encrypts and sends; the result's id and key make the link, its revoke token withdraws it. A failure sends nothing. */
export async function sendShare(
  payload: ShareContent,
  options: { expiresInHours: number; oneTime: boolean },
  fetcher: typeof fetch = fetch,
): Promise<ShareResult<SentShare>> {
  const checked = $ShareContent.parse(payload);
  const keyBytes = crypto.getRandomValues(new Uint8Array(SHARE_KEY_BYTES));
  const stored = await storeShare(await sealForShare(checked, keyBytes), options, fetcher);
  return stored.ok ? { ok: true, value: { ...stored.value, key: bytesToBase64Url(keyBytes) } } : stored;
}

/** A stored share: its id, expiry and the token that revokes it. */
export type StoredShare = { id: string; expiresAt: string; revokeToken: string };

/** Stores ciphertext already sealed (with a link's key, or to a device) as a share. A failure stores nothing. */
export async function storeShare(ciphertext: string, options: { expiresInHours: number; oneTime: boolean }, fetcher: typeof fetch = fetch): Promise<ShareResult<StoredShare>> {
  const response = await request(fetcher, '/api/shares', jsonRequest('POST', { ciphertext, expiresInHours: options.expiresInHours, oneTime: options.oneTime }));
  if (!response) return { ok: false, message: shareMessages.unreachable };
  if (response.status !== 201) return { ok: false, message: failureOf(response.status) };
  const created = $Created.safeParse(await answer(response));
  if (!created.success) return { ok: false, message: shareMessages.refused };
  return { ok: true, value: { id: created.data.id, expiresAt: created.data.expiresAt, revokeToken: created.data.revokeToken } };
}

/**
 * Withdraws a share: the server deletes it at once and it can no longer be opened. 'alreadyGone'
 * when it had expired, been opened (one-time) or been revoked already: the server holds nothing.
 */
export async function revokeShare(id: string, revokeToken: string, fetcher: typeof fetch = fetch): Promise<ShareResult<'revoked' | 'alreadyGone'>> {
  if (!$ShareId.safeParse(id).success || !$Token.safeParse(revokeToken).success) return { ok: false, message: shareMessages.revokeRefused };
  const response = await request(fetcher, `/api/shares/${id}`, { method: 'DELETE', headers: { Authorization: `Bearer ${revokeToken}` } });
  if (!response) return { ok: false, message: shareMessages.unreachable };
  if (response.status === 204) return { ok: true, value: 'revoked' };
  if (response.status === 404) return { ok: true, value: 'alreadyGone' };
  if (response.status === 403) return { ok: false, message: shareMessages.revokeRefused };
  return { ok: false, message: failureOf(response.status) };
}

/** An empty share another device fills once (with `writeToken`) and this one reads (by `id`), then deletes (with `revokeToken`). */
export type ReplySlot = { id: string; expiresAt: string; revokeToken: string; writeToken: string };

/** Asks the server for a reply slot, open for `expiresInHours` (1 to 168). */
export async function createReplySlot(expiresInHours: number, fetcher: typeof fetch = fetch): Promise<ShareResult<ReplySlot>> {
  const response = await request(fetcher, '/api/shares', jsonRequest('POST', { slot: true, expiresInHours }));
  if (!response) return { ok: false, message: shareMessages.unreachable };
  if (response.status !== 201) return { ok: false, message: failureOf(response.status) };
  const created = $SlotCreated.safeParse(await answer(response));
  if (!created.success) return { ok: false, message: shareMessages.refused };
  return { ok: true, value: created.data };
}

/** Fills a reply slot with ciphertext (from sealForShare); a slot takes one reply only. */
export async function fillReplySlot(id: string, writeToken: string, ciphertext: string, fetcher: typeof fetch = fetch): Promise<ShareResult<null>> {
  if (!$ShareId.safeParse(id).success || !$Token.safeParse(writeToken).success) return { ok: false, message: shareMessages.notALink };
  const response = await request(fetcher, `/api/shares/${id}`, jsonRequest('PUT', { ciphertext }, writeToken));
  if (!response) return { ok: false, message: shareMessages.unreachable };
  if (response.status === 204) return { ok: true, value: null };
  if (response.status === 404) return { ok: false, message: shareMessages.gone };
  if (response.status === 403) return { ok: false, message: shareMessages.replyRefused };
  if (response.status === 409) return { ok: false, message: shareMessages.replyTaken };
  return { ok: false, message: failureOf(response.status) };
}

export type ReplySlotState = { kind: 'pending'; expiresAt: string } | { kind: 'filled'; ciphertext: string; expiresAt: string } | { kind: 'gone' };

/** What a reply slot holds: nothing yet, the reply's ciphertext (not consumed: revoke it once kept), or nothing any more. */
export async function readReplySlot(id: string, fetcher: typeof fetch = fetch): Promise<ShareResult<ReplySlotState>> {
  if (!$ShareId.safeParse(id).success) return { ok: false, message: shareMessages.notALink };
  const response = await request(fetcher, `/api/shares/${id}`);
  if (!response) return { ok: false, message: shareMessages.unreachable };
  if (response.status === 404) return { ok: true, value: { kind: 'gone' } };
  if (response.status === 202) {
    const pending = $Pending.safeParse(await answer(response));
    return pending.success ? { ok: true, value: { kind: 'pending', expiresAt: pending.data.expiresAt } } : { ok: false, message: shareMessages.damaged };
  }
  if (response.status !== 200) return { ok: false, message: response.status === 429 ? shareMessages.busy : shareMessages.unreachable };
  const filled = $Fetched.safeParse(await answer(response));
  return filled.success ? { ok: true, value: { kind: 'filled', ciphertext: filled.data.ciphertext, expiresAt: filled.data.expiresAt } } : { ok: false, message: shareMessages.damaged };
}

/** Who sent a version 2 share: what they say, and the key whose signature on the envelope holds. */
export type ShareSender = { from: SenderV1; key: PublicKeyV1; chainHead: ChainHeadV1 | null };

export type ReceivedShare =
  | {
      kind: 'record';
      /** The record as it is imported (the version 1 shape: record, amendments, chain signature). */
      payload: SharePayloadV1;
      /** Null for a version 1 share (it says nobody sent it). */
      sender: ShareSender | null;
      /** The record's seal and its chain signature, checked with the key it carries (whose key that is, is for the key book). */
      verified: { seal: ReturnType<typeof verifyRecord>['status']; signature: boolean; fingerprint: string };
    }
  | { kind: 'preparation'; payload: PreparationShareV1; sender: ShareSender | null; personId: string | null };

/** Fetches, decrypts and checks a share. Nothing is written. */
export async function receiveShare(id: string, keyText: string, fetcher: typeof fetch = fetch): Promise<ShareResult<ReceivedShare>> {
  const keyBytes = base64UrlToBytes(keyText);
  if (!$ShareId.safeParse(id).success || keyBytes === undefined || keyBytes.length !== SHARE_KEY_BYTES) return { ok: false, message: shareMessages.notALink };
  const response = await request(fetcher, `/api/shares/${id}`);
  if (!response) return { ok: false, message: shareMessages.unreachable };
  if (response.status === 404) return { ok: false, message: shareMessages.gone };
  if (!response.ok) return { ok: false, message: response.status === 429 ? shareMessages.busy : shareMessages.unreachable };
  const fetched = $Fetched.safeParse(await answer(response));
  if (!fetched.success) return { ok: false, message: shareMessages.damaged };
  const opened = await openShare(fetched.data.ciphertext, keyBytes);
  if (!opened.ok) return opened;
  const content = $ShareContent.safeParse(opened.value);
  if (!content.success) return { ok: false, message: shareMessages.notARecord };
  let payload: AnyShareV1;
  let sender: ShareSender | null = null;
  let personId: string | null = null;
  if ('signer' in content.data) {
    const envelope = content.data;
    // The envelope is signed by the key the sender says is theirs, or it is not believed at all.
    if (!sameKey(envelope.signer, envelope.payload.from.publicKey) || !(await verifyEnvelope(envelope))) return { ok: false, message: shareMessages.damaged };
    const { version: _v, from, ...rest } = envelope.payload;
    if (rest.kind === 'record') {
      const { chainHead, ...record } = rest;
      payload = { ...record, version: 1 };
      sender = { from, key: envelope.signer, chainHead };
    } else {
      const { personId: writtenFor, ...preparation } = rest;
      payload = { ...preparation, version: 1 };
      sender = { from, key: envelope.signer, chainHead: null };
      personId = writtenFor;
    }
  } else {
    payload = content.data;
  }
  if (payload.kind === 'preparation') return { ok: true, value: { kind: 'preparation', payload, sender, personId } };
  return { ok: true, value: { kind: 'record', payload, sender, verified: await verifyShare(payload) } };
}

/** The seal recomputed, and the chain signature over its link checked with the key it carries. */
export async function verifyShare(payload: SharePayloadV1): Promise<Extract<ReceivedShare, { kind: 'record' }>['verified']> {
  const seal = verifyRecord(payload.record, payload.amendments).status;
  const { signature } = payload;
  const signed = signature.contentHash === payload.record.contentHash && (await chainSignatureHolds(signature));
  return { seal, signature: signed, fingerprint: fingerprintOf(publicKeyOf(signature.publicKey)) };
}

export function shareLink(origin: string, sent: SentShare): string {
  return `${origin}/#/receive/${sent.id}/${sent.key}`;
}
