import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testDbTargets } from '@mercato/platform/db/testing';
import {
  assertNoOrphans,
  bootShop,
  cartWith,
  checkoutBody,
  countRows,
  postCheckout,
  type Shop,
  stockedVariant,
  statusOf,
} from './support.ts';

/**
 * A runner that dies between two saga points, in-process: the checkout module's logger
 * throws when the runner logs the point (the run stops there, as a killed process
 * would; see saga-points.ts) and the saga's lease is then made to look expired. The
 * recovery pass must take each such saga to exactly one end. The real thing, with
 * SIGKILL and a restarted server, is tests/checkout/crash-recovery.test.ts.
 */
class SimulatedCrash extends Error {
  override name = 'SimulatedCrash';
}

for (const target of testDbTargets()) {
  describe(`saga recovery on ${target.name}`, { skip: target.skipReason }, () => {
    let shop: Shop;
    let crashAt: string | undefined;

    before(async () => {
      shop = await bootShop(target, {
        config: { authorizationOrphanAfterMs: 0 },
        sagaPoints: (point) => {
          if (point !== crashAt) return;
          crashAt = undefined;
          throw new SimulatedCrash(point);
        },
      });
    });

    after(() => shop?.close());

    /** What a dead runner leaves: a lease nobody renews. */
    const expireLeases = () =>
      shop.db.query(
        `UPDATE checkout.sagas SET lease_expires_at = now() - interval '1 second', next_attempt_at = now() - interval '1 second' WHERE status IN ('running', 'compensating')`,
      );

    async function checkoutCrashingAt(point: string, overrides: Record<string, unknown> = {}) {
      const { variantId, sku } = await stockedVariant(shop, 3);
      const cartId = await cartWith(shop, variantId, 1);
      crashAt = point;
      const answer = await postCheckout(shop, checkoutBody(cartId, 'tok_visa', overrides));
      assert.equal(crashAt, undefined, `the saga never reached ${point}`);
      const { rows } = await shop.db.query<{ id: string }>('SELECT id FROM checkout.orders WHERE cart_id = $1', [
        cartId,
      ]);
      return { answer, orderId: rows[0]!.id, sku };
    }

    const forwardPoints = [
      'cart',
      'reserve:unpersisted',
      'reserve',
      'authorize:unpersisted',
      'authorize',
      'ship:unpersisted',
      'ship',
      'confirm:unpersisted',
    ];
    for (const point of forwardPoints) {
      it(`resumes a saga that died at ${point} and places the order exactly once`, async () => {
        const { answer, orderId, sku } = await checkoutCrashingAt(point);
        assert.equal(answer.status, 202, 'the request answers pending when its saga stops');
        await expireLeases();
        assert.equal(await shop.checkout.recoverSagas(), 1);
        assert.equal(await statusOf(shop, orderId), 'placed');
        assert.equal((await shop.inventory.availability([sku]))[sku], 2, 'one unit held, not two');
        assert.deepEqual(
          (await shop.payments.findByOrder(orderId)).map((payment) => payment.status),
          ['authorized'],
        );
        assert.equal(
          await countRows(shop, 'SELECT count(*) AS count FROM shipping.shipments WHERE order_id = $1', [orderId]),
          1,
        );
        assert.equal(
          await countRows(
            shop,
            `SELECT count(*) AS count FROM checkout.outbox WHERE type = 'checkout.order_placed' AND data->>'orderId' = $1`,
            [orderId],
          ),
          1,
        );
        await assertNoOrphans(shop);
      });
    }

    const undeliverable = {
      shippingAddress: { name: 'N', line1: 'Nowhere 1', city: 'Void', postalCode: '00000', country: 'US' },
    };
    for (const point of ['ship:unpersisted', 'compensate:authorize', 'compensate:reserve']) {
      it(`finishes compensating a saga that died at ${point}: nothing held, nothing charged`, async () => {
        const { orderId, sku } = await checkoutCrashingAt(point, undeliverable);
        await expireLeases();
        await shop.checkout.recoverSagas();
        assert.equal(await statusOf(shop, orderId), 'failed');
        assert.equal((await shop.inventory.availability([sku]))[sku], 3);
        assert.deepEqual(
          (await shop.payments.findByOrder(orderId)).map((payment) => payment.status),
          ['voided'],
        );
        await assertNoOrphans(shop);
      });
    }

    it('leaves a saga alone while its lease is held (its runner is alive)', async () => {
      const { orderId } = await checkoutCrashingAt('authorize');
      // The dead runner let go in-process here; hold the lease again as a live runner would.
      await shop.db.query(
        `UPDATE checkout.sagas SET lease_owner = 'alive', lease_expires_at = now() + interval '1 minute' WHERE order_id = $1`,
        [orderId],
      );
      assert.equal(await shop.checkout.recoverSagas(), 0);
      assert.equal(await statusOf(shop, orderId), 'pending');
      await expireLeases();
      assert.equal(await shop.checkout.recoverSagas(), 1);
      assert.equal(await statusOf(shop, orderId), 'placed');
    });

    it('reconciliation voids an authorization whose order is not placed, and keeps those of placed orders', async () => {
      const { variantId } = await stockedVariant(shop, 2);
      const placed = await postCheckout(shop, checkoutBody(await cartWith(shop, variantId)));
      assert.equal(placed.status, 201);
      const orphan = await shop.payments.authorize({
        orderId: 'ord_never_made',
        amount: { amount: 1000, currency: 'USD' },
        method: 'test_card',
        token: 'tok_visa',
        idempotencyKey: 'ord_never_made:authorize',
      });
      assert.ok(orphan.ok);
      assert.equal(await shop.checkout.reconcileAuthorizations(), 1);
      assert.deepEqual(
        (await shop.payments.findByOrder('ord_never_made')).map((payment) => payment.status),
        ['voided'],
      );
      assert.deepEqual(
        (await shop.payments.findByOrder(placed.body.order.id)).map((payment) => payment.status),
        ['authorized'],
      );
      assert.equal(await shop.checkout.reconcileAuthorizations(), 0, 'nothing left to void');
    });
  });
}
