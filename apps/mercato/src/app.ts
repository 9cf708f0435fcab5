import { join } from 'node:path';
import catalog from '@mercato/catalog';
import type { CatalogApi } from '@mercato/catalog/contract';
import { inProcessTransport, natsTransport } from '@mercato/platform/bus';
import { openDb } from '@mercato/platform/db';
import { createHttpServer, httpMigrations } from '@mercato/platform/http';
import { idGenerator, systemClock } from '@mercato/platform/kernel';
import { type AnyModule, bootModules } from '@mercato/platform/module';
import { memoryRateLimiter } from '@mercato/platform/ratelimit';
import { filesystemObjectStore } from '@mercato/platform/storage';
import { createTelemetry, instrumentDb } from '@mercato/platform/telemetry';
import type { Config } from './config.ts';

/**
 * The composition root: the whole topology of one Mercato process, top to bottom.
 * Embedded by default (PGlite, in-process events, files for objects); a PostgreSQL
 * URL and a NATS URL switch the adapters. Module code cannot tell the difference.
 */
export const modules: readonly AnyModule[] = [catalog];

export async function createApp(config: Config, options: { tracing?: 'none' | 'memory' } = {}) {
  const telemetry = createTelemetry({
    serviceName: 'mercato',
    logLevel: config.logLevel,
    tracing: options.tracing ?? 'none',
  });
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
  const clock = systemClock;

  const host = await bootModules({
    modules,
    db,
    transport,
    logger,
    metrics: telemetry.metrics,
    tracer: telemetry.tracer,
    clock,
    ids: idGenerator(clock),
    objects: filesystemObjectStore(join(config.dataDir, 'objects')),
    rateLimiter: memoryRateLimiter(clock),
    platformSchemas: [{ schema: 'platform', migrations: httpMigrations }],
    config: {
      catalog: { currency: config.currency, cache: { entriesMax: 5000, ttlMs: 60_000 } },
    },
  });

  const http = await createHttpServer({
    telemetry,
    db,
    isReady: async () => {
      try {
        return await host.migrated();
      } catch {
        return false;
      }
    },
  });
  await host.registerRoutes(http);

  return {
    config,
    logger,
    http,
    host,
    db,
    catalog: host.apis['catalog'] as CatalogApi,
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

export type App = Awaited<ReturnType<typeof createApp>>;
