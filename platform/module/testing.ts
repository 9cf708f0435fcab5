import { inProcessTransport } from '../bus/index.ts';
import type { Db } from '../db/port.ts';
import { openTestPglite } from '../db/testing.ts';
import { type Authenticate, createHttpServer, httpMigrations } from '../http/index.ts';
import { type Clock, type IdGenerator, idGenerator, systemClock } from '../kernel/index.ts';
import { memoryRateLimiter } from '../ratelimit/memory.ts';
import { memoryObjectStore } from '../storage/memory.ts';
import { createTelemetry } from '../telemetry/index.ts';
import { type AnyModule, bootModules } from './host.ts';

export type TestHostOptions = {
  readonly modules: readonly AnyModule[];
  readonly config?: Readonly<Record<string, unknown>>;
  /** A database from `testDbTargets()`; in-memory PGlite (a copy of the migrated template) when absent. */
  readonly db?: Db;
  readonly clock?: Clock;
  readonly ids?: IdGenerator;
  /**
   * Resolves the caller of a request from its APIs once they exist (the customers
   * module's token verifier, say). Without it every request is anonymous.
   */
  readonly authenticate?: (apis: Readonly<Record<string, unknown>>) => Authenticate;
  /** Start relays, consumers and jobs (default true). Tests that step events by hand pass false and call `drain()`. */
  readonly start?: boolean;
};

/**
 * Boots modules the way the app does, on test doubles that are real where it matters:
 * a real database, the real in-process transport, the real HTTP server (for
 * `app.inject()`), objects in memory and no log output.
 */
export async function bootTestHost(options: TestHostOptions) {
  const telemetry = createTelemetry({ serviceName: 'test', logLevel: 'silent', tracing: 'memory' });
  const db = options.db ?? (await openTestPglite());
  const transport = inProcessTransport({ logger: telemetry.logger });
  const clock = options.clock ?? systemClock;
  const objects = memoryObjectStore();
  // A boot that fails (a module refused, say) closes what it opened, so no handle keeps
  // the test process alive after the test asserted the failure.
  const closeOpened = async () => {
    await transport.close();
    if (options.db === undefined) await db.close();
    await telemetry.shutdown();
  };
  const host = await bootModules({
    modules: options.modules,
    db,
    transport,
    logger: telemetry.logger,
    metrics: telemetry.metrics,
    tracer: telemetry.tracer,
    clock,
    ids: options.ids ?? idGenerator(clock),
    objects,
    rateLimiter: memoryRateLimiter(clock),
    config: options.config ?? {},
    platformSchemas: [{ schema: 'platform', migrations: httpMigrations }],
    relay: { pollIntervalMs: 10 },
  }).catch(async (error: unknown) => {
    await closeOpened();
    throw error;
  });
  const app = await createHttpServer({
    telemetry,
    db,
    isReady: () => host.migrated(),
    ...(options.authenticate ? { authenticate: options.authenticate(host.apis) } : {}),
  });
  try {
    await host.registerRoutes(app);
    await app.ready();
    if (options.start ?? true) await host.start();
  } catch (error) {
    await app.close();
    await host.stop();
    await closeOpened();
    throw error;
  }
  return {
    host,
    apis: host.apis,
    app,
    db,
    objects,
    telemetry,
    /** Relays every outbox until empty: events written so far have been handled when it resolves. */
    drain: () => host.drain(),
    async close() {
      await app.close();
      await host.stop();
      await transport.close();
      await db.close();
      await telemetry.shutdown();
    },
  };
}
