/** A rate limit: at most `limit` events per `windowMs`. */
export type RateLimitRule = { readonly limit: number; readonly windowMs: number };

/** The customers module's configuration, read once by the app and passed down frozen. */
export type CustomersConfig = {
  /** `iss` of access tokens; a verifier refuses any other. */
  readonly issuer: string;
  /** `aud` of access tokens; a verifier refuses any other. */
  readonly audience: string;
  /** The name authenticator apps show next to the code. */
  readonly totpIssuer: string;
  readonly accessTokenTtlMs: number;
  /** A refresh token unused this long expires (each refresh issues a fresh one). */
  readonly refreshTokenTtlMs: number;
  /** A session ends this long after login, however often it is refreshed. */
  readonly sessionTtlMs: number;
  /** Allowed clock difference between signer and verifier on `exp`/`iat`. */
  readonly clockToleranceMs: number;
  /** Open sessions per account; a new login beyond it ends the oldest. */
  readonly sessionsPerAccountMax: number;
  /** How long an ended or expired session is kept before it is deleted. */
  readonly sessionRetentionMs: number;
  /** The in-process cache of session status that spares verification a query per request. */
  readonly sessionCache: { readonly entriesMax: number; readonly ttlMs: number };
  /** How often a process re-reads the signing keys (another process may have rotated them). */
  readonly keyRefreshMs: number;
  /** argon2id cost: memory in KiB (at least 19456), passes (at least 2), lanes. */
  readonly passwordHashing: { readonly memoryCostKib: number; readonly timeCost: number; readonly parallelism: number };
  readonly rateLimits: {
    /** Failed password or code checks per account (keyed by email, known or not). */
    readonly failedLoginsPerAccount: RateLimitRule;
    /** Login attempts per client address. */
    readonly loginsPerAddress: RateLimitRule;
    readonly registrationsPerAddress: RateLimitRule;
    readonly refreshesPerAddress: RateLimitRule;
  };
  /** How often expired tokens, sessions and retired keys are purged; 0 disables the timer. */
  readonly purgeIntervalMs: number;
};

const minute = 60_000;
const hour = 60 * minute;
const day = 24 * hour;

export const customersDefaults: CustomersConfig = Object.freeze({
  issuer: 'mercato',
  audience: 'mercato-api',
  totpIssuer: 'Mercato',
  accessTokenTtlMs: 15 * minute,
  refreshTokenTtlMs: 30 * day,
  sessionTtlMs: 90 * day,
  clockToleranceMs: 5_000,
  sessionsPerAccountMax: 20,
  sessionRetentionMs: 7 * day,
  sessionCache: Object.freeze({ entriesMax: 10_000, ttlMs: 10_000 }),
  keyRefreshMs: minute,
  passwordHashing: Object.freeze({ memoryCostKib: 19_456, timeCost: 2, parallelism: 1 }),
  rateLimits: Object.freeze({
    failedLoginsPerAccount: Object.freeze({ limit: 100, windowMs: hour }),
    loginsPerAddress: Object.freeze({ limit: 20, windowMs: minute }),
    registrationsPerAddress: Object.freeze({ limit: 10, windowMs: minute }),
    refreshesPerAddress: Object.freeze({ limit: 120, windowMs: minute }),
  }),
  purgeIntervalMs: hour,
});

/** A deep-partial configuration, as the app may give it. */
export type CustomersConfigInput = Partial<
  Omit<CustomersConfig, 'sessionCache' | 'passwordHashing' | 'rateLimits'> & {
    sessionCache: Partial<CustomersConfig['sessionCache']>;
    passwordHashing: Partial<CustomersConfig['passwordHashing']>;
    rateLimits: Partial<CustomersConfig['rateLimits']>;
  }
>;

function positive(name: string, value: number, max = Number.MAX_SAFE_INTEGER): void {
  if (!Number.isSafeInteger(value) || value < 1 || value > max)
    throw new Error(`customers.${name} must be an integer from 1 to ${max}: ${value}`);
}

function checkRule(name: string, rule: RateLimitRule): void {
  positive(`rateLimits.${name}.limit`, rule.limit, 1_000_000);
  positive(`rateLimits.${name}.windowMs`, rule.windowMs, 7 * day);
}

/** Fills defaults and refuses unsafe settings at boot (fail fast, not at the first login). */
export function checkConfig(input: CustomersConfigInput): CustomersConfig {
  const config: CustomersConfig = {
    ...customersDefaults,
    ...input,
    sessionCache: { ...customersDefaults.sessionCache, ...input.sessionCache },
    passwordHashing: { ...customersDefaults.passwordHashing, ...input.passwordHashing },
    rateLimits: { ...customersDefaults.rateLimits, ...input.rateLimits },
  };
  for (const name of ['issuer', 'audience', 'totpIssuer'] as const) {
    if (config[name].length < 1 || config[name].length > 100)
      throw new Error(`customers.${name} must have 1 to 100 characters`);
  }
  // Access tokens stay short-lived: revocation is immediate anyway, but a leaked token must expire soon.
  positive('accessTokenTtlMs', config.accessTokenTtlMs, hour);
  positive('refreshTokenTtlMs', config.refreshTokenTtlMs, 365 * day);
  positive('sessionTtlMs', config.sessionTtlMs, 365 * day);
  positive('clockToleranceMs', config.clockToleranceMs, 5 * minute);
  positive('sessionsPerAccountMax', config.sessionsPerAccountMax, 1000);
  positive('sessionRetentionMs', config.sessionRetentionMs, 365 * day);
  positive('sessionCache.entriesMax', config.sessionCache.entriesMax, 10_000_000);
  // The cache is what lets another process miss a revocation event: keep it short.
  positive('sessionCache.ttlMs', config.sessionCache.ttlMs, minute);
  positive('keyRefreshMs', config.keyRefreshMs, hour);
  const hashing = config.passwordHashing;
  if (!Number.isSafeInteger(hashing.memoryCostKib) || hashing.memoryCostKib < 19_456) {
    throw new Error('customers.passwordHashing.memoryCostKib must be at least 19456 (OWASP minimum for argon2id)');
  }
  if (!Number.isSafeInteger(hashing.timeCost) || hashing.timeCost < 2)
    throw new Error('customers.passwordHashing.timeCost must be at least 2');
  positive('passwordHashing.parallelism', hashing.parallelism, 16);
  for (const [name, rule] of Object.entries(config.rateLimits)) checkRule(name, rule);
  if (!Number.isSafeInteger(config.purgeIntervalMs) || config.purgeIntervalMs < 0)
    throw new Error('customers.purgeIntervalMs must be 0 or more');
  return Object.freeze(config);
}
