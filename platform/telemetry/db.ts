import { context, type Span, SpanKind, SpanStatusCode, trace, type Tracer } from '@opentelemetry/api';
import type { Registry } from 'prom-client';
import type { Db, Queryable, QueryResult, Row, Tx } from '../db/port.ts';
import { gaugeOf, histogramOf, latencyBucketsSeconds } from './metrics.ts';

/** What instrumentDb needs from a telemetry: a tracer and a registry. */
export type DbTelemetry = { readonly tracer: Tracer; readonly metrics: Registry };

const statementLengthMax = 200;
const poolStates = ['total', 'idle', 'waiting'] as const;
/** The databases each registry reports in `db_pool_connections` (summed). */
const poolsByRegistry = new WeakMap<Registry, Set<Db>>();

function statementOf(sql: string): string {
  return sql.length > statementLengthMax ? sql.slice(0, statementLengthMax) : sql;
}

function fail(span: Span, error: unknown): void {
  span.recordException(error as Error);
  span.setStatus({ code: SpanStatusCode.ERROR });
}

function registerPoolGauge(db: Db, metrics: Registry): void {
  let pools = poolsByRegistry.get(metrics);
  if (pools === undefined) {
    pools = new Set();
    poolsByRegistry.set(metrics, pools);
  }
  pools.add(db);
  const registered = pools;
  gaugeOf(metrics, {
    name: 'db_pool_connections',
    help: 'Database connections by state (idle, total) and callers waiting for one, read at scrape time.',
    labelNames: ['state'],
    collect() {
      const sums = { total: 0, idle: 0, waiting: 0 };
      for (const pool of registered) {
        const stats = pool.stats();
        sums.total += stats.total;
        sums.idle += stats.idle;
        sums.waiting += stats.waiting;
      }
      for (const state of poolStates) this.set({ state }, sums[state]);
    },
  });
}

/**
 * Wraps the Db port so every query and transaction makes a span (`db.query`,
 * `db.transaction`) and every query is timed in `db_query_duration_seconds`.
 * Parameter values never reach a span: they may hold personal data. The wrapper adds
 * one span and one histogram observation per query, nothing else.
 */
export function instrumentDb(db: Db, telemetry: DbTelemetry): Db {
  const { tracer, metrics } = telemetry;
  const duration = histogramOf(metrics, {
    name: 'db_query_duration_seconds',
    help: 'Duration of database queries in seconds.',
    labelNames: [],
    buckets: latencyBucketsSeconds,
  });
  registerPoolGauge(db, metrics);

  async function traced<T>(sql: string, run: () => Promise<T>): Promise<T> {
    const span = tracer.startSpan(
      'db.query',
      { kind: SpanKind.CLIENT, attributes: { 'db.system': 'postgresql', 'db.statement': statementOf(sql) } },
      context.active(),
    );
    const startedMs = performance.now();
    try {
      return await run();
    } catch (error) {
      fail(span, error);
      throw error;
    } finally {
      duration.observe((performance.now() - startedMs) / 1000);
      span.end();
    }
  }

  function wrap(target: Queryable): Tx {
    return {
      query<R extends Row = Row>(sql: string, params?: readonly unknown[]): Promise<QueryResult<R>> {
        return traced(sql, () => target.query<R>(sql, params));
      },
      exec(sql: string): Promise<void> {
        return traced(sql, () => target.exec(sql));
      },
    };
  }

  const base = wrap(db);
  return {
    kind: db.kind,
    query: base.query,
    exec: base.exec,
    transaction(work, options) {
      const span = tracer.startSpan('db.transaction', {
        kind: SpanKind.CLIENT,
        attributes: { 'db.system': 'postgresql' },
      });
      const inside = trace.setSpan(context.active(), span);
      // Queries of the transaction, and whatever `work` traces, become its children.
      return db
        .transaction((tx) => context.with(inside, () => work(wrap(tx))), options)
        .then(
          (value) => {
            span.end();
            return value;
          },
          (error: unknown) => {
            fail(span, error);
            span.end();
            throw error;
          },
        );
    },
    stats: () => db.stats(),
    async close() {
      poolsByRegistry.get(metrics)?.delete(db);
      await db.close();
    },
  };
}
