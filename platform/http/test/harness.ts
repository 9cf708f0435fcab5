import { Writable } from 'node:stream';
import { migrate, readMigrations } from '../../db/index.ts';
import type { Db } from '../../db/port.ts';
import type { Clock } from '../../kernel/index.ts';
import { createTelemetry, instrumentDb, type Telemetry } from '../../telemetry/index.ts';
import {
  type Authenticate,
  createHttpServer,
  type HttpApp,
  httpMigrations,
  type IdempotencyOptions,
} from '../index.ts';

export type LogLine = Record<string, unknown> & { msg?: string; reqId?: string; traceId?: string };

/** For servers whose tests must not touch a database: any query is a bug. */
export const noDb: Db = {
  kind: 'pglite',
  query: () => Promise.reject(new Error('no database in this test')),
  exec: () => Promise.reject(new Error('no database in this test')),
  transaction: () => Promise.reject(new Error('no database in this test')),
  stats: () => ({ total: 0, idle: 0, waiting: 0 }),
  close: async () => {},
};

/** Captures JSON log lines in memory; pino writes to it synchronously. */
export function logCapture() {
  const lines: LogLine[] = [];
  const stream = new Writable({
    write(chunk, _encoding, callback) {
      for (const line of String(chunk).split('\n')) if (line !== '') lines.push(JSON.parse(line) as LogLine);
      callback();
    },
  });
  return { stream, lines };
}

export async function migrated(db: Db): Promise<Db> {
  await migrate(db, 'platform', await readMigrations(httpMigrations));
  return db;
}

export type ServerSetup = {
  readonly db: Db;
  /** Adds the test's routes; `db` is the one the server uses (instrumented when asked). */
  readonly routes?: (app: HttpApp, db: Db) => void;
  readonly clock?: Clock;
  readonly idempotency?: IdempotencyOptions;
  readonly authenticate?: Authenticate;
  readonly isReady?: () => Promise<boolean>;
  /** Wrap the database with instrumentDb (spans and metrics). */
  readonly instrument?: boolean;
  readonly trustedProxyHops?: number;
};

export type TestServer = { app: HttpApp; telemetry: Telemetry; logs: LogLine[]; db: Db; close(): Promise<void> };

/** A server on `db` with in-memory spans and captured logs; closing it leaves `db` open. */
export async function testServer(setup: ServerSetup): Promise<TestServer> {
  const capture = logCapture();
  const telemetry = createTelemetry({
    serviceName: 'test',
    logLevel: 'info',
    logStream: capture.stream,
    tracing: 'memory',
  });
  const db = setup.instrument === true ? instrumentDb(setup.db, telemetry) : setup.db;
  const app = await createHttpServer({
    telemetry,
    db,
    isReady: setup.isReady ?? (async () => true),
    ...(setup.clock === undefined ? {} : { clock: setup.clock }),
    ...(setup.idempotency === undefined ? {} : { idempotency: setup.idempotency }),
    ...(setup.authenticate === undefined ? {} : { authenticate: setup.authenticate }),
    ...(setup.trustedProxyHops === undefined ? {} : { trustedProxyHops: setup.trustedProxyHops }),
  });
  setup.routes?.(app, db);
  await app.ready();
  return {
    app,
    telemetry,
    logs: capture.lines,
    db,
    async close() {
      await app.close();
      await telemetry.shutdown();
    },
  };
}

/**
 * Yields to the event loop before each query, so concurrent requests interleave at
 * every statement even on PGlite (whose in-process queries would otherwise let one
 * request run all its statements before the next one starts).
 */
export function interleaving(db: Db): Db {
  const turn = () => new Promise<void>((resolve) => setImmediate(resolve));
  return {
    ...db,
    async query(sql, params) {
      await turn();
      return db.query(sql, params);
    },
  };
}

/** A promise and its resolve function, to hold a handler until the test lets it go. */
export function gate() {
  let open: () => void = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}
