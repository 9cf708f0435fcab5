import { fail, ok, type Result } from '@mercato/platform/kernel';
import type { Principal, RefreshCode, RequestOrigin, TokenPair } from '../contract.ts';
import { isRefreshTokenShape, refreshTokenHash } from '../domain/refresh-token.ts';
import * as store from '../store.ts';
import type { CustomersDeps } from './deps.ts';
import { addressKey, consume } from './limits.ts';
import { addRefreshToken, endSessionsIn } from './sessions.ts';
import { expiresInSeconds, issueAccessToken, type TokenSubject } from './tokens.ts';

type Outcome =
  | { kind: 'refreshed'; subject: TokenSubject; sessionId: string; refreshToken: string }
  | { kind: 'reused'; accountId: string; sessionId: string; endedIds: string[] }
  | { kind: 'refused' };

/** Any refusal looks the same to the client: unknown, expired, spent or of an ended session. */
const invalidRefreshToken = () =>
  fail('invalid_refresh_token', 'The refresh token is invalid, expired or already used.');

/**
 * One transaction: spend the presented token (a conditional UPDATE, so of two
 * concurrent uses one wins), check its session, and issue the next token. A token
 * that was spent already is a stolen copy or a replay: its whole session ends, so
 * the thief's and the owner's tokens all stop working and the owner signs in again.
 */
async function rotate(deps: CustomersDeps, hash: string): Promise<Outcome> {
  return deps.db.transaction(async (tx): Promise<Outcome> => {
    const now = deps.clock.now();
    const spent = await store.spendRefreshToken(tx, hash, now);
    if (spent === undefined) {
      const known = await store.refreshTokenByHash(tx, hash);
      if (known === undefined) return { kind: 'refused' };
      const session = await store.sessionStatus(tx, known.session_id, true);
      if (session === undefined) return { kind: 'refused' };
      const endedIds = await endSessionsIn(
        deps,
        tx,
        session.account_id,
        { ids: [known.session_id] },
        'refresh_token_reused',
      );
      return { kind: 'reused', accountId: session.account_id, sessionId: known.session_id, endedIds };
    }
    const session = await store.sessionStatus(tx, spent.session_id, true);
    const usable = session !== undefined && session.ended_at === null && session.disabled_at === null;
    if (!usable || spent.expires_at <= now || session.expires_at <= now) return { kind: 'refused' };
    const refreshToken = await addRefreshToken(deps, tx, spent.session_id, session.expires_at);
    return {
      kind: 'refreshed',
      subject: { id: session.account_id, kind: session.kind, role: session.role },
      sessionId: spent.session_id,
      refreshToken,
    };
  });
}

export function createRefresh(deps: CustomersDeps) {
  return async (refreshToken: string, origin: RequestOrigin): Promise<Result<TokenPair, RefreshCode>> => {
    const limited = await consume(
      deps,
      addressKey('refresh', origin.address),
      deps.config.rateLimits.refreshesPerAddress,
    );
    if (limited !== undefined) return limited;
    if (!isRefreshTokenShape(refreshToken)) return invalidRefreshToken();
    const outcome = await rotate(deps, refreshTokenHash(refreshToken));
    if (outcome.kind === 'reused') {
      deps.sessions.drop(outcome.endedIds);
      deps.logger.warn(
        { accountId: outcome.accountId, sessionId: outcome.sessionId },
        'spent refresh token reused: session revoked',
      );
      return invalidRefreshToken();
    }
    if (outcome.kind === 'refused') return invalidRefreshToken();
    return ok({
      accessToken: await issueAccessToken(deps, outcome.subject, outcome.sessionId),
      refreshToken: outcome.refreshToken,
      expiresIn: expiresInSeconds(deps),
    });
  };
}

/** Ends the caller's session; its access token is refused from now on, in every process. */
export function createLogout(deps: CustomersDeps) {
  return async (principal: Principal): Promise<void> => {
    const ended = await deps.db.transaction((tx) =>
      endSessionsIn(deps, tx, principal.id, { ids: [principal.sessionId] }, 'logout'),
    );
    // Dropped even when another request ended it first: this process must not keep it.
    deps.sessions.drop([principal.sessionId, ...ended]);
  };
}
