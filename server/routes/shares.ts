/**
 * Encrypted sharing. POST stores a client-encrypted share (ciphertext only, an expiry, an
 * optional one-time read), or an empty reply slot, and answers its id with the tokens that
 * govern it; GET answers the ciphertext once (one-time) or until it expires; DELETE revokes a
 * share with its revoke token; PUT fills a reply slot once with its write token. Bodies are
 * checked with zod (an empty object is refused); answers are fixed messages; nothing a share
 * holds, and no token, is logged.
 */
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { ShareStore } from '../storage/shares.ts';
import { TOKEN_PATTERN, hashToken, newToken } from '../storage/tokens.ts';

/** The largest ciphertext a share or a reply may hold, in characters (base64url, so bytes). */
export const DEFAULT_SHARE_MAX_BYTES = 1_500_000;
/** The most ciphertext all shares together may hold: 512 MiB. */
export const DEFAULT_SHARES_QUOTA_BYTES = 512 * 1024 * 1024;

/** The client's AES-GCM output (IV then ciphertext and tag), base64url. Its length is checked apart (413). */
const $Ciphertext = z.string().min(40).regex(/^[A-Za-z0-9_-]+$/);
const $ExpiresInHours = z.number().int().min(1).max(168);

/** A share, or an empty reply slot that someone else fills once (PUT) and the creator reads. */
export const $ShareRequest = z.union([
  z.strictObject({ ciphertext: $Ciphertext, expiresInHours: $ExpiresInHours, oneTime: z.boolean() }),
  z.strictObject({ slot: z.literal(true), expiresInHours: $ExpiresInHours }),
]);
/** What fills a reply slot. */
export const $FillRequest = z.strictObject({ ciphertext: $Ciphertext });

const $ShareId = z.string().regex(/^[A-Za-z0-9_-]{22}$/);

/**
 * Expired shares are deleted at most this often, on a store request: never served meanwhile
 * (`take` checks the expiry), and a purge on every request was a round trip per share on
 * PostgreSQL (measured: 658–726 → 499–532 µs of server CPU a request without it).
 */
export const PURGE_EVERY_MS = 60_000;

export type SharesRouteOptions = {
  /** Largest ciphertext of one share or reply, in characters (default 1,500,000): 413 above it. */
  maxBytes?: number;
  /** Most ciphertext all shares may hold together (default 512 MiB): 507 when a share would not fit. */
  quotaBytes?: number;
};

const messages = {
  notJson: 'The request is not valid JSON',
  notAShare: 'The request is not a valid share',
  notAReply: 'The request is not a valid reply',
  gone: 'This share does not exist, has expired, or has already been opened',
  goneOrRevoked: 'This share does not exist, has expired, or has already been revoked',
  cannotRevoke: 'This share cannot be revoked without its revoke token',
  cannotFill: 'This reply slot cannot be filled without its write token',
  alreadyFilled: 'This reply slot has already been filled',
  full: 'The server’s storage for shares is full: try again later',
} as const;

/** The token in `Authorization: Bearer <token>`, if it has a token's form. */
function bearerToken(c: Context): string | null {
  const match = /^Bearer ([A-Za-z0-9_-]+)$/i.exec(c.req.header('Authorization') ?? '');
  const token = match?.[1];
  return token !== undefined && TOKEN_PATTERN.test(token) ? token : null;
}

async function jsonBody(c: Context): Promise<{ ok: true; value: unknown } | { ok: false }> {
  try {
    return { ok: true, value: await c.req.json() };
  } catch {
    return { ok: false };
  }
}

