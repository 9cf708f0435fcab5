import { fail, ok, type Result } from '@mercato/platform/kernel';
import type { PasswordChange, PasswordChangeCode, Principal } from '../contract.ts';
import { normalizePassword, passwordProblem, passwordProblemMessages } from '../domain/password-policy.ts';
import * as store from '../store.ts';
import type { CustomersDeps } from './deps.ts';
import { checkAccountLimit, countFailure } from './limits.ts';
import { endSessionsIn } from './sessions.ts';

/**
 * Changes the password after checking the current one (a failure counts against the
 * account's failed-login limit, so a stolen access token cannot guess it), and ends
 * every other session of the account: whoever else was signed in must sign in again
 * with the new password. The caller's own session stays open.
 */
export function createChangePassword(deps: CustomersDeps) {
  return async (principal: Principal, change: PasswordChange): Promise<Result<void, PasswordChangeCode>> => {
    const account = await store.accountById(deps.db, principal.id);
    if (account === undefined) return fail('unauthorized', 'The account no longer exists.');
    const limited = await checkAccountLimit(deps, account.email);
    if (limited !== undefined) return limited;
    if (!(await deps.hasher.verify(account.password_hash, normalizePassword(change.currentPassword)))) {
      await countFailure(deps, account.email);
      return fail('invalid_credentials', 'The current password is wrong.');
    }
    const password = normalizePassword(change.newPassword);
    const problem = passwordProblem(password);
    if (problem !== undefined) return fail('weak_password', passwordProblemMessages[problem], { reason: problem });
    const hash = await deps.hasher.hash(password);
    const ended = await deps.db.transaction(async (tx) => {
      await store.updatePasswordHash(tx, account.id, hash, deps.clock.now());
      return endSessionsIn(deps, tx, account.id, { allExcept: principal.sessionId }, 'password_changed');
    });
    deps.sessions.drop(ended);
    return ok(undefined);
  };
}
