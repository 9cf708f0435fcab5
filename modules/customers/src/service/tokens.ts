import { accessTokenLengthMax } from '@mercato/platform/http';
import { errors, jwtVerify, SignJWT } from 'jose';
import type { Principal, StaffRole } from '../contract.ts';
import * as store from '../store.ts';
import type { CustomersDeps } from './deps.ts';
import { signingAlgorithm } from './keyring.ts';
import type { SessionSnapshot } from './session-cache.ts';

/** RFC 9068: the `typ` of JWT access tokens, so no other JWT of ours can pass as one. */
const accessTokenType = 'at+jwt';

export type TokenSubject = {
  readonly id: string;
  readonly kind: 'customer' | 'staff';
  readonly role: StaffRole | null;
};

/**
 * Signs a short-lived access token for a session with the newest key. `kind` and
 * `role` are informational (for a gateway); this module's own verification reads the
 * account's current kind and role with the session.
 */
export async function issueAccessToken(deps: CustomersDeps, subject: TokenSubject, sessionId: string): Promise<string> {
  const key = await deps.keyring.signingKey();
  const issuedAt = Math.floor(deps.clock.now().getTime() / 1000);
  const claims: Record<string, string> = { sid: sessionId, kind: subject.kind };
  if (subject.role !== null) claims['role'] = subject.role;
  return new SignJWT(claims)
    .setProtectedHeader({ alg: signingAlgorithm, kid: key.kid, typ: accessTokenType })
    .setIssuer(deps.config.issuer)
    .setAudience(deps.config.audience)
    .setSubject(subject.id)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + Math.floor(deps.config.accessTokenTtlMs / 1000))
    .sign(key.privateKey);
}

export function expiresInSeconds(deps: CustomersDeps): number {
  return Math.floor(deps.config.accessTokenTtlMs / 1000);
}

function snapshotOf(row: store.SessionStatusRow): SessionSnapshot {
  return {
    accountId: row.account_id,
    kind: row.kind,
    role: row.role,
    expiresAtMs: row.expires_at.getTime(),
    endedOrDisabled: row.ended_at !== null || row.disabled_at !== null,
  };
}

/**
 * Checks, in order: size; signature by a live key named by `kid`, with EdDSA only (so
 * never `none`, never an HMAC keyed with a public key); `typ`, issuer, audience,
 * expiry, age and lifetime with a small clock tolerance; then that the session is still open
 * and its account enabled. Answers null for any failure; throws only on I/O errors.
 */
export function createAccessTokenVerifier(deps: CustomersDeps) {
  const toleranceSeconds = Math.ceil(deps.config.clockToleranceMs / 1000);
  const ttlSeconds = Math.floor(deps.config.accessTokenTtlMs / 1000);

  return async function verifyAccessToken(token: string): Promise<Principal | null> {
    if (token.length > accessTokenLengthMax) return null;
    let payload: { sub?: unknown; sid?: unknown; iat?: number; exp?: number };
    try {
      const verified = await jwtVerify(
        token,
        async (header) => {
          const key =
            typeof header.kid === 'string' && header.kid.length <= 100
              ? await deps.keyring.verificationKey(header.kid)
              : undefined;
          if (key === undefined) throw new errors.JWKSNoMatchingKey('no live signing key has this kid');
          return key.publicKey;
        },
        {
          algorithms: [signingAlgorithm],
          typ: accessTokenType,
          issuer: deps.config.issuer,
          audience: deps.config.audience,
          clockTolerance: toleranceSeconds,
          maxTokenAge: ttlSeconds + toleranceSeconds,
          currentDate: deps.clock.now(),
          requiredClaims: ['exp', 'iat', 'sub', 'sid'],
        },
      );
      payload = verified.payload;
    } catch (error) {
      if (error instanceof errors.JOSEError) return null;
      throw error;
    }
    const { sub, sid, iat, exp } = payload;
    if (typeof sub !== 'string' || typeof sid !== 'string' || sid.length > 100) return null;
    // We never sign a longer-lived token; one that claims to be is not ours.
    if (iat === undefined || exp === undefined || exp - iat > ttlSeconds) return null;
    const session = await deps.sessions.read(sid, async () => {
      const row = await store.sessionStatus(deps.db, sid);
      return row === undefined ? undefined : snapshotOf(row);
    });
    if (session === undefined || session.endedOrDisabled || session.accountId !== sub) return null;
    if (session.expiresAtMs <= deps.clock.now().getTime()) return null;
    if (session.kind === 'staff' && session.role !== null)
      return { id: sub, kind: 'staff', role: session.role, sessionId: sid };
    return { id: sub, kind: 'customer', sessionId: sid };
  };
}
