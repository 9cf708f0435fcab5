import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Type } from 'typebox';
import type { Db } from '../../db/port.ts';
import { testDbTargets } from '../../db/testing.ts';
import { manualClock } from '../../kernel/index.ts';
import { Body, errorBody, idempotencyStore, purgeExpiredKeys } from '../index.ts';
import { gate, interleaving, migrated, type TestServer, testServer } from './harness.ts';
import { eventually } from '../../testing/index.ts';

const lockTimeoutMs = 60_000;
const ttlMs = 24 * 60 * 60 * 1000;
const OrderBody = Body({ sku: Type.String(), quantity: Type.Integer({ minimum: 1 }) });

/** Routes that count their executions, so a test can tell a replay from a second run. */
function orderRoutes() {
  const state = {
    executions: 0,
    held: undefined as Promise<void> | undefined,
    entered: 0,
    failures: new Set<string>(),
  };
  function routes(app: TestServer['app']) {
    const handle = async (sku: string, quantity: number, prefix: string) => {
      state.executions++;
      state.entered++;
      if (state.held !== undefined) await state.held;
      if (sku === 'crash-once' && !state.failures.has(sku)) {
        state.failures.add(sku);
        throw new Error('provider down');
      }
      return { id: `${prefix}_${state.executions}`, sku, quantity, at: process.hrtime.bigint().toString() };
    };
    app.post('/orders', { schema: { body: OrderBody } }, async (request, reply) => {
      const { sku, quantity } = request.body;
      if (sku === 'rejected') {
        state.executions++;
        return reply.code(400).send(errorBody('weak_password', 'A business rule said no.'));
      }
      if (sku === 'taken') {
        state.executions++;
        return reply.code(409).send(errorBody('email_taken', 'Already there.'));
      }
      return reply.code(201).send(await handle(sku, quantity, 'ord'));
    });
    app.post('/other', { schema: { body: OrderBody } }, async (request, reply) =>
      reply.code(201).send(await handle(request.body.sku, request.body.quantity, 'oth')),
    );
    app.post('/orders/:id/cancel', { schema: { params: Type.Object({ id: Type.String() }) } }, async (request) => {
      state.executions++;
      return { cancelled: request.params.id, run: state.executions };
    });
    app.post(
      '/carts/:id/items',
      {
        schema: { params: Type.Object({ id: Type.String() }) },
        config: { idempotencyScope: (request) => `cart:${(request.params as { id: string }).id}` },
      },
      async () => {
        state.executions++;
        return { run: state.executions };
      },
    );
    app.post(
      '/checkout',
      { schema: { body: OrderBody }, config: { idempotency: 'required' } },
      async (request, reply) => reply.code(201).send(await handle(request.body.sku, request.body.quantity, 'chk')),
    );
  }
  return { state, routes };
}

