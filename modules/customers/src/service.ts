import type { CustomersApi, Principal } from './contract.ts';
import * as store from './store.ts';
import { fail, ok } from '@mercato/platform/kernel';
import { createAccountAdmin } from './service/admin.ts';
import type { CustomersDeps } from './service/deps.ts';
import { createLogin } from './service/login.ts';
import { createMfa } from './service/mfa.ts';
import { createChangePassword } from './service/password.ts';
import { createPurgeExpired } from './service/purge.ts';
import { createLogout, createRefresh } from './service/refresh.ts';
import { createRegistration } from './service/register.ts';
import { createAccessTokenVerifier } from './service/tokens.ts';
import { toCustomer } from './service/views.ts';

export type { CustomersDeps } from './service/deps.ts';

/** The customers use cases, one file each under `service/`, put together as its API. */
export function createCustomersService(deps: CustomersDeps): CustomersApi {
  const mfa = createMfa(deps);
  const admin = createAccountAdmin(deps);
  const registration = createRegistration(deps);
  return {
    register: registration.register,
    login: createLogin(deps),
    refresh: createRefresh(deps),
    logout: createLogout(deps),
    async me(principal: Principal) {
      const row = await store.accountById(deps.db, principal.id);
      return row === undefined ? fail('unauthorized', 'The account no longer exists.') : ok(toCustomer(row));
    },
    changePassword: createChangePassword(deps),
    enrollMfa: mfa.enrollMfa,
    activateMfa: mfa.activateMfa,
    removeMfa: mfa.removeMfa,
    verifyAccessToken: createAccessTokenVerifier(deps),
    jwks: () => deps.keyring.jwks(),
    rotateSigningKey: (options) => deps.keyring.rotate(options),
    getCustomer: admin.getCustomer,
    createStaff: registration.createStaff,
    ensureStaff: registration.ensureStaff,
    searchAccounts: admin.searchAccounts,
    updateAccount: admin.updateAccount,
    purgeExpired: createPurgeExpired(deps),
  };
}
