import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { Registry } from 'prom-client';
import type { Db } from '../../db/port.ts';
import { testDbTargets } from '../../db/testing.ts';
import { manualClock, sequentialIds } from '../../kernel/index.ts';
import { subscribeWithInbox } from '../inbox.ts';
import { natsTransport, type NatsTransportOptions } from '../nats.ts';
import { createOutbox } from '../outbox.ts';
import type { EventEnvelope, Transport } from '../port.ts';
import { createRelay } from '../relay.ts';
import {
  crashingDb,
  createSchema,
  effectSubscription,
  effects,
  eventType,
  logger,
  recordEffect,
  totalEffects,
} from './support.ts';
import { eventually } from '../../testing/index.ts';

const url = process.env['NATS_URL'];
if (!url && process.env['CI'] === 'true') throw new Error('NATS_URL must be set in CI: NATS tests may not skip there');
const pglite = testDbTargets().find((target) => target.name === 'pglite');

describe('NATS JetStream transport', { skip: url ? undefined : 'NATS_URL not set: NATS tests skipped' }, () => {
  const suffix = randomBytes(4).toString('hex');
  const base: NatsTransportOptions = {
    servers: url ?? '',
    stream: `MERCATO_TEST_${suffix}`,
    subjectPrefix: `test_${suffix}`,
    logger,
    ackWaitMs: 1_000,
    deliverMax: 5,
    nakDelayMs: 100,
    closeTimeoutMs: 500,
  };
  const transports: Transport[] = [];
  let db: Db;
  const open = async (overrides: Partial<NatsTransportOptions> = {}) => {
    const transport = await natsTransport({ ...base, ...overrides });
    transports.push(transport);
    return transport;
  };

  before(async () => {
    db = (await pglite?.open()) as Db;
    await createSchema(db, 'natsbus');
  });
  after(async () => {
    await Promise.allSettled(transports.map((transport) => transport.close()));
    await db?.close();
    const nc = await connect({ servers: url ?? '' });
    try {
      await (await jetstreamManager(nc)).streams.delete(base.stream ?? '');
    } finally {
      await nc.close();
    }
  });

  async function streamMessages(): Promise<number> {
    const nc = await connect({ servers: url ?? '' });
    try {
      return (await (await jetstreamManager(nc)).streams.info(base.stream ?? '')).state.messages;
    } finally {
      await nc.close();
    }
  }

  it('relays outbox events to a durable consumer once, even when the relay republishes after a crash', async () => {
    const schema = 'natsbus';
    const consumer = 'test.relayed';
    const clock = manualClock();
    const transport = await open();
    await subscribeWithInbox({ db, schema, transport, subscription: effectSubscription(schema, consumer), logger });
    const outbox = createOutbox({ schema, ids: sequentialIds(), clock });
    const events = await db.transaction((tx) =>
      outbox.append(
        tx,
        [1, 2, 3].map((n) => ({ type: eventType, data: { n } })),
      ),
    );
    const relayOptions = {
      db,
      schema,
      transport,
      logger,
      metrics: new Registry(),
      clock,
      batchSize: 10,
      pollIntervalMs: 10,
      attemptsMax: 3,
      leaseMs: 1_000,
    };
    await assert.rejects(
      createRelay({ ...relayOptions, db: crashingDb(db, /SET published_at/) }).relayOnce(),
      /simulated crash/,
    );
    clock.advance(1_001);
    assert.equal(await createRelay(relayOptions).relayOnce(), 3);
    await eventually(async () => (await totalEffects(db, schema, consumer)) >= 3, { what: 'three effects' });
    assert.deepEqual(await effects(db, schema, consumer), new Map(events.map((event) => [event.id, 1])));
    assert.equal(await streamMessages(), 3, 'JetStream dropped the second publish of each id');
  });

  it('redelivers an event after its handler threw; the effect happens once', async () => {
    const schema = 'natsbus';
    const consumer = 'test.flaky';
    const type = 'test.flaky_happened';
    const transport = await open();
    let calls = 0;
    await subscribeWithInbox({
      db,
      schema,
      transport,
      logger,
      subscription: {
        consumer,
        types: [type],
        async handle(event, tx) {
          await recordEffect(tx, schema, consumer, event);
          calls++;
          if (calls === 1) throw new Error('first delivery fails');
        },
      },
    });
    const event: EventEnvelope = {
      id: `evt_flaky_${suffix}`,
      type,
      version: 1,
      occurredAt: new Date().toISOString(),
      traceparent: null,
      data: {},
    };
    await transport.publish([event]);
    await eventually(async () => (await effects(db, schema, consumer)).get(event.id) === 1, {
      what: 'the redelivered event to take effect',
    });
    assert.equal(calls, 2);
  });

  it('a listener on every process hears published events', async () => {
    const transport = await open();
    const heard: string[] = [];
    await transport.listen([eventType], (event) => {
      heard.push(event.id);
    });
    const event: EventEnvelope = {
      id: `evt_listen_${suffix}`,
      type: eventType,
      version: 1,
      occurredAt: new Date().toISOString(),
      traceparent: null,
      data: {},
    };
    await transport.publish([event]);
    await eventually(() => heard.includes(event.id), { what: 'the listener to hear the event' });
  });

  it('redelivers an event whose consumer stopped without acking, after restart; the effect happens once', async () => {
    const schema = 'natsbus';
    const consumer = 'test.restarted';
    const type = 'test.restart_happened';
    const crashed = await open();
    let received: EventEnvelope | undefined;
    // The first process takes the event and never finishes: as if it died mid-handler.
    await crashed.subscribe(consumer, [type], (event) => {
      received = event;
      return new Promise(() => {});
    });
    const publisher = await open();
    const event: EventEnvelope = {
      id: `evt_restart_${suffix}`,
      type,
      version: 1,
      occurredAt: new Date().toISOString(),
      traceparent: null,
      data: {},
    };
    await publisher.publish([event]);
    await publisher.publish([event]);
    await eventually(() => received?.id === event.id, { what: 'the first process to receive the event' });
    await crashed.close();

    const restarted = await open();
    await subscribeWithInbox({
      db,
      schema,
      transport: restarted,
      subscription: effectSubscription(schema, consumer, [type]),
      logger,
    });
    await eventually(async () => (await effects(db, schema, consumer)).get(event.id) === 1, {
      what: 'the restarted consumer to handle the event',
    });
    assert.equal(await totalEffects(db, schema, consumer), 1);
  });
});
