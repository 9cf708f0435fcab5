import { type Failure, fail, ok, type Result } from '@mercato/platform/kernel';
import type { MfaCode, MfaEnrollment, Principal } from '../contract.ts';
import { base32Decode, base32Encode, otpauthUrl, totpSecretBytes, verifyTotp } from '../domain/totp.ts';
import * as store from '../store.ts';
import type { CustomersDeps } from './deps.ts';
import { checkAccountLimit, countFailure } from './limits.ts';
import { useTotp } from './login.ts';

const invalidOtp = () => fail('invalid_otp', 'The code is wrong, expired or already used.');

async function accountOf(deps: CustomersDeps, principal: Principal): Promise<Result<store.AccountRow, 'unauthorized'>> {
  const account = await store.accountById(deps.db, principal.id);
  return account === undefined ? fail('unauthorized', 'The account no longer exists.') : ok(account);
}

/**
 * Two-factor authentication with TOTP. Enrolment makes a secret that waits for its
 * first code: until `activate` proves the app has it, login does not ask for codes
 * (so a lost QR code cannot lock anyone out). Wrong codes count against the account's
 * failed-login limit, like wrong passwords.
 */
export function createMfa(deps: CustomersDeps) {
  async function failedCode(email: string): Promise<Failure<'invalid_otp'>> {
    await countFailure(deps, email);
    return invalidOtp();
  }

  return {
    async enrollMfa(principal: Principal): Promise<Result<MfaEnrollment, MfaCode>> {
      const account = await accountOf(deps, principal);
      if (!account.ok) return account;
      if (account.value.mfa_secret !== null)
        return fail('mfa_already_enabled', 'Two-factor authentication is on already.');
      const secret = base32Encode(deps.random(totpSecretBytes));
      await store.setPendingMfa(deps.db, account.value.id, secret, deps.clock.now());
      return ok({ secret, otpauthUrl: otpauthUrl(deps.config.totpIssuer, account.value.email, secret) });
    },

    async activateMfa(principal: Principal, otp: string): Promise<Result<void, MfaCode>> {
      const found = await accountOf(deps, principal);
      if (!found.ok) return found;
      const account = found.value;
      if (account.mfa_secret !== null) return fail('mfa_already_enabled', 'Two-factor authentication is on already.');
      if (account.mfa_pending_secret === null)
        return fail('mfa_not_enrolled', 'Enrol first: POST /api/auth/mfa/enroll.');
      const limited = await checkAccountLimit(deps, account.email);
      if (limited !== undefined) return limited;
      const key = base32Decode(account.mfa_pending_secret);
      const step = key === undefined ? undefined : verifyTotp(key, otp, deps.clock.now().getTime(), null);
      if (step === undefined) return failedCode(account.email);
      const activated = await store.activatePendingMfa(
        deps.db,
        account.id,
        account.mfa_pending_secret,
        step,
        deps.clock.now(),
      );
      // A concurrent enrolment replaced the secret this code was checked against.
      return activated ? ok(undefined) : invalidOtp();
    },

    async removeMfa(principal: Principal, otp: string): Promise<Result<void, MfaCode>> {
      const found = await accountOf(deps, principal);
      if (!found.ok) return found;
      const account = found.value;
      if (account.mfa_secret === null) return fail('mfa_not_enabled', 'Two-factor authentication is off.');
      const limited = await checkAccountLimit(deps, account.email);
      if (limited !== undefined) return limited;
      if (!(await useTotp(deps, account, otp))) return failedCode(account.email);
      await store.clearMfa(deps.db, account.id, deps.clock.now());
      return ok(undefined);
    },
  };
}
