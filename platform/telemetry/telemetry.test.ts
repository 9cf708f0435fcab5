import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, describe, test } from 'node:test';
import { SpanStatusCode, trace } from '@opentelemetry/api';
import { register as globalRegistry } from 'prom-client';
import type { Db, QueryResult } from '../db/port.ts';
import { createTelemetry, currentTraceparent, instrumentDb, type Telemetry, withRemoteParent } from './index.ts';

const remoteTraceId = '4bf92f3577b34da6a3ce929d0e0e4736';
const remoteParent = `00-${remoteTraceId}-00f067aa0ba902b7-01`;

function capture() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _encoding, callback) {
      lines.push(JSON.parse(String(chunk)) as Record<string, unknown>);
      callback();
    },
  });
  return { lines, stream };
}

/** A Db double that records what reaches it; `fail` makes the next query throw. */
function recordingDb() {
  const seen: { sql: string; params: readonly unknown[] | undefined }[] = [];
  let fail = false;
  const answer = async (sql: string, params?: readonly unknown[]): Promise<QueryResult> => {
    seen.push({ sql, params });
    if (fail) {
      fail = false;
      throw new Error('relation does not exist');
    }
    return { rows: [{ ok: 1 }], rowCount: 1 };
  };
  const db: Db = {
    kind: 'postgres',
    query: answer as Db['query'],
    exec: async (sql) => {
      await answer(sql);
    },
    transaction: (work) => work({ query: answer as Db['query'], exec: async (sql) => void (await answer(sql)) }),
    stats: () => ({ total: 4, idle: 3, waiting: 2 }),
    close: async () => {},
  };
  return { db, seen, failNext: () => (fail = true) };
}

