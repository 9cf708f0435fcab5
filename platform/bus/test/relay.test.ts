import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Registry } from 'prom-client';
import type { Db } from '../../db/port.ts';
import { testDbTargets } from '../../db/testing.ts';
import { manualClock, sequentialIds } from '../../kernel/index.ts';
import { inProcessTransport } from '../in-process.ts';
import { subscribeWithInbox } from '../inbox.ts';
import { appendEventsMax, createOutbox } from '../outbox.ts';
import type { EventEnvelope, Transport } from '../port.ts';
import { createRelay, type RelayOptions } from '../relay.ts';
import { busTablesSql } from '../tables.ts';
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

const consumer = 'test.effects';

for (const target of testDbTargets()) {
  describe(`outbox, relay and inbox on ${target.name}`, { skip: target.skipReason }, () => {
    let db: Db;
    let schemaCount = 0;
    before(async () => {
      db = await target.open();
    });
    after(async () => {
      await db?.close();
    });

    /** A fresh schema, outbox, in-process transport and relay settings per test. */
    async function setup(overrides: Partial<RelayOptions> = {}) {
      const schema = `bus_${++schemaCount}`;
      await createSchema(db, schema);
      const clock = manualClock();
      const ids = sequentialIds();
      const transport = inProcessTransport({ logger });
      const metrics = new Registry();
      const outbox = createOutbox({ schema, ids, clock });
      const relayOptions: RelayOptions = {
        db,
        schema,
        transport,
        logger,
        metrics,
        clock,
        batchSize: 50,
        pollIntervalMs: 20,
        attemptsMax: 3,
        statsIntervalMs: 0,
        ...overrides,
      };
      const append = (count: number, data: Record<string, unknown> = {}) =>
        db.transaction((tx) =>
          outbox.append(
            tx,
            Array.from({ length: count }, (_, n) => ({ type: eventType, data: { n, ...data } })),
          ),
        );
      return { schema, clock, transport, metrics, outbox, relayOptions, append };
    }

    async function outboxRow(schema: string, id: string) {
      const { rows } = await db.query<{
        published_at: Date | null;
        dead_at: Date | null;
        attempts: number;
        last_error: string | null;
      }>(`SELECT published_at, dead_at, attempts, last_error FROM ${schema}.outbox WHERE id = $1`, [id]);
      return rows[0];
    }

    it('busTablesSql is idempotent and refuses a schema name that is not a plain identifier', async () => {
      const { schema } = await setup();
      await db.exec(busTablesSql(schema));
      assert.throws(() => busTablesSql('x; DROP TABLE y'), /invalid schema name/);
      assert.throws(() => busTablesSql('Upper'), /invalid schema name/);
    });

    it('append refuses more than appendEventsMax events and malformed types, writing nothing', async () => {
      const { schema, outbox } = await setup();
      const many = Array.from({ length: appendEventsMax + 1 }, () => ({ type: eventType, data: {} }));
      await assert.rejects(
        db.transaction((tx) => outbox.append(tx, many)),
        /at most/,
      );
      await assert.rejects(
        db.transaction((tx) => outbox.append(tx, [{ type: 'Not a type', data: {} }])),
        /invalid event type/,
      );
      const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${schema}.outbox`);
      assert.equal(rows[0]?.n, 0);
    });

    it('delivers an event appended in a committed transaction once, and never one from a rolled-back transaction', async () => {
      const { schema, transport, outbox, relayOptions, append } = await setup();
      await subscribeWithInbox({ db, schema, transport, subscription: effectSubscription(schema, consumer), logger });
      const relay = createRelay(relayOptions);
      relay.start();
      const [committed] = await append(1);
      let rolledBack: EventEnvelope | undefined;
      await assert.rejects(
        db.transaction(async (tx) => {
          [rolledBack] = await outbox.append(tx, [{ type: eventType, data: { n: 2 } }]);
          throw new Error('business rule failed');
        }),
        /business rule failed/,
      );
      relay.wake();
      await eventually(async () => (await totalEffects(db, schema, consumer)) === 1, {
        what: 'the committed event to take effect',
      });
      await relay.stop();
      assert.equal(await relay.relayOnce(), 0);
      assert.deepEqual(await effects(db, schema, consumer), new Map([[committed?.id, 1]]));
      assert.ok(rolledBack);
      assert.equal(await outboxRow(schema, rolledBack.id), undefined);
      assert.ok((await outboxRow(schema, committed?.id ?? ''))?.published_at);
    });

    it('republishes a batch whose relay died after publishing and before marking; each effect happens once', async () => {
      const { schema, clock, transport, relayOptions, append } = await setup({ leaseMs: 10_000 });
      await subscribeWithInbox({ db, schema, transport, subscription: effectSubscription(schema, consumer), logger });
      // Without an inbox the same crash shows as a second effect: the redelivery really happens.
      await transport.subscribe('test.no_inbox', [eventType], (event) =>
        db.transaction((tx) => recordEffect(tx, schema, 'test.no_inbox', event)),
      );
      const events = await append(3);
      const dying = createRelay({ ...relayOptions, db: crashingDb(db, /SET published_at/) });
      await assert.rejects(dying.relayOnce(), /simulated crash/);
      assert.equal(await totalEffects(db, schema, consumer), 3);

      const restarted = createRelay(relayOptions);
      assert.equal(await restarted.relayOnce(), 0, 'the rows stay claimed until the lease runs out');
      clock.advance(10_001);
      assert.equal(await restarted.relayOnce(), 3);
      assert.deepEqual(await effects(db, schema, consumer), new Map(events.map((event) => [event.id, 1])));
      assert.deepEqual(await effects(db, schema, 'test.no_inbox'), new Map(events.map((event) => [event.id, 2])));
    });

    it('republishes when the transport accepted the batch but reported a failure', async () => {
      const { schema, clock, transport, relayOptions, append } = await setup({ retryDelayMs: 1_000 });
      await subscribeWithInbox({ db, schema, transport, subscription: effectSubscription(schema, consumer), logger });
      let failNext = true;
      const flaky: Transport = {
        ...transport,
        async publish(events) {
          await transport.publish(events);
          if (failNext) {
            failNext = false;
            throw new Error('connection reset after publish');
          }
        },
      };
      const [event] = await append(1);
      const relay = createRelay({ ...relayOptions, transport: flaky });
      assert.equal(await relay.relayOnce(), 0);
      assert.equal((await outboxRow(schema, event?.id ?? ''))?.attempts, 1);
      clock.advance(1_000);
      assert.equal(await relay.relayOnce(), 1);
      assert.deepEqual(await effects(db, schema, consumer), new Map([[event?.id, 1]]));
    });

    it('stop() waits for the batch in flight, which ends marked', async () => {
      const { schema, transport, relayOptions, append } = await setup();
      let release: () => void = () => {};
      let entered = false;
      const gated: Transport = {
        ...transport,
        async publish(events) {
          entered = true;
          await new Promise<void>((resolve) => {
            release = resolve;
          });
          await transport.publish(events);
        },
      };
      const [event] = await append(1);
      const relay = createRelay({ ...relayOptions, transport: gated });
      relay.start();
      await eventually(() => entered, { what: 'the relay to start publishing' });
      let stopped = false;
      const stopping = relay.stop().then(() => {
        stopped = true;
      });
      await new Promise((resolve) => setImmediate(resolve));
      assert.equal(stopped, false);
      release();
      await stopping;
      assert.ok((await outboxRow(schema, event?.id ?? ''))?.published_at);
    });

    it('redelivers to a consumer that threw twice; its effect happens once', async () => {
      const { schema, clock, transport, relayOptions, append } = await setup({ retryDelayMs: 1_000, attemptsMax: 5 });
      let calls = 0;
      await subscribeWithInbox({
        db,
        schema,
        transport,
        logger,
        subscription: {
          consumer,
          types: [eventType],
          async handle(event, tx) {
            // The effect is written before the failure: the rollback must take it back.
            await recordEffect(tx, schema, consumer, event);
            calls++;
            if (calls <= 2) throw new Error(`handler failure ${calls}`);
          },
        },
      });
      const [event] = await append(1);
      const relay = createRelay(relayOptions);
      assert.equal(await relay.relayOnce(), 0);
      assert.equal(await relay.relayOnce(), 0, 'a failed row waits for its backoff');
      clock.advance(1_000);
      assert.equal(await relay.relayOnce(), 0);
      const failed = await outboxRow(schema, event?.id ?? '');
      assert.equal(failed?.attempts, 2);
      assert.match(failed?.last_error ?? '', /handler failure 2/);
      clock.advance(2_000);
      assert.equal(await relay.relayOnce(), 1);
      assert.equal(calls, 3);
      assert.deepEqual(await effects(db, schema, consumer), new Map([[event?.id, 1]]));
    });

    it('marks a poison event dead after attemptsMax while the events around it flow', async () => {
      const { schema, clock, transport, metrics, outbox, relayOptions, append } = await setup({ retryDelayMs: 1_000 });
      await subscribeWithInbox({
        db,
        schema,
        transport,
        logger,
        subscription: {
          consumer,
          types: [eventType],
          async handle(event, tx) {
            if ((event.data as { poison?: boolean }).poison) throw new Error('cannot handle this one');
            await recordEffect(tx, schema, consumer, event);
          },
        },
      });
      const [before1] = await append(1);
      const [poison] = await append(1, { poison: true });
      const [before2] = await append(1);
      const relay = createRelay(relayOptions);
      for (let pass = 0; pass < 10 && !(await outboxRow(schema, poison?.id ?? ''))?.dead_at; pass++) {
        await relay.relayOnce();
        clock.advance(60_000);
      }
      const dead = await outboxRow(schema, poison?.id ?? '');
      assert.ok(dead?.dead_at, 'the poison event is dead');
      assert.equal(dead?.attempts, 3);
      const [later] = await db.transaction((tx) => outbox.append(tx, [{ type: eventType, data: { n: 4 } }]));
      assert.equal(await relay.relayOnce(), 1);
      assert.deepEqual(
        await effects(db, schema, consumer),
        new Map([before1, before2, later].map((event) => [event?.id, 1])),
      );
      const text = await metrics.metrics();
      assert.match(text, new RegExp(`outbox_dead_events_total\\{schema="${schema}"\\} 1`));
      assert.match(text, new RegExp(`outbox_published_total\\{schema="${schema}"\\} 3`));
    });

    it('two relays on one schema publish every event once between them', async () => {
      const { schema, transport, relayOptions, append } = await setup({ batchSize: 7 });
      await subscribeWithInbox({ db, schema, transport, subscription: effectSubscription(schema, consumer), logger });
      const appended: EventEnvelope[] = [];
      for (let round = 0; round < 4; round++) appended.push(...(await append(40)));
      const publishes = new Map<string, number>();
      // The second relay is slower, so the two drift apart instead of claiming in lockstep.
      const counting = (delayMs: number): Transport => ({
        ...transport,
        async publish(events) {
          for (const event of events) publishes.set(event.id, (publishes.get(event.id) ?? 0) + 1);
          await new Promise((resolve) => setTimeout(resolve, delayMs));
          await transport.publish(events);
        },
      });
      const relays = [
        createRelay({ ...relayOptions, transport: counting(0) }),
        createRelay({ ...relayOptions, transport: counting(3) }),
      ];
      for (const relay of relays) relay.start();
      await eventually(async () => (await totalEffects(db, schema, consumer)) >= appended.length, {
        what: 'every event to take effect',
        timeoutMs: 15_000,
      });
      await Promise.all(relays.map((relay) => relay.stop()));
      assert.deepEqual(await effects(db, schema, consumer), new Map(appended.map((event) => [event.id, 1])));
      // Leases keep the relays off each other's rows: no event was published twice.
      assert.deepEqual(publishes, new Map(appended.map((event) => [event.id, 1])));
    });

    it('reports pending events and lag, and purges published rows after the retention', async () => {
      const { schema, clock, metrics, relayOptions, append } = await setup({ retentionMs: 60_000, purgeIntervalMs: 0 });
      await append(2);
      clock.advance(5_000);
      const relay = createRelay({ ...relayOptions, batchSize: 1 });
      assert.equal(await relay.relayOnce(), 1);
      const gauges = async () => {
        const text = await metrics.metrics();
        const read = (name: string) => Number(new RegExp(`${name}\\{schema="${schema}"\\} (\\S+)`).exec(text)?.[1]);
        return { pending: read('outbox_pending_events'), lag: read('outbox_lag_seconds') };
      };
      assert.deepEqual(await gauges(), { pending: 2, lag: 5 });
      assert.equal(await relay.relayOnce(), 1);
      assert.equal((await gauges()).pending, 1);
      assert.equal(await relay.relayOnce(), 0);
      assert.deepEqual(await gauges(), { pending: 0, lag: 0 });
      clock.advance(60_001);
      await relay.relayOnce();
      const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${schema}.outbox`);
      assert.equal(rows[0]?.n, 0);
    });
  });
}
