/**
 * Capability tokens for a share (revoke) and a reply slot (write): 32 random bytes, base64url
 * (43 characters). The client keeps the token; the database keeps only its SHA-256, so a copy
 * of the database cannot revoke or fill anything. Hashes are compared in constant time.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** The SHA-256 of a token, hex (64 characters): what the database stores. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Two stored-form hashes, compared in constant time; anything not a SHA-256 in hex never matches. */
export function sameHash(stored: string | null, presented: string): boolean {
  if (stored === null || !/^[0-9a-f]{64}$/.test(stored) || !/^[0-9a-f]{64}$/.test(presented)) return false;
  return timingSafeEqual(Buffer.from(stored, 'hex'), Buffer.from(presented, 'hex'));
}
