import type { Tx } from '@mercato/platform/db';
import { ok, type Result } from '@mercato/platform/kernel';
import { customersEvents, type AuthResult, type SessionEndReason, type SessionRevokedData } from '../contract.ts';
import { encodeRefreshToken, refreshTokenBytes, refreshTokenHash } from '../domain/refresh-token.ts';
import * as store from '../store.ts';
import type { CustomersDeps } from './deps.ts';
import { expiresInSeconds, issueAccessToken, type TokenSubject } from './tokens.ts';
import { toCustomer } from './views.ts';

/**
 * Ends sessions inside the caller's transaction: marks them ended, spends their
 * refresh tokens and publishes `customers.session_revoked`. The caller drops the
 * answered ids from the session cache once the transaction has committed (earlier, a
 * concurrent verification could cache the not-yet-ended state again).
 */
export async function endSessionsIn(
  deps: CustomersDeps,
  tx: Tx,
  accountId: string,
  which: { ids: readonly string[] } | { allExcept: string | null },
  reason: SessionEndReason,
): Promise<string[]> {
  const now = deps.clock.now();
  const ended =
    'ids' in which
      ? await store.endSessions(tx, which.ids, reason, now)
      : await store.endAccountSessions(tx, accountId, reason, now, which.allExcept);
  if (ended.length === 0) return ended;
  await store.spendSessionTokens(tx, ended, now);
  const data: SessionRevokedData = { accountId, sessionIds: ended, reason };
  await deps.outbox.append(tx, [{ type: customersEvents.sessionRevoked, data }]);
  return ended;
}

/** A new refresh token for a session; expires with the session at the latest. */
export async function addRefreshToken(
  deps: CustomersDeps,
  tx: Tx,
  sessionId: string,
  sessionExpiresAt: Date,
): Promise<string> {
  const now = deps.clock.now();
  const token = encodeRefreshToken(deps.random(refreshTokenBytes));
  const expiresAtMs = Math.min(now.getTime() + deps.config.refreshTokenTtlMs, sessionExpiresAt.getTime());
  await store.insertRefreshToken(tx, {
    hash: refreshTokenHash(token),
    sessionId,
    createdAt: now,
    expiresAt: new Date(expiresAtMs),
  });
  return token;
}

/**
 * Opens a session in the caller's transaction. An account keeps at most
 * `sessionsPerAccountMax` open sessions: the oldest beyond it end here.
 */
export async function openSessionIn(
  deps: CustomersDeps,
  tx: Tx,
  accountId: string,
): Promise<{ sessionId: string; refreshToken: string; endedIds: string[] }> {
  const now = deps.clock.now();
  const sessionId = deps.ids.next('ses');
  const expiresAt = new Date(now.getTime() + deps.config.sessionTtlMs);
  const beyond = await store.sessionsBeyond(tx, accountId, deps.config.sessionsPerAccountMax - 1);
  const endedIds = await endSessionsIn(deps, tx, accountId, { ids: beyond }, 'sessions_max');
  await store.insertSession(tx, { id: sessionId, accountId, createdAt: now, expiresAt });
  const refreshToken = await addRefreshToken(deps, tx, sessionId, expiresAt);
  return { sessionId, refreshToken, endedIds };
}

/** Signs an account in: a new session, its first token pair and the account as API.md shows it. */
export async function signIn(deps: CustomersDeps, account: store.AccountRow): Promise<Result<AuthResult, never>> {
  const opened = await deps.db.transaction((tx) => openSessionIn(deps, tx, account.id));
  deps.sessions.drop(opened.endedIds);
  return ok(await authResult(deps, account, opened.sessionId, opened.refreshToken));
}

export async function authResult(
  deps: CustomersDeps,
  account: store.AccountRow,
  sessionId: string,
  refreshToken: string,
): Promise<AuthResult> {
  const subject: TokenSubject = { id: account.id, kind: account.kind, role: account.role };
  return {
    customer: toCustomer(account),
    accessToken: await issueAccessToken(deps, subject, sessionId),
    refreshToken,
    expiresIn: expiresInSeconds(deps),
  };
}
