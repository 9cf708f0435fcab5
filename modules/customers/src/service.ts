import type { CustomersApi, Principal } from './contract.ts';
import * as store from './store.ts';
import { fail, ok } from '@mercato/platform/kernel';
import { adminService } from './service/admin.ts';
import type { CustomersDeps } from './service/deps.ts';
import { login } from './service/login.ts';
import { mfaService } from './service/mfa.ts';
import { changePassword } from './service/password.ts';
import { purgeExpired } from './service/purge.ts';
import { logout, refresh } from './service/refresh.ts';
import { createStaff, ensureStaff, register } from './service/register.ts';
import { accessTokenVerifier } from './service/tokens.ts';
import { toCustomer } from './service/views.ts';

export type { CustomersDeps } from './service/deps.ts';

/** The module's use cases: CustomersApi, plus the session cache its listener drops entries from. */
export type CustomersService = CustomersApi & { readonly sessions: CustomersDeps['sessions'] };

export function createCustomersService(deps: CustomersDeps): CustomersService {
  const mfa = mfaService(deps);
  const admin = adminService(deps);
  return {
    register: register(deps),
    login: login(deps),
    refresh: refresh(deps),
    logout: logout(deps),
    async me(principal: Principal) {
      const row = await store.accountById(deps.db, principal.id);
      return row === undefined ? fail('unauthorized', 'The account no longer exists.') : ok(toCustomer(row));
    },
    changePassword: changePassword(deps),
    enrollMfa: mfa.enrollMfa,
    activateMfa: mfa.activateMfa,
    removeMfa: mfa.removeMfa,
    verifyAccessToken: accessTokenVerifier(deps),
    jwks: () => deps.keyring.jwks(),
    rotateSigningKey: (options) => deps.keyring.rotate(options),
    getCustomer: admin.getCustomer,
    createStaff: createStaff(deps),
    ensureStaff: ensureStaff(deps),
    searchAccounts: admin.searchAccounts,
    updateAccount: admin.updateAccount,
    purgeExpired: purgeExpired(deps),
    sessions: deps.sessions,
  };
}