for (const target of testDbTargets()) {
  describe(`idempotency keys on ${target.name}`, { skip: target.skipReason }, () => {
    let db: Db;
    let server: TestServer;
    const clock = manualClock();
    const orders = orderRoutes();
    let keyCounter = 0;
    const freshKey = () => `key-${target.name}-${++keyCounter}`;
    const post = (url: string, payload: object, key: string | undefined, user?: string) =>
      server.app.inject({
        method: 'POST',
        url,
        payload,
        headers: {
          ...(key === undefined ? {} : { 'idempotency-key': key }),
          ...(user === undefined ? {} : { 'x-test-user': user }),
        },
      });

    before(async () => {
      db = await migrated(await target.open());
      server = await testServer({
        db: interleaving(db),
        clock,
        idempotency: { ttlMs, lockTimeoutMs },
        routes: orders.routes,
        authenticate: async (request) => {
          const user = request.headers['x-test-user'];
          return typeof user === 'string' ? { id: user, kind: 'customer', sessionId: `ses_${user}` } : null;
        },
      });
    });
    after(async () => {
      await server?.close();
      await db?.close();
    });

    test('replays the first response byte-identical for a retry with the same key and body', async () => {
      const key = freshKey();
      const before = orders.state.executions;
      const first = await post('/orders', { sku: 'a', quantity: 1 }, key);
      const retry = await post('/orders', { quantity: 1, sku: 'a' }, key);
      assert.equal(first.statusCode, 201);
      assert.equal(retry.statusCode, 201);
      assert.deepEqual(retry.rawPayload, first.rawPayload);
      assert.equal(retry.headers['content-type'], first.headers['content-type']);
      assert.equal(retry.headers['idempotent-replayed'], 'true');
      assert.equal(first.headers['idempotent-replayed'], undefined);
      assert.equal(orders.state.executions - before, 1);
    });

    test('answers 422 idempotency_key_reused for the same key with a different body', async () => {
      const key = freshKey();
      assert.equal((await post('/orders', { sku: 'a', quantity: 1 }, key)).statusCode, 201);
      const reused = await post('/orders', { sku: 'a', quantity: 2 }, key);
      assert.equal(reused.statusCode, 422);
      assert.equal(reused.json().error.code, 'idempotency_key_reused');
    });

    test('answers 422 idempotency_key_reused for the same key on a different endpoint', async () => {
      const key = freshKey();
      assert.equal((await post('/orders', { sku: 'a', quantity: 1 }, key)).statusCode, 201);
      const elsewhere = await post('/other', { sku: 'a', quantity: 1 }, key);
      assert.equal(elsewhere.statusCode, 422);
      assert.equal(elsewhere.json().error.code, 'idempotency_key_reused');
      const otherParams = [
        await post('/orders/ord_1/cancel', {}, `${key}-p`),
        await post('/orders/ord_2/cancel', {}, `${key}-p`),
      ];
      assert.deepEqual(
        otherParams.map((response) => response.statusCode),
        [200, 422],
      );
    });

    test('answers 409 request_in_progress to a retry while the first is still running, then replays', async () => {
      const key = freshKey();
      const hold = gate();
      orders.state.held = hold.opened;
      const entered = orders.state.entered;
      const first = post('/orders', { sku: 'slow', quantity: 1 }, key);
      await eventually(() => orders.state.entered > entered);
      const retry = await post('/orders', { sku: 'slow', quantity: 1 }, key);
      assert.equal(retry.statusCode, 409);
      assert.equal(retry.json().error.code, 'request_in_progress');
      orders.state.held = undefined;
      hold.open();
      assert.equal((await first).statusCode, 201);
      const later = await post('/orders', { sku: 'slow', quantity: 1 }, key);
      assert.equal(later.headers['idempotent-replayed'], 'true');
      assert.equal(later.body, (await first).body);
    });

    test('runs the handler exactly once for concurrent identical requests', async () => {
      const key = freshKey();
      const before = orders.state.executions;
      const responses = await Promise.all(
        Array.from({ length: 6 }, () => post('/orders', { sku: 'concurrent', quantity: 3 }, key)),
      );
      assert.equal(orders.state.executions - before, 1);
      const originals = responses.filter((r) => r.statusCode === 201 && r.headers['idempotent-replayed'] === undefined);
      assert.equal(originals.length, 1);
      for (const response of responses) {
        assert.ok(
          response.statusCode === 409 || (response.statusCode === 201 && response.body === originals[0]!.body),
          `unexpected ${response.statusCode} ${response.body}`,
        );
      }
    });

    test('does not store a 400 answer: a retry runs again', async () => {
      const key = freshKey();
      const before = orders.state.executions;
      assert.equal((await post('/orders', { sku: 'rejected', quantity: 1 }, key)).statusCode, 400);
      assert.equal((await post('/orders', { sku: 'rejected', quantity: 1 }, key)).statusCode, 400);
      assert.equal(orders.state.executions - before, 2);
      // A validation failure never claims the key either.
      assert.equal((await post('/orders', { sku: 'a' }, key)).statusCode, 400);
      assert.equal((await post('/orders', { sku: 'a', quantity: 1 }, key)).statusCode, 201);
    });

    test('stores other client errors such as 409 and replays them', async () => {
      const key = freshKey();
      const before = orders.state.executions;
      const first = await post('/orders', { sku: 'taken', quantity: 1 }, key);
      const retry = await post('/orders', { sku: 'taken', quantity: 1 }, key);
      assert.equal(first.statusCode, 409);
      assert.equal(retry.statusCode, 409);
      assert.equal(retry.headers['idempotent-replayed'], 'true');
      assert.equal(orders.state.executions - before, 1);
    });

    test('does not store a 5xx answer: the retry runs again and its success is stored', async () => {
      const key = freshKey();
      const before = orders.state.executions;
      assert.equal((await post('/orders', { sku: 'crash-once', quantity: 1 }, key)).statusCode, 500);
      const retry = await post('/orders', { sku: 'crash-once', quantity: 1 }, key);
      assert.equal(retry.statusCode, 201);
      assert.equal(retry.headers['idempotent-replayed'], undefined);
      assert.equal(orders.state.executions - before, 2);
    });

    test('lets a retry take over a claim older than the lock timeout (a crashed process)', async () => {
      const key = freshKey();
      const hold = gate();
      orders.state.held = hold.opened;
      const entered = orders.state.entered;
      const stuck = post('/orders', { sku: 'stuck', quantity: 1 }, key);
      await eventually(() => orders.state.entered > entered);
      orders.state.held = undefined;
      assert.equal((await post('/orders', { sku: 'stuck', quantity: 1 }, key)).statusCode, 409);
      clock.advance(lockTimeoutMs + 1);
      const takeover = await post('/orders', { sku: 'stuck', quantity: 1 }, key);
      assert.equal(takeover.statusCode, 201);
      assert.equal(takeover.headers['idempotent-replayed'], undefined);
      hold.open();
      // The stale request finishes late; its answer must not replace the one now stored.
      assert.equal((await stuck).statusCode, 201);
      const replay = await post('/orders', { sku: 'stuck', quantity: 1 }, key);
      assert.equal(replay.body, takeover.body);
    });

    test('scopes keys to the caller: the same key from two callers runs twice', async () => {
      const key = freshKey();
      const before = orders.state.executions;
      const alice = await post('/orders', { sku: 'a', quantity: 1 }, key, 'cus_alice');
      const bob = await post('/orders', { sku: 'a', quantity: 1 }, key, 'cus_bob');
      const anonymous = await post('/orders', { sku: 'a', quantity: 1 }, key);
      assert.deepEqual([alice.statusCode, bob.statusCode, anonymous.statusCode], [201, 201, 201]);
      assert.notEqual(alice.body, bob.body);
      assert.equal(orders.state.executions - before, 3);
      const aliceAgain = await post('/orders', { sku: 'a', quantity: 1 }, key, 'cus_alice');
      assert.equal(aliceAgain.body, alice.body);
    });

    test('lets a route choose the scope of its keys', async () => {
      const key = freshKey();
      const first = await post('/carts/cart_1/items', {}, key, 'cus_alice');
      const sameCartOtherCaller = await post('/carts/cart_1/items', {}, key, 'cus_bob');
      assert.equal(sameCartOtherCaller.headers['idempotent-replayed'], 'true');
      assert.equal(sameCartOtherCaller.body, first.body);
      const otherCart = await post('/carts/cart_2/items', {}, key, 'cus_alice');
      assert.equal(otherCart.headers['idempotent-replayed'], undefined);
    });

    test('requires a key on a route that declares it, and bounds its length', async () => {
      const missing = await post('/checkout', { sku: 'a', quantity: 1 }, undefined);
      assert.equal(missing.statusCode, 400);
      assert.equal(missing.json().error.code, 'idempotency_key_required');
      for (const key of ['', 'k'.repeat(256)]) {
        const invalid = await post('/orders', { sku: 'a', quantity: 1 }, key);
        assert.equal(invalid.statusCode, 400);
        assert.equal(invalid.json().error.code, 'invalid_request');
      }
      assert.equal((await post('/checkout', { sku: 'a', quantity: 1 }, 'k'.repeat(255))).statusCode, 201);
    });

    test('runs the handler every time without a key', async () => {
      const before = orders.state.executions;
      await post('/orders', { sku: 'a', quantity: 1 }, undefined);
      await post('/orders', { sku: 'a', quantity: 1 }, undefined);
      assert.equal(orders.state.executions - before, 2);
    });

    test('forgets a key after its time to live and purges expired keys in batches', async () => {
      const key = freshKey();
      const first = await post('/orders', { sku: 'a', quantity: 1 }, key);
      clock.advance(ttlMs + 1);
      const afterTtl = await post('/orders', { sku: 'a', quantity: 1 }, key);
      assert.equal(afterTtl.headers['idempotent-replayed'], undefined);
      assert.notEqual(afterTtl.body, first.body);
      clock.advance(ttlMs + 1);
      const store = idempotencyStore(db, clock, { ttlMs, lockTimeoutMs });
      assert.ok((await store.purgeExpired(2)) <= 2, 'one batch deletes at most its size');
      await purgeExpiredKeys(store);
      const { rows } = await db.query<{ count: number }>(
        'SELECT count(*)::int AS count FROM platform.idempotency_keys',
      );
      assert.equal(rows[0]!.count, 0);
    });

    test('purges expired keys on a timer from ready until close', async () => {
      const purging = await testServer({
        db,
        clock,
        idempotency: { ttlMs, lockTimeoutMs, purgeIntervalMs: 5 },
        routes: orderRoutes().routes,
      });
      try {
        await purging.app.inject({
          method: 'POST',
          url: '/orders',
          payload: { sku: 'a', quantity: 1 },
          headers: { 'idempotency-key': freshKey() },
        });
        const count = async () =>
          (await db.query<{ count: number }>('SELECT count(*)::int AS count FROM platform.idempotency_keys')).rows[0]!
            .count;
        assert.ok((await count()) > 0);
        clock.advance(ttlMs + 1);
        await eventually(async () => (await count()) === 0);
      } finally {
        await purging.close();
      }
    });
  });
}
