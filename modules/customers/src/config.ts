import { type ConfigOf, parseConfig } from '@mercato/platform/module';
import { Type } from 'typebox';

const minute = 60_000;
const hour = 60 * minute;
const day = 24 * hour;

/** A rate limit: at most `limit` events per `windowMs`. A given rule replaces its default whole. */
const RateLimitRule = (limit: number, windowMs: number) =>
  Type.Object(
    {
      limit: Type.Integer({ minimum: 1, maximum: 1_000_000 }),
      windowMs: Type.Integer({ minimum: 1, maximum: 7 * day }),
    },
    { additionalProperties: false, default: { limit, windowMs } },
  );

/** A name shown to people or put in tokens. */
const Name = (name: string) => Type.String({ minLength: 1, maxLength: 100, default: name });

/** The customers section of the app's configuration; every field has a default. */
export const CustomersConfigSchema = Type.Object(
  {
    /** `iss` of access tokens; a verifier refuses any other. */
    issuer: Name('mercato'),
    /** `aud` of access tokens; a verifier refuses any other. */
    audience: Name('mercato-api'),
    /** The name authenticator apps show next to the code. */
    totpIssuer: Name('Mercato'),
    /** Access tokens stay short-lived: revocation is immediate anyway, but a leaked token must expire soon. */
    accessTokenTtlMs: Type.Integer({ minimum: 1, maximum: hour, default: 15 * minute }),
    /** A refresh token unused this long expires (each refresh issues a fresh one). */
    refreshTokenTtlMs: Type.Integer({ minimum: 1, maximum: 365 * day, default: 30 * day }),
    /** A session ends this long after login, however often it is refreshed. */
    sessionTtlMs: Type.Integer({ minimum: 1, maximum: 365 * day, default: 90 * day }),
    /** Allowed clock difference between signer and verifier on `exp`/`iat`. */
    clockToleranceMs: Type.Integer({ minimum: 1, maximum: 5 * minute, default: 5_000 }),
    /** Open sessions per account; a new login beyond it ends the oldest. */
    sessionsPerAccountMax: Type.Integer({ minimum: 1, maximum: 1000, default: 20 }),
    /** How long an ended or expired session is kept before it is deleted. */
    sessionRetentionMs: Type.Integer({ minimum: 1, maximum: 365 * day, default: 7 * day }),
    /** The in-process cache of session status that spares verification a query per request. */
    sessionCache: Type.Object(
      {
        entriesMax: Type.Integer({ minimum: 1, maximum: 10_000_000, default: 10_000 }),
        // The cache is what lets another process miss a revocation event: keep it short.
        ttlMs: Type.Integer({ minimum: 1, maximum: minute, default: 10_000 }),
      },
      { additionalProperties: false, default: {} },
    ),
    /** How often a process re-reads the signing keys (another process may have rotated them). */
    keyRefreshMs: Type.Integer({ minimum: 1, maximum: hour, default: minute }),
    /** argon2id cost: memory in KiB (at least 19456), passes (at least 2), lanes. */
    passwordHashing: Type.Object(
      {
        memoryCostKib: Type.Integer({
          minimum: 19_456,
          maximum: 16 * 1024 * 1024,
          errorMessage: 'must be at least 19456 (OWASP minimum for argon2id)',
          default: 19_456,
        }),
        timeCost: Type.Integer({ minimum: 2, maximum: 100, default: 2 }),
        parallelism: Type.Integer({ minimum: 1, maximum: 16, default: 1 }),
      },
      { additionalProperties: false, default: {} },
    ),
    rateLimits: Type.Object(
      {
        /** Failed password or code checks per account (keyed by email, known or not). */
        failedLoginsPerAccount: RateLimitRule(100, hour),
        /** Login attempts per client address. */
        loginsPerAddress: RateLimitRule(20, minute),
        registrationsPerAddress: RateLimitRule(10, minute),
        refreshesPerAddress: RateLimitRule(120, minute),
      },
      { additionalProperties: false, default: {} },
    ),
    /** How often expired tokens, sessions and retired keys are purged; 0 disables the timer. */
    purgeIntervalMs: Type.Integer({ minimum: 0, maximum: 7 * day, default: hour }),
  },
  { additionalProperties: false },
);

/** The customers module's configuration, read once by the app and passed down frozen. */
export type CustomersConfig = ConfigOf<typeof CustomersConfigSchema>;

/** A rate limit: at most `limit` events per `windowMs`. */
export type RateLimitRule = CustomersConfig['rateLimits']['loginsPerAddress'];

/** A deep-partial configuration, as the app may give it. */
export type CustomersConfigInput = Partial<
  Omit<CustomersConfig, 'sessionCache' | 'passwordHashing' | 'rateLimits'> & {
    sessionCache: Partial<CustomersConfig['sessionCache']>;
    passwordHashing: Partial<CustomersConfig['passwordHashing']>;
    rateLimits: Partial<CustomersConfig['rateLimits']>;
  }
>;

/** Fills defaults and refuses unsafe settings at boot (fail fast, not at the first login), naming the field. */
export function parseCustomersConfig(input: unknown): CustomersConfig {
  return parseConfig('customers', CustomersConfigSchema, input);
}

export const customersDefaults: CustomersConfig = parseCustomersConfig({});
