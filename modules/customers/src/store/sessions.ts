import type { Queryable } from '@mercato/platform/db';
import type { SessionEndReason, StaffRole } from '../contract.ts';

export async function insertSession(
  q: Queryable,
  session: { id: string; accountId: string; createdAt: Date; expiresAt: Date },
): Promise<void> {
  await q.query('INSERT INTO customers.sessions (id, account_id, created_at, expires_at) VALUES ($1, $2, $3, $4)', [
    session.id,
    session.accountId,
    session.createdAt,
    session.expiresAt,
  ]);
}

/** Open sessions of an account beyond the newest `keep`, oldest last (at most 100 a call). */
export async function sessionsBeyond(q: Queryable, accountId: string, keep: number): Promise<string[]> {
  const result = await q.query<{ id: string }>(
    `SELECT id FROM customers.sessions WHERE account_id = $1 AND ended_at IS NULL
     ORDER BY created_at DESC, id DESC OFFSET $2 LIMIT 100`,
    [accountId, keep],
  );
  return result.rows.map((row) => row.id);
}

/** Ends the given sessions that are still open; answers those it ended. */
export async function endSessions(
  q: Queryable,
  ids: readonly string[],
  reason: SessionEndReason,
  now: Date,
): Promise<string[]> {
  if (ids.length === 0) return [];
  const result = await q.query<{ id: string }>(
    `UPDATE customers.sessions SET ended_at = $2, end_reason = $3
     WHERE id = ANY($1::text[]) AND ended_at IS NULL RETURNING id`,
    [ids, now, reason],
  );
  return result.rows.map((row) => row.id);
}

/**
 * Ends the open sessions of an account, except one (the caller's own, on a password
 * change). Bounded: an account has at most `sessionsPerAccountMax` open sessions.
 */
export async function endAccountSessions(
  q: Queryable,
  accountId: string,
  reason: SessionEndReason,
  now: Date,
  exceptId: string | null,
): Promise<string[]> {
  const result = await q.query<{ id: string }>(
    `UPDATE customers.sessions SET ended_at = $2, end_reason = $3
     WHERE account_id = $1 AND ended_at IS NULL AND ($4::text IS NULL OR id <> $4) RETURNING id`,
    [accountId, now, reason, exceptId],
  );
  return result.rows.map((row) => row.id);
}

export type SessionStatusRow = {
  account_id: string;
  kind: 'customer' | 'staff';
  role: StaffRole | null;
  expires_at: Date;
  ended_at: Date | null;
  disabled_at: Date | null;
};

/** What verifying an access token needs to know of its session and account. */
export async function sessionStatus(
  q: Queryable,
  sessionId: string,
  lock = false,
): Promise<SessionStatusRow | undefined> {
  const result = await q.query<SessionStatusRow>(
    `SELECT s.account_id, a.kind, a.role, s.expires_at, s.ended_at, a.disabled_at
     FROM customers.sessions s JOIN customers.accounts a ON a.id = s.account_id
     WHERE s.id = $1${lock ? ' FOR UPDATE OF s' : ''}`,
    [sessionId],
  );
  return result.rows[0];
}

export async function insertRefreshToken(
  q: Queryable,
  token: { hash: string; sessionId: string; createdAt: Date; expiresAt: Date },
): Promise<void> {
  await q.query(
    'INSERT INTO customers.refresh_tokens (token_hash, session_id, created_at, expires_at) VALUES ($1, $2, $3, $4)',
    [token.hash, token.sessionId, token.createdAt, token.expiresAt],
  );
}

export type RefreshTokenRow = { session_id: string; expires_at: Date; spent_at: Date | null };

/**
 * Spends an unspent token: one conditional UPDATE, so of two concurrent uses exactly
 * one wins. Answers the token as it was, or undefined when it is unknown or spent.
 */
export async function spendRefreshToken(q: Queryable, hash: string, now: Date): Promise<RefreshTokenRow | undefined> {
  const result = await q.query<RefreshTokenRow>(
    `UPDATE customers.refresh_tokens SET spent_at = $2 WHERE token_hash = $1 AND spent_at IS NULL
     RETURNING session_id, expires_at, NULL::timestamptz AS spent_at`,
    [hash, now],
  );
  return result.rows[0];
}

export async function refreshTokenByHash(q: Queryable, hash: string): Promise<RefreshTokenRow | undefined> {
  const result = await q.query<RefreshTokenRow>(
    'SELECT session_id, expires_at, spent_at FROM customers.refresh_tokens WHERE token_hash = $1',
    [hash],
  );
  return result.rows[0];
}

/** Spends every token of the sessions (they ended: nothing of theirs may refresh again). */
export async function spendSessionTokens(q: Queryable, sessionIds: readonly string[], now: Date): Promise<void> {
  if (sessionIds.length === 0) return;
  await q.query(
    'UPDATE customers.refresh_tokens SET spent_at = $2 WHERE session_id = ANY($1::text[]) AND spent_at IS NULL',
    [sessionIds, now],
  );
}

/** Deletes up to `batch` refresh tokens past their expiry; answers how many. */
export async function purgeRefreshTokens(q: Queryable, now: Date, batch: number): Promise<number> {
  const result = await q.query(
    `DELETE FROM customers.refresh_tokens WHERE token_hash IN (
       SELECT token_hash FROM customers.refresh_tokens WHERE expires_at < $1 LIMIT $2)`,
    [now, batch],
  );
  return result.rowCount;
}

/** Deletes up to `batch` sessions that ended or expired before `before` (their tokens go with them). */
export async function purgeSessions(q: Queryable, before: Date, batch: number): Promise<number> {
  const result = await q.query(
    `DELETE FROM customers.sessions WHERE id IN (
       SELECT id FROM customers.sessions WHERE expires_at < $1
       UNION ALL
       SELECT id FROM customers.sessions WHERE ended_at < $1
       LIMIT $2)`,
    [before, batch],
  );
  return result.rowCount;
}
