import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type Span, trace } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { Type } from 'typebox';
import type { Db } from '../../db/port.ts';
import { testDbTargets } from '../../db/testing.ts';
import { Body } from '../index.ts';
import { migrated, type TestServer, testServer } from './harness.ts';

const remoteTraceId = '0af7651916cd43dd8448eb211c80319c';
const remoteParent = `00-${remoteTraceId}-b7ad6b7169203331-01`;

function spansOfTrace(server: TestServer, traceId: string): ReadableSpan[] {
  return server.telemetry.spans!.getFinishedSpans().filter((span) => span.spanContext().traceId === traceId);
}

function parentOf(span: ReadableSpan): string | undefined {
  return span.parentSpanContext?.spanId;
}

for (const target of testDbTargets()) {
  describe(`request ids, logs, traces and metrics on ${target.name}`, { skip: target.skipReason }, () => {
    let db: Db;
    let server: TestServer;
    before(async () => {
      db = await migrated(await target.open());
      server = await testServer({
        db,
        instrument: true,
        routes(app, instrumented) {
          app.get('/ping', async (request) => {
            request.log.info('handling ping');
            return { traceId: trace.getActiveSpan()?.spanContext().traceId ?? null };
          });
          app.get('/count', async () => {
            const { rows } = await instrumented.query<{ n: number }>('SELECT $1::int AS n', [41]);
            return { n: rows[0]!.n + 1 };
          });
          app.post('/notes', { schema: { body: Body({ text: Type.String() }) } }, async (request, reply) => {
            request.log.info('writing note');
            await instrumented.transaction(async (tx) => {
              await tx.query('SELECT $1::text AS secret_value', [request.body.text]);
              await tx.query('SELECT 1');
            });
            return reply.code(201).send({ ok: true });
          });
        },
      });
    });
    after(async () => {
      await server?.close();
      await db?.close();
    });

    test('echoes a well-formed inbound x-request-id and replaces a malformed one', async () => {
      const kept = await server.app.inject({
        method: 'GET',
        url: '/ping',
        headers: { 'x-request-id': 'edge:abc-123.x_y' },
      });
      assert.equal(kept.headers['x-request-id'], 'edge:abc-123.x_y');
      for (const inbound of ['has space', 'x'.repeat(129), 'semi;colon']) {
        const replaced = await server.app.inject({ method: 'GET', url: '/ping', headers: { 'x-request-id': inbound } });
        assert.notEqual(replaced.headers['x-request-id'], inbound);
        assert.match(replaced.headers['x-request-id'] as string, /^[A-Za-z0-9._:-]{1,128}$/);
      }
      const generated = await server.app.inject({ method: 'GET', url: '/nowhere' });
      assert.match(generated.headers['x-request-id'] as string, /^[0-9a-f-]{36}$/);
    });

    test('every log line of a request carries its request id and trace id', async () => {
      const response = await server.app.inject({
        method: 'POST',
        url: '/notes',
        payload: { text: 'hello' },
        headers: { 'x-request-id': 'req-logs-1' },
      });
      assert.equal(response.statusCode, 201);
      const lines = server.logs.filter((line) => line.reqId === 'req-logs-1');
      assert.deepEqual(
        lines.map((line) => line.msg),
        ['writing note', 'request completed'],
      );
      const traceIds = new Set(lines.map((line) => line.traceId));
      assert.equal(traceIds.size, 1);
      assert.match([...traceIds][0] as string, /^[0-9a-f]{32}$/);
      assert.equal(
        spansOfTrace(server, [...traceIds][0] as string).find((span) => span.name === 'POST /notes')?.name,
        'POST /notes',
      );
    });

    test('makes a server span named after the route, child of an inbound traceparent, with its status code', async () => {
      const response = await server.app.inject({ method: 'GET', url: '/ping', headers: { traceparent: remoteParent } });
      assert.equal(response.json().traceId, remoteTraceId);
      const [span] = spansOfTrace(server, remoteTraceId);
      assert.equal(span?.name, 'GET /ping');
      assert.equal(parentOf(span!), 'b7ad6b7169203331');
      assert.equal(span?.attributes['http.response.status_code'], 200);
      assert.equal(span?.attributes['http.route'], '/ping');
    });

    test('database spans share the trace of the request, under its server span', async () => {
      server.telemetry.spans!.reset();
      await server.app.inject({
        method: 'POST',
        url: '/notes',
        payload: { text: 'private words' },
        headers: { traceparent: remoteParent },
      });
      const spans = spansOfTrace(server, remoteTraceId);
      const http = spans.find((span) => span.name === 'POST /notes')!;
      const transaction = spans.find((span) => span.name === 'db.transaction')!;
      const queries = spans.filter((span) => span.name === 'db.query');
      assert.ok(http && transaction, 'server and transaction spans exist');
      assert.equal(parentOf(transaction), http.spanContext().spanId);
      assert.equal(queries.length, 2);
      for (const query of queries) {
        assert.equal(parentOf(query), transaction.spanContext().spanId);
        assert.equal(query.attributes['db.system'], 'postgresql');
        assert.doesNotMatch(JSON.stringify(query.attributes), /private words/);
      }
      const get = await server.app.inject({ method: 'GET', url: '/count', headers: { traceparent: remoteParent } });
      assert.deepEqual(get.json(), { n: 42 });
      const query = spansOfTrace(server, remoteTraceId).find(
        (span) => span.name === 'db.query' && span.attributes['db.statement'] === 'SELECT $1::int AS n',
      );
      assert.ok(query, 'the query of a GET is traced too');
    });

    test('a GET makes no database call of its own, even with an Idempotency-Key header', async () => {
      server.telemetry.spans!.reset();
      await server.app.inject({ method: 'GET', url: '/ping', headers: { 'idempotency-key': 'k1' } });
      const names = server.telemetry.spans!.getFinishedSpans().map((span) => span.name);
      assert.deepEqual(names, ['GET /ping']);
    });

    test('a mutating request with a key traces its idempotency queries in its own trace', async () => {
      server.telemetry.spans!.reset();
      await server.app.inject({
        method: 'POST',
        url: '/notes',
        payload: { text: 'x' },
        headers: { traceparent: remoteParent, 'idempotency-key': `trace-${target.name}` },
      });
      const statements = spansOfTrace(server, remoteTraceId)
        .filter((span) => span.name === 'db.query')
        .map((span) => String(span.attributes['db.statement']));
      assert.ok(statements.some((sql) => sql.startsWith('INSERT INTO platform.idempotency_keys')));
      assert.ok(statements.some((sql) => sql.startsWith('UPDATE platform.idempotency_keys')));
    });

    test('GET /metrics has the request latency histogram, database and event-loop metrics', async () => {
      await server.app.inject({ method: 'GET', url: '/ping' });
      await server.app.inject({ method: 'GET', url: '/no/such/route' });
      const response = await server.app.inject({ method: 'GET', url: '/metrics' });
      assert.equal(response.statusCode, 200);
      assert.match(response.headers['content-type'] as string, /^text\/plain; version=0\.0\.4/);
      const text = response.body;
      assert.match(text, /^# TYPE http_request_duration_seconds histogram$/m);
      assert.match(text, /^http_request_duration_seconds_count\{method="GET",route="\/ping",status_code="200"\} \d+$/m);
      assert.match(
        text,
        /^http_request_duration_seconds_count\{method="GET",route="unmatched",status_code="404"\} \d+$/m,
      );
      assert.match(text, /^# TYPE nodejs_eventloop_lag_p99_seconds gauge$/m);
      assert.match(text, /^nodejs_eventloop_lag_p99_seconds [\d.e-]+$/m);
      assert.match(text, /^db_query_duration_seconds_count \d+$/m);
      assert.match(text, /^db_pool_connections\{state="total"\} [1-9]\d*$/m);
      assert.match(text, /^db_pool_connections\{state="waiting"\} \d+$/m);
      assert.match(text, /^process_cpu_seconds_total /m);
    });
  });
}

describe('span helpers inside a request', () => {
  test('the active span in a handler is the server span', async () => {
    let seen: Span | undefined;
    const server = await testServer({
      db: {} as Db,
      routes(app) {
        app.get('/x', async () => {
          seen = trace.getActiveSpan();
          return {};
        });
      },
    });
    try {
      await server.app.inject({ method: 'GET', url: '/x' });
      const [span] = server.telemetry.spans!.getFinishedSpans();
      assert.equal(seen?.spanContext().spanId, span?.spanContext().spanId);
    } finally {
      await server.close();
    }
  });
});
