import { fail, type Result } from '@mercato/platform/kernel';
import type { AuthResult, LoginCode, LoginInput, RequestOrigin } from '../contract.ts';
import { emailLengthMax, normalizeEmail } from '../domain/email.ts';
import { normalizePassword } from '../domain/password-policy.ts';
import { base32Decode, verifyTotp } from '../domain/totp.ts';
import * as store from '../store.ts';
import type { CustomersDeps } from './deps.ts';
import { accountKey, addressKey, checkAccountLimit, consume, countFailure } from './limits.ts';
import { signIn } from './sessions.ts';

const invalidCredentials = () => fail('invalid_credentials', 'The email or password is wrong.');

/**
 * Verifies a TOTP code for an account and records its step, so the code cannot be
 * used again; false for a wrong, stale or replayed code.
 */
export async function useTotp(deps: CustomersDeps, account: store.AccountRow, code: string): Promise<boolean> {
  const key = account.mfa_secret === null ? undefined : base32Decode(account.mfa_secret);
  if (key === undefined || account.mfa_secret === null) return false;
  const step = verifyTotp(key, code, deps.clock.now().getTime(), account.mfa_last_step);
  return step !== undefined && (await store.useMfaStep(deps.db, account.id, account.mfa_secret, step));
}

/**
 * Login, guarded in this order: the address limit; the account's failed-login limit
 * (429 even for the right password); the password, verified against the account's
 * hash or, for an unknown email, a dummy hash of the same cost, so both failures
 * take one argon2 verification and give the same answer; the TOTP code when two-factor
 * is on; the account being enabled. Wrong passwords and wrong codes count as failures.
 */
export function createLogin(deps: CustomersDeps) {
  return async (input: LoginInput, origin: RequestOrigin): Promise<Result<AuthResult, LoginCode>> => {
    const addressLimited = await consume(
      deps,
      addressKey('login', origin.address),
      deps.config.rateLimits.loginsPerAddress,
    );
    if (addressLimited !== undefined) return addressLimited;
    const email = normalizeEmail(input.email);
    const accountLimited = await checkAccountLimit(deps, email);
    if (accountLimited !== undefined) return accountLimited;

    const account = email.length <= emailLengthMax ? await store.accountByEmail(deps.db, email) : undefined;
    const hash = account?.password_hash ?? (await deps.dummyHash());
    const passwordRight = await deps.hasher.verify(hash, normalizePassword(input.password));
    if (account === undefined || !passwordRight) {
      await countFailure(deps, email);
      return invalidCredentials();
    }
    if (account.mfa_secret !== null) {
      if (input.otp === undefined)
        return fail('otp_required', 'Two-factor authentication is on: send `otp`, the code of your app.');
      if (!(await useTotp(deps, account, input.otp))) {
        await countFailure(deps, email);
        return fail('invalid_otp', 'The code is wrong, expired or already used.');
      }
    }
    if (account.disabled_at !== null) return fail('account_disabled', 'This account is disabled.');
    await deps.rateLimiter.reset(accountKey(email));
    return signIn(deps, account);
  };
}
