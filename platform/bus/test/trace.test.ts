import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { Registry } from 'prom-client';
import type { Db } from '../../db/port.ts';
import { testDbTargets } from '../../db/testing.ts';
import { manualClock, sequentialIds } from '../../kernel/index.ts';
import { inProcessTransport } from '../in-process.ts';
import { subscribeWithInbox } from '../inbox.ts';
import { createOutbox } from '../outbox.ts';
import type { EventEnvelope } from '../port.ts';
import { createRelay } from '../relay.ts';
import { createSchema, eventType, logger, recordEffect } from './support.ts';

const pglite = testDbTargets().find((target) => target.name === 'pglite');

describe('trace context through the outbox', () => {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  let db: Db;

  before(async () => {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
    trace.setGlobalTracerProvider(provider);
    db = (await pglite?.open()) as Db;
    await createSchema(db, 'traced');
  });
  after(async () => {
    await db?.close();
    await provider.shutdown();
    trace.disable();
    propagation.disable();
    context.disable();
  });

  it('stamps the envelope with the span active at append, and the consumer span continues that trace', async () => {
    const clock = manualClock();
    const outbox = createOutbox({ schema: 'traced', ids: sequentialIds(), clock });
    const transport = inProcessTransport({ logger });
    const seen: EventEnvelope[] = [];
    await subscribeWithInbox({
      db,
      schema: 'traced',
      transport,
      logger,
      subscription: {
        consumer: 'test.traced',
        types: [eventType],
        async handle(event, tx) {
          seen.push(event);
          await recordEffect(tx, 'traced', 'test.traced', event);
        },
      },
    });
    const tracer = trace.getTracer('test');
    const { envelope, traceId, spanId } = await tracer.startActiveSpan('place order', async (span) => {
      const [appended] = await db.transaction((tx) => outbox.append(tx, [{ type: eventType, data: {} }]));
      span.end();
      return { envelope: appended, ...span.spanContext() };
    });
    assert.equal(envelope?.traceparent, `00-${traceId}-${spanId}-01`);

    const [untraced] = await db.transaction((tx) => outbox.append(tx, [{ type: eventType, data: {} }]));
    assert.equal(untraced?.traceparent, null, 'no active span, no traceparent');

    const relay = createRelay({
      db,
      schema: 'traced',
      transport,
      logger,
      metrics: new Registry(),
      clock,
      batchSize: 10,
      pollIntervalMs: 10,
      attemptsMax: 3,
    });
    assert.equal(await relay.relayOnce(), 2);
    assert.equal(seen[0]?.traceparent, envelope?.traceparent);

    const consumerSpans = exporter.getFinishedSpans().filter((span) => span.name === `process ${eventType}`);
    assert.equal(consumerSpans.length, 2);
    const continued = consumerSpans.find((span) => span.spanContext().traceId === traceId);
    assert.ok(continued, 'a consumer span belongs to the trace of the append');
    assert.equal(continued.parentSpanContext?.spanId, spanId);
    assert.equal(continued.attributes['messaging.message.id'], envelope?.id);
    const fresh = consumerSpans.find((span) => span !== continued);
    assert.notEqual(fresh?.spanContext().traceId, traceId);
  });
});