describe('telemetry', () => {
  const logs = capture();
  const telemetry: Telemetry = createTelemetry({
    serviceName: 'unit',
    logLevel: 'info',
    logStream: logs.stream,
    tracing: 'memory',
  });
  after(() => telemetry.shutdown());

  test('log lines carry the trace and span ids of the active span, and none outside one', async () => {
    telemetry.logger.info('outside');
    await withRemoteParent(remoteParent, 'work', (span) => {
      telemetry.logger.info({ extra: 1 }, 'inside');
      assert.equal(span.spanContext().traceId, remoteTraceId);
    });
    const outside = logs.lines.find((line) => line['msg'] === 'outside')!;
    const inside = logs.lines.find((line) => line['msg'] === 'inside')!;
    assert.equal(outside['traceId'], undefined);
    assert.equal(outside['service'], 'unit');
    assert.equal(inside['traceId'], remoteTraceId);
    assert.match(String(inside['spanId']), /^[0-9a-f]{16}$/);
    assert.equal(inside['extra'], 1);
  });

  test('currentTraceparent is null outside a span and names the active span inside one', async () => {
    assert.equal(currentTraceparent(), null);
    const inside = await withRemoteParent(remoteParent, 'work', (span) => {
      assert.equal(currentTraceparent(), `00-${remoteTraceId}-${span.spanContext().spanId}-01`);
      return currentTraceparent();
    });
    assert.ok(inside);
  });

  test('withRemoteParent starts a new trace from a missing or malformed traceparent', async () => {
    for (const traceparent of [null, 'garbage']) {
      const traceId = await withRemoteParent(traceparent, 'fresh', (span) => span.spanContext().traceId);
      assert.match(traceId, /^[0-9a-f]{32}$/);
      assert.notEqual(traceId, remoteTraceId);
    }
  });

  test('withRemoteParent marks the span failed and rethrows when the work throws', async () => {
    telemetry.spans!.reset();
    await assert.rejects(
      withRemoteParent(remoteParent, 'doomed', () => {
        throw new Error('boom');
      }),
      /boom/,
    );
    const [span] = telemetry.spans!.getFinishedSpans();
    assert.equal(span?.name, 'doomed');
    assert.equal(span?.status.code, SpanStatusCode.ERROR);
    assert.equal(span?.parentSpanContext?.spanId, '00f067aa0ba902b7');
  });

  test("metrics live in the telemetry registry, not the global one, with prom-client's event-loop lag", async () => {
    const text = await telemetry.metrics.metrics();
    assert.match(text, /^# TYPE nodejs_eventloop_lag_p99_seconds gauge$/m);
    assert.match(text, /^nodejs_eventloop_lag_p99_seconds [\d.e-]+$/m);
    assert.match(text, /^nodejs_eventloop_lag_max_seconds [\d.e-]+$/m);
    assert.match(text, /^nodejs_heap_size_used_bytes /m);
    assert.equal(globalRegistry.getSingleMetric('nodejs_eventloop_lag_p99_seconds'), undefined);
  });

  test('instrumentDb makes a span per query with a truncated statement and no parameter values', async () => {
    const recording = recordingDb();
    const db = instrumentDb(recording.db, telemetry);
    telemetry.spans!.reset();
    const longSql = `SELECT ${'x, '.repeat(150)} 1 WHERE a = $1`;
    await withRemoteParent(remoteParent, 'request', () => db.query(longSql, ['4111-1111-1111-1111']));
    assert.deepEqual(recording.seen.at(-1)?.params, ['4111-1111-1111-1111']);
    const query = telemetry.spans!.getFinishedSpans().find((span) => span.name === 'db.query')!;
    assert.equal(query.spanContext().traceId, remoteTraceId);
    assert.equal(query.attributes['db.system'], 'postgresql');
    assert.equal(query.attributes['db.statement'], longSql.slice(0, 200));
    assert.doesNotMatch(JSON.stringify(query.attributes), /4111/);
  });

  test('instrumentDb records a failed query on its span and rethrows', async () => {
    const recording = recordingDb();
    const db = instrumentDb(recording.db, telemetry);
    telemetry.spans!.reset();
    recording.failNext();
    await assert.rejects(db.query('SELECT * FROM missing'), /does not exist/);
    const [span] = telemetry.spans!.getFinishedSpans();
    assert.equal(span?.status.code, SpanStatusCode.ERROR);
  });

  test('instrumentDb nests the queries of a transaction under a transaction span', async () => {
    const recording = recordingDb();
    const db = instrumentDb(recording.db, telemetry);
    telemetry.spans!.reset();
    const seenInside = await db.transaction(async (tx) => {
      await tx.query('SELECT 1');
      await tx.exec('SELECT 2');
      return trace.getActiveSpan()?.spanContext().spanId;
    });
    const spans = telemetry.spans!.getFinishedSpans();
    const transaction = spans.find((span) => span.name === 'db.transaction')!;
    assert.equal(seenInside, transaction.spanContext().spanId);
    const children = spans.filter((span) => span.parentSpanContext?.spanId === transaction.spanContext().spanId);
    assert.equal(children.length, 2);
  });

  test('instrumentDb times queries and reports pool connections at scrape time', async () => {
    const recording = recordingDb();
    const db = instrumentDb(recording.db, telemetry);
    await db.query('SELECT 1');
    const text = await telemetry.metrics.metrics();
    assert.match(text, /^db_query_duration_seconds_count [1-9]\d*$/m);
    assert.match(text, /^db_pool_connections\{state="total"\} [1-9]\d*$/m);
    assert.match(text, /^db_pool_connections\{state="idle"\} \d+$/m);
    assert.match(text, /^db_pool_connections\{state="waiting"\} \d+$/m);
    const before = Number(/^db_pool_connections\{state="total"\} (\d+)$/m.exec(text)![1]);
    await db.close();
    const closed = await telemetry.metrics.metrics();
    assert.equal(Number(/^db_pool_connections\{state="total"\} (\d+)$/m.exec(closed)![1]), before - 4);
  });
});

describe('telemetry without an exporter', () => {
  test("tracing 'none' still gives spans trace ids, and shutdown can be called twice", async () => {
    const quiet = createTelemetry({ serviceName: 'quiet', logLevel: 'silent', tracing: 'none' });
    assert.equal(quiet.spans, undefined);
    const traceparent = await withRemoteParent(null, 'work', () => currentTraceparent());
    assert.match(String(traceparent), /^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    await quiet.shutdown();
    await quiet.shutdown();
  });
});
