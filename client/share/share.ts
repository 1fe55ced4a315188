/**
 * Sending a signed record to the other party's device through the server, which never sees it:
 * the record, its amendments and its device signature are encrypted here with a fresh random
 * AES-GCM-256 key; the server stores only the ciphertext (with an expiry and, by default, one
 * read); the key travels only in the link's fragment (`#/receive/<id>/<key>`), which browsers
 * never send to a server. The receiving device decrypts, validates with zod and verifies the
 * record's seal and its signature before it offers to import it.
 */
import { z } from 'zod';
import { $SessionContentV1 } from '../../machines/model/record.ts';
import { $RecordTemplateV1 } from '../../machines/model/template.ts';
import { $PreparationV1, type PreparationV1 } from '../../machines/model/preparation.ts';
import { $AmendmentV1 } from '../../machines/record/amendment.ts';
import { chainLinkOf } from '../../machines/record/chain.ts';
import { verifyRecord } from '../../machines/record/verify.ts';
import { $RecordSignatureV1, fingerprintOf } from '../db/signatureRepositories.ts';
import { base64ToBytes, base64UrlToBytes, bytesToBase64Url, parseJsonSafely } from '../crypto/encoding.ts';

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

/** The preparation as it may leave the supervisee's device: the items they did not mark to bring stay behind. */
export function preparationShare(preparation: PreparationV1): PreparationShareV1 {
  return {
    format: SHARE_FORMAT,
    version: 1,
    kind: 'preparation',
    preparation: { ...preparation, issues: preparation.issues.filter((i) => i.bring), cases: preparation.cases.filter((c) => c.bring) },
  };
}

// A field a later server adds is let through (z.object, not strictObject): the server now
// answers a revoke token too, and an installed app must keep working against a newer server.
const $Created = z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{22}$/), expiresAt: z.string(), revokeToken: z.string().regex(/^[A-Za-z0-9_-]{43}$/) });
const $Fetched = z.strictObject({ ciphertext: z.string().regex(/^[A-Za-z0-9_-]+$/), expiresAt: z.string() });

export const shareMessages = {
  unreachable: 'The server could not be reached. Nothing was sent, and the record on this device is unchanged. Check the connection and try again.',
  refused: 'The server refused the record. Nothing was sent. Try again; if it keeps happening, the record may be too large to send.',
  gone: 'This link has expired, has already been opened, or does not exist. Ask the sender for a new link.',
  notALink: 'This link is not complete: it needs the part after the last “/”. Ask the sender for the whole link.',
  damaged: 'What arrived could not be opened: the link’s key does not fit it, or it was changed on the way. Nothing has been imported.',
  notARecord: 'What arrived is not a supervision record or preparation this app can read. Nothing has been imported.',
} as const;

export type ShareResult<T> = { ok: true; value: T } | { ok: false; message: string };

const associated = new TextEncoder().encode(JSON.stringify([SHARE_FORMAT, 1]));

export type SentShare = { id: string; key: string; expiresAt: string; revokeToken: string };

/** Encrypts and sends; the result's id and key make the link. A failure sends nothing. */
export async function sendShare(
  payload: AnyShareV1,
  options: { expiresInHours: number; oneTime: boolean },
  fetcher: typeof fetch = fetch,
): Promise<ShareResult<SentShare>> {
  const checked = $AnyShareV1.parse(payload);
  const keyBytes = crypto.getRandomValues(new Uint8Array(SHARE_KEY_BYTES));
  const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const key = await crypto.subtle.importKey('raw', keyBytes, 'AES-GCM', false, ['encrypt']);
  const sealed = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: associated }, key, new TextEncoder().encode(JSON.stringify(checked))));
  const blob = new Uint8Array(iv.length + sealed.length);
  blob.set(iv);
  blob.set(sealed, iv.length);
  let response: Response;
  try {
    response = await fetcher('/api/shares', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ ciphertext: bytesToBase64Url(blob), expiresInHours: options.expiresInHours, oneTime: options.oneTime }),
      credentials: 'omit',
      referrerPolicy: 'no-referrer',
    });
  } catch {
    return { ok: false, message: shareMessages.unreachable };
  }
  if (!response.ok) return { ok: false, message: response.status >= 500 || response.status === 429 ? shareMessages.unreachable : shareMessages.refused };
  const created = $Created.safeParse(await response.json().catch(() => null));
  if (!created.success) return { ok: false, message: shareMessages.refused };
  return { ok: true, value: { id: created.data.id, key: bytesToBase64Url(keyBytes), expiresAt: created.data.expiresAt, revokeToken: created.data.revokeToken } };
}

export type ReceivedShare =
  | {
      kind: 'record';
      payload: SharePayloadV1;
      /** The record's seal and its device signature, both checked. */
      verified: { seal: ReturnType<typeof verifyRecord>['status']; signature: boolean; fingerprint: string };
    }
  | { kind: 'preparation'; payload: PreparationShareV1 };

/** Fetches, decrypts and checks a share. Nothing is written. */
export async function receiveShare(id: string, keyText: string, fetcher: typeof fetch = fetch): Promise<ShareResult<ReceivedShare>> {
  const keyBytes = base64UrlToBytes(keyText);
  if (!/^[A-Za-z0-9_-]{22}$/.test(id) || keyBytes === undefined || keyBytes.length !== SHARE_KEY_BYTES) return { ok: false, message: shareMessages.notALink };
  let response: Response;
  try {
    response = await fetcher(`/api/shares/${id}`, { credentials: 'omit', referrerPolicy: 'no-referrer' });
  } catch {
    return { ok: false, message: shareMessages.unreachable };
  }
  if (response.status === 404) return { ok: false, message: shareMessages.gone };
  if (!response.ok) return { ok: false, message: shareMessages.unreachable };
  const fetched = $Fetched.safeParse(await response.json().catch(() => null));
  const blob = fetched.success ? base64UrlToBytes(fetched.data.ciphertext) : undefined;
  if (blob === undefined || blob.length <= IV_BYTES + 16) return { ok: false, message: shareMessages.damaged };
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
  if (!json.ok) return { ok: false, message: shareMessages.notARecord };
  const payload = $AnyShareV1.safeParse(json.value);
  if (!payload.success) return { ok: false, message: shareMessages.notARecord };
  if (payload.data.kind === 'preparation') return { ok: true, value: { kind: 'preparation', payload: payload.data } };
  return { ok: true, value: { kind: 'record', payload: payload.data, verified: await verifyShare(payload.data) } };
}

/** The seal recomputed, and the device signature over the chain link checked with the key it carries. */
export async function verifyShare(payload: SharePayloadV1): Promise<Extract<ReceivedShare, { kind: 'record' }>['verified']> {
  const seal = verifyRecord(payload.record, payload.amendments).status;
  const { signature } = payload;
  const linkOk = signature.contentHash === payload.record.contentHash && chainLinkOf(signature.prev, signature.contentHash) === signature.link;
  let signed = false;
  try {
    const key = await crypto.subtle.importKey('jwk', signature.publicKey, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['verify']);
    const bytes = base64ToBytes(signature.signature);
    signed = linkOk && bytes !== undefined && (await crypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, key, bytes, new TextEncoder().encode(signature.link)));
  } catch {
    signed = false;
  }
  return { seal, signature: signed, fingerprint: await fingerprintOf(signature.publicKey) };
}

export function shareLink(origin: string, sent: SentShare): string {
  return `${origin}/#/receive/${sent.id}/${sent.key}`;
}
