import { defineModule } from '@mercato/platform/module';
import { type CustomersConfigInput, parseCustomersConfig } from './config.ts';
import { type CustomersApi, staffRoleValues } from './contract.ts';
import { customersListeners } from './handlers.ts';
import { customersRoutes } from './http.ts';
import { customersJobs } from './jobs.ts';
import { createCustomersService, type CustomersDeps } from './service.ts';
import { argon2Hasher, dummyHash, type PasswordHasher } from './service/hasher.ts';
import { createKeyring } from './service/keyring.ts';
import { createSessionCache } from './service/session-cache.ts';

export { type CustomersConfig, type CustomersConfigInput, customersDefaults } from './config.ts';
export { customersAuthentication } from './http.ts';
export type { PasswordHasher } from './service/hasher.ts';
export { argon2Hasher } from './service/hasher.ts';

/** Replacements for tests only: the app always runs the defaults. */
export type CustomersOverrides = {
  /** E.g. a hasher that counts verifications, or argon2 with test-sized costs. */
  readonly hasher?: PasswordHasher;
};

/**
 * Customers and staff: accounts, sessions with short-lived signed access tokens and
 * rotating refresh tokens, two-factor authentication, and the staff's account admin.
 * It calls no other module.
 */
export function customersModule(overrides: CustomersOverrides = {}) {
  return defineModule<CustomersApi, CustomersConfigInput>({
    name: 'customers',
    uses: [],
    roles: staffRoleValues,
    migrations: new URL('../migrations/', import.meta.url),
    async create(ctx) {
      const config = parseCustomersConfig(ctx.config);
      const hasher = overrides.hasher ?? argon2Hasher(config.passwordHashing);
      const keyring = createKeyring({
        db: ctx.db,
        clock: ctx.clock,
        // A rotated-out key verifies until every token it signed has expired, counting
        // the time other processes may still sign with it before they re-read the keys.
        retireAfterMs: config.accessTokenTtlMs + config.keyRefreshMs + config.clockToleranceMs,
        refreshMs: config.keyRefreshMs,
      });
      await keyring.init();
      // Made now, so the first login of an unknown email takes no longer than any other.
      const fakeHash = dummyHash(hasher, ctx.ids);
      await fakeHash();
      const deps: CustomersDeps = {
        db: ctx.db,
        outbox: ctx.outbox,
        audit: ctx.audit,
        rateLimiter: ctx.rateLimiter,
        clock: ctx.clock,
        ids: ctx.ids,
        logger: ctx.logger,
        config,
        hasher,
        dummyHash: fakeHash,
        keyring,
        sessions: createSessionCache({ ...config.sessionCache, clock: ctx.clock }),
        random: (size) => ctx.ids.random(size),
      };
      const api = createCustomersService(deps);
      const jobs = customersJobs(api, config, ctx.logger);
      return {
        api,
        routes: customersRoutes(api),
        listeners: customersListeners(deps),
        start: async () => jobs.start(),
        stop: () => jobs.stop(),
      };
    },
  });
}

export default customersModule();
