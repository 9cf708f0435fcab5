import { bearerAuthentication } from '@mercato/platform/http';
import { defineModule } from '@mercato/platform/module';
import { type CustomersConfig, type CustomersConfigInput, checkConfig } from './config.ts';
import type { CustomersApi } from './contract.ts';
import { listeners } from './handlers.ts';
import { customersRoutes } from './http.ts';
import { createCustomersService } from './service.ts';
import { argon2Hasher, dummyHash, type PasswordHasher } from './service/hasher.ts';
import { createKeyring } from './service/keyring.ts';
import { createSessionCache } from './service/session-cache.ts';

export { type CustomersConfig, type CustomersConfigInput, customersDefaults } from './config.ts';
export type { PasswordHasher } from './service/hasher.ts';
export { argon2Hasher } from './service/hasher.ts';

/** Replacements for tests only: the app always runs the defaults. */
export type CustomersOverrides = {
  /** E.g. a hasher that counts verifications, or argon2 with test-sized costs. */
  readonly hasher?: PasswordHasher;
};

/**
 * The `authenticate` of the HTTP server, from this module's token verifier: no
 * header → anonymous; a bad, expired or revoked token → 401 `invalid_token`.
 */
export function customersAuthentication(api: Pick<CustomersApi, 'verifyAccessToken'>) {
  return bearerAuthentication((token) => api.verifyAccessToken(token));
}

/**
 * Customers and staff: accounts, sessions with short-lived signed access tokens and
 * rotating refresh tokens, two-factor authentication, and the staff's account admin.
 * It calls no other module.
 */
export function customersModule(overrides: CustomersOverrides = {}) {
  return defineModule<CustomersApi, CustomersConfigInput>({
    name: 'customers',
    uses: [],
    migrations: new URL('../migrations/', import.meta.url),
    async create(ctx) {
      // The host passes `{}` when the app configures nothing: defaults fill the gaps.
      const config: CustomersConfig = checkConfig(ctx.config);
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
      const sessions = createSessionCache({ ...config.sessionCache, clock: ctx.clock });
      const service = createCustomersService({
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
        sessions,
        random: (size) => ctx.ids.random(size),
      });
      const { sessions: _cache, ...api } = service;
      let purgeTimer: NodeJS.Timeout | undefined;
      return {
        api,
        routes: customersRoutes(api),
        listeners: listeners(sessions),
        async start() {
          if (config.purgeIntervalMs === 0) return;
          purgeTimer = setInterval(() => {
            api.purgeExpired().catch((error: unknown) => ctx.logger.error({ err: error }, 'customers purge failed'));
          }, config.purgeIntervalMs);
          purgeTimer.unref();
        },
        async stop() {
          if (purgeTimer !== undefined) clearInterval(purgeTimer);
          purgeTimer = undefined;
        },
      };
    },
  });
}

export default customersModule();
