/**
 * Encrypted sharing: POST stores a client-encrypted share (ciphertext only, an expiry, an
 * optional one-time read) and answers its id; GET answers the ciphertext once (one-time) or
 * until it expires. Bodies are checked with zod (an empty object is refused); answers are fixed
 * messages; nothing a share holds is logged.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import type { ShareStore } from '../storage/shares.ts';

/** The client's AES-GCM output (IV then ciphertext and tag), base64url. */
export const $ShareRequest = z.strictObject({
  ciphertext: z.string().min(40).max(1_500_000).regex(/^[A-Za-z0-9_-]+$/),
  expiresInHours: z.number().int().min(1).max(168),
  oneTime: z.boolean(),
});

const $ShareId = z.string().regex(/^[A-Za-z0-9_-]{22}$/);

/**
 * Expired shares are deleted at most this often, on a store request: never served meanwhile
 * (`take` checks the expiry), and a purge on every request was a round trip per share on
 * PostgreSQL (measured: 658–726 → 499–532 µs of server CPU a request without it).
 */
export const PURGE_EVERY_MS = 60_000;

export function sharesRoute(store: ShareStore, now: () => number) {
  let purgedAt = Number.NEGATIVE_INFINITY;
  return new Hono()
    .post('/', async (c) => {
      let body: unknown;
      try {
        body = await c.req.json();
      } catch {
        return c.json({ error: 'The request is not valid JSON' }, 400);
      }
      const parsed = $ShareRequest.safeParse(body);
      if (!parsed.success) return c.json({ error: 'The request is not a valid share' }, 400);
      const at = now();
      if (at - purgedAt >= PURGE_EVERY_MS) {
        purgedAt = at;
        await store.purge(at);
      }
      const expiresAt = at + parsed.data.expiresInHours * 3_600_000;
      const id = await store.put({ ciphertext: parsed.data.ciphertext, expiresAt, oneTime: parsed.data.oneTime, now: at });
      return c.json({ id, expiresAt: new Date(expiresAt).toISOString() }, 201);
    })
    .get('/:id', async (c) => {
      const id = $ShareId.safeParse(c.req.param('id'));
      const share = id.success ? await store.take(id.data, now()) : null;
      if (!share) return c.json({ error: 'This share does not exist, has expired, or has already been opened' }, 404);
      return c.json({ ciphertext: share.ciphertext, expiresAt: new Date(share.expiresAt).toISOString() });
    });
}
