import { join } from 'node:path';
import catalog from '@mercato/catalog';
import cart from '@mercato/cart';
import checkout from '@mercato/checkout';
import customers, { customersAuthentication } from '@mercato/customers';
import type { CustomersApi } from '@mercato/customers/contract';
import inventory from '@mercato/inventory';
import notifications from '@mercato/notifications';
import payments from '@mercato/payments';
import reviews from '@mercato/reviews';
import { registerAuditRoutes } from '@mercato/platform/audit';
import { inProcessTransport, natsTransport } from '@mercato/platform/bus';
import { openDb } from '@mercato/platform/db';
import { createHttpServer, httpMigrations } from '@mercato/platform/http';
import { idGenerator, systemClock } from '@mercato/platform/kernel';
import { type AnyModule, apiOf, bootModules, type Host } from '@mercato/platform/module';
import { memoryRateLimiter } from '@mercato/platform/ratelimit';
import { filesystemObjectStore } from '@mercato/platform/storage';
import shipping from '@mercato/shipping';
import { registerWeb } from '@mercato/web';
import { createTelemetry, instrumentDb } from '@mercato/platform/telemetry';
import type { Logger } from 'pino';
import type { Config } from './config.ts';
import { registerStats } from './stats.ts';

/**
 * The composition root: the whole topology of one Mercato process, top to bottom.
 * Embedded by default (PGlite, in-process events, files for objects); a PostgreSQL
 * URL and a NATS URL switch the adapters. Module code cannot tell the difference.
 */
export const modules: readonly AnyModule[] = [
  catalog,
  customers,
  inventory,
  payments,
  shipping,
  cart,
  checkout,
  reviews,
  notifications,
];

export type AppOptions = {
  readonly tracing?: 'none' | 'memory';
  /**
   * The modules this process hosts (default: all of them). A module may be replaced by
   * one of the same name, say one whose context is adapted from outside.
   */
  readonly modules?: readonly AnyModule[];
};

/**
 * One Mercato process: its adapters, the modules on them, the HTTP server in front,
 * and the staff admin asked for by the environment. Nothing moves until `start()`.
 */
export async function createApp(config: Config, options: AppOptions = {}) {
  const adapters = await openAdapters(config, options.tracing ?? 'none');
  const { telemetry, logger, db, transport } = adapters;
  const host = await bootModules({
    ...hostAdapters(config, adapters),
    modules: options.modules ?? modules,
    platformSchemas: [{ schema: 'platform', migrations: httpMigrations }],
    config: moduleConfig(config),
  });
  const catalogApi = apiOf(host.apis, catalog);
  const customersApi = apiOf(host.apis, customers);
  const http = await serveHttp(config, adapters, host);
  if (config.admin) await ensureAdmin(config.admin, customersApi, logger);

  return {
    config,
    logger,
    http,
    host,
    db,
    catalog: catalogApi,
    customers: customersApi,
    async start() {
      await host.start();
      await http.listen({ port: config.port, host: config.host });
    },
    async close() {
      await http.close();
      await host.stop();
      await transport.close();
      await db.close();
      await telemetry.shutdown();
    },
  };
}

/** What the process runs on: telemetry, the database, the event transport and the clock. */
async function openAdapters(config: Config, tracing: 'none' | 'memory') {
  const telemetry = createTelemetry({ serviceName: 'mercato', logLevel: config.logLevel, tracing });
  const { logger } = telemetry;
  const db = instrumentDb(
    await openDb(
      config.databaseUrl
        ? { kind: 'postgres', url: config.databaseUrl, poolSize: config.databasePoolSize }
        : { kind: 'pglite', dataDir: join(config.dataDir, 'pglite') },
    ),
    telemetry,
  );
  const transport = config.natsUrl
    ? await natsTransport({ servers: config.natsUrl, logger })
    : inProcessTransport({ logger });
  return { telemetry, logger, db, transport, clock: systemClock };
}

type Adapters = Awaited<ReturnType<typeof openAdapters>>;

/** The adapters as every module's context carries them. */
function hostAdapters(config: Config, { telemetry, logger, db, transport, clock }: Adapters) {
  return {
    db,
    transport,
    logger,
    metrics: telemetry.metrics,
    tracer: telemetry.tracer,
    clock,
    ids: idGenerator(clock),
    objects: filesystemObjectStore(join(config.dataDir, 'objects')),
    rateLimiter: memoryRateLimiter(clock),
  };
}

/** Each module's configuration section, from the app's. */
function moduleConfig(config: Config) {
  return {
    catalog: { currency: config.currency, cache: { entriesMax: 5000, ttlMs: config.catalogCacheTtlMs } },
    customers: {},
    // Each module validates its section and fills in its defaults (see its README).
    inventory: {},
    payments: {},
    shipping: { currency: config.currency },
    cart: { currency: config.currency },
    notifications: {
      ...(config.smtpUrl ? { transport: 'smtp', smtpUrl: config.smtpUrl } : {}),
      ...(config.staffEmail ? { staffEmail: config.staffEmail } : {}),
    },
    checkout: { returnWindowMs: config.returnWindowDays * 24 * 60 * 60 * 1000 },
  };
}

/** The HTTP server with every route: the modules', the audit log, the stats, the web pages. */
async function serveHttp(config: Config, { telemetry, logger, db, transport, clock }: Adapters, host: Host) {
  const http = await createHttpServer({
    telemetry,
    db,
    authenticate: customersAuthentication(apiOf(host.apis, customers)),
    trustedProxyHops: config.trustedProxyHops,
    isReady: async () => {
      try {
        return await host.migrated();
      } catch {
        return false;
      }
    },
  });
  await host.registerRoutes(http);
  registerAuditRoutes(http, { db, schemas: host.schemas, roles: ['admin'] });
  await registerStats(http, {
    checkout: apiOf(host.apis, checkout),
    inventory: apiOf(host.apis, inventory),
    metrics: telemetry.metrics,
    transport,
    clock,
    logger,
    currency: config.currency,
  });
  // The storefront and the staff dashboard, rendered on the server from the public API.
  registerWeb(http, { shopName: 'Mercato', country: 'US' });
  return http;
}

/** The staff admin of MERCATO_ADMIN_EMAIL, made when no such account exists. */
async function ensureAdmin(admin: NonNullable<Config['admin']>, customersApi: CustomersApi, logger: Logger) {
  const ensured = await customersApi.ensureStaff({ email: admin.email, password: admin.password, role: 'admin' });
  if (!ensured.ok) throw new Error(`MERCATO_ADMIN_EMAIL: the staff account could not be made: ${ensured.message}`);
  if (ensured.value.created)
    logger.info({ email: ensured.value.staff.email }, 'staff account created from MERCATO_ADMIN_EMAIL');
}

export type App = Awaited<ReturnType<typeof createApp>>;
