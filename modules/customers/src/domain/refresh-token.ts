import { createHash } from 'node:crypto';

/**
 * Refresh tokens are opaque: 256 random bits, base64url. Only their sha-256 is stored,
 * so a copy of the table cannot be replayed; a fast hash suffices because the token
 * has full entropy (nothing to guess, unlike a password).
 */
export const refreshTokenBytes = 32;
const shape = /^[A-Za-z0-9_-]{43}$/;

export function encodeRefreshToken(random: Uint8Array): string {
  return Buffer.from(random).toString('base64url');
}

/** Whether a presented string can be a refresh token at all (checked before any lookup). */
export function isRefreshTokenShape(token: string): boolean {
  return shape.test(token);
}

export function refreshTokenHash(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