export function sharesRoute(store: ShareStore, now: () => number, options: SharesRouteOptions = {}) {
  const maxBytes = options.maxBytes ?? DEFAULT_SHARE_MAX_BYTES;
  const quotaBytes = options.quotaBytes ?? DEFAULT_SHARES_QUOTA_BYTES;
  const tooLarge = `The share is too large: this server takes at most ${maxBytes} characters of ciphertext`;
  let purgedAt = Number.NEGATIVE_INFINITY;
  // One purge at a time: requests refused for room at once wait for the same one.
  let purging: Promise<void> | null = null;
  const purgeNow = (at: number): Promise<void> => {
    purgedAt = at;
    purging ??= store.purge(at).then(
      () => void (purging = null),
      (e: unknown) => {
        purging = null;
        throw e;
      },
    );
    return purging;
  };

  return new Hono()
    .post('/', async (c) => {
      const body = await jsonBody(c);
      if (!body.ok) return c.json({ error: messages.notJson }, 400);
      const parsed = $ShareRequest.safeParse(body.value);
      if (!parsed.success) return c.json({ error: messages.notAShare }, 400);
      const request = parsed.data;
      const ciphertext = 'ciphertext' in request ? request.ciphertext : null;
      if (ciphertext !== null && ciphertext.length > maxBytes) return c.json({ error: tooLarge }, 413);
      const at = now();
      if (at - purgedAt >= PURGE_EVERY_MS) await purgeNow(at);
      const expiresAt = at + request.expiresInHours * 3_600_000;
      const revokeToken = newToken();
      const writeToken = ciphertext === null ? newToken() : null;
      const input = {
        ciphertext,
        expiresAt,
        oneTime: 'oneTime' in request ? request.oneTime : false,
        now: at,
        revokeHash: hashToken(revokeToken),
        writeHash: writeToken === null ? null : hashToken(writeToken),
        quotaBytes,
      };
      let stored = await store.put(input);
      // Full: what has expired may make room (nothing that has not is ever evicted); then once more.
      if (!stored.ok) {
        await purgeNow(at);
        stored = await store.put(input);
      }
      if (!stored.ok) return c.json({ error: messages.full }, 507);
      const created = { id: stored.id, expiresAt: new Date(expiresAt).toISOString(), revokeToken };
      return c.json(writeToken === null ? created : { ...created, writeToken }, 201);
    })
    .get('/:id', async (c) => {
      const id = $ShareId.safeParse(c.req.param('id'));
      const share = id.success ? await store.take(id.data, now()) : null;
      if (!share) return c.json({ error: messages.gone }, 404);
      const expiresAt = new Date(share.expiresAt).toISOString();
      // An empty reply slot: nothing yet, and nothing consumed.
      if (share.state === 'pending') return c.json({ pending: true as const, expiresAt }, 202);
      return c.json({ ciphertext: share.ciphertext, expiresAt }, 200);
    })
    .delete('/:id', async (c) => {
      const id = $ShareId.safeParse(c.req.param('id'));
      const token = bearerToken(c);
      if (!token) return c.json({ error: messages.cannotRevoke }, 403);
      const result = id.success ? await store.revoke(id.data, hashToken(token), now()) : 'notFound';
      if (result === 'forbidden') return c.json({ error: messages.cannotRevoke }, 403);
      if (result === 'notFound') return c.json({ error: messages.goneOrRevoked }, 404);
      return c.body(null, 204);
    })
    .put('/:id', async (c) => {
      const id = $ShareId.safeParse(c.req.param('id'));
      const token = bearerToken(c);
      if (!token) return c.json({ error: messages.cannotFill }, 403);
      const body = await jsonBody(c);
      if (!body.ok) return c.json({ error: messages.notJson }, 400);
      const parsed = $FillRequest.safeParse(body.value);
      if (!parsed.success) return c.json({ error: messages.notAReply }, 400);
      const { ciphertext } = parsed.data;
      if (ciphertext.length > maxBytes) return c.json({ error: tooLarge }, 413);
      if (!id.success) return c.json({ error: messages.goneOrRevoked }, 404);
      const at = now();
      let result = await store.fill(id.data, hashToken(token), ciphertext, at, quotaBytes);
      if (result === 'full') {
        await purgeNow(at);
        result = await store.fill(id.data, hashToken(token), ciphertext, at, quotaBytes);
      }
      switch (result) {
        case 'filled':
          return c.body(null, 204);
        case 'notFound':
          return c.json({ error: messages.goneOrRevoked }, 404);
        case 'forbidden':
          return c.json({ error: messages.cannotFill }, 403);
        case 'alreadyFilled':
          return c.json({ error: messages.alreadyFilled }, 409);
        case 'full':
          return c.json({ error: messages.full }, 507);
      }
    });
}
