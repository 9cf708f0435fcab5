import { resolve } from 'node:path';

/**
 * Configuration is read once, here, from flags and the environment, validated, and
 * frozen. A bad value stops the start with a message that names it. Nothing below
 * apps/ reads the environment.
 */
export type Config = {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  /** PostgreSQL server; absent means PGlite under `dataDir/pglite`. */
  readonly databaseUrl: string | undefined;
  readonly databasePoolSize: number;
  /** NATS JetStream; absent means the in-process transport. */
  readonly natsUrl: string | undefined;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Products the demo catalog gets when `start` finds an empty database; 0 disables seeding. */
  readonly seedProducts: number;
  readonly currency: string;
  /** Days after delivery during which a customer may ask to return items. */
  readonly returnWindowDays: number;
  /** How long the catalog keeps a cached read (1 ms turns the cache off, for benchmarks). */
  readonly catalogCacheTtlMs: number;
  /** A staff account made at start when both are set and no such account exists. */
  readonly admin: { readonly email: string; readonly password: string } | undefined;
  /** SMTP server for notifications; absent means the mailbox kept in the database. */
  readonly smtpUrl: string | undefined;
  /** Where staff notifications (low stock) go. */
  readonly staffEmail: string | undefined;
  /** Proxy hops whose `X-Forwarded-For` is trusted (0: the app faces clients directly). */
  readonly trustedProxyHops: number;
};

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export type ConfigInput = {
  readonly flags: Readonly<Record<string, string | boolean | undefined>>;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
};

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

function integer(name: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(`${name} must be a whole number, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max) throw new ConfigError(`${name} must be between ${min} and ${max}, got ${value}`);
  return value;
}

function url(name: string, raw: string | undefined, protocols: readonly string[]): string | undefined {
  if (raw === undefined || raw === '') return undefined;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(`${name} is not a valid URL`);
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(`${name} must start with ${protocols.map((p) => `${p}//`).join(' or ')}`);
  }
  return raw;
}

function text(value: string | boolean | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function readConfig({ flags, env, cwd }: ConfigInput): Config {
  const logLevel = text(flags['log-level']) ?? env['LOG_LEVEL'] ?? 'info';
  if (!(logLevels as readonly string[]).includes(logLevel)) {
    throw new ConfigError(`LOG_LEVEL must be one of ${logLevels.join(', ')}, got "${logLevel}"`);
  }
  const currency = env['MERCATO_CURRENCY'] ?? 'USD';
  if (!/^[A-Z]{3}$/.test(currency))
    throw new ConfigError(`MERCATO_CURRENCY must be a 3-letter code, got "${currency}"`);
  const adminEmail = env['MERCATO_ADMIN_EMAIL'] || undefined;
  const adminPassword = env['MERCATO_ADMIN_PASSWORD'] || undefined;
  if ((adminEmail === undefined) !== (adminPassword === undefined)) {
    throw new ConfigError('MERCATO_ADMIN_EMAIL and MERCATO_ADMIN_PASSWORD must be set together');
  }
  return Object.freeze({
    port: integer('PORT (--port)', text(flags['port']) ?? env['PORT'], 3000, 0, 65535),
    host: text(flags['host']) ?? env['HOST'] ?? '127.0.0.1',
    dataDir: resolve(cwd, text(flags['data']) ?? env['MERCATO_DATA_DIR'] ?? 'data'),
    databaseUrl: url('DATABASE_URL', env['DATABASE_URL'], ['postgres:', 'postgresql:']),
    databasePoolSize: integer('DATABASE_POOL_SIZE', env['DATABASE_POOL_SIZE'], 10, 1, 200),
    natsUrl: url('NATS_URL', env['NATS_URL'], ['nats:', 'tls:']),
    logLevel: logLevel as Config['logLevel'],
    seedProducts: integer(
      'MERCATO_SEED_PRODUCTS (--products)',
      text(flags['products']) ?? env['MERCATO_SEED_PRODUCTS'],
      1000,
      0,
      1_000_000,
    ),
    currency,
    returnWindowDays: integer('MERCATO_RETURN_WINDOW_DAYS', env['MERCATO_RETURN_WINDOW_DAYS'], 30, 0, 365),
    catalogCacheTtlMs: integer(
      'MERCATO_CATALOG_CACHE_TTL_MS',
      env['MERCATO_CATALOG_CACHE_TTL_MS'],
      60_000,
      1,
      3_600_000,
    ),
    admin: adminEmail && adminPassword ? Object.freeze({ email: adminEmail, password: adminPassword }) : undefined,
    smtpUrl: url('SMTP_URL', env['SMTP_URL'], ['smtp:', 'smtps:']),
    staffEmail: env['MERCATO_STAFF_EMAIL'] || undefined,
    trustedProxyHops: integer('TRUSTED_PROXY_HOPS', env['TRUSTED_PROXY_HOPS'], 0, 0, 10),
  });
}
