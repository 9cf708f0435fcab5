import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testDbTargets } from '@mercato/platform/db/testing';
import {
  assertNoOrphans,
  bootShop,
  cartWith,
  checkoutBody,
  countRows,
  eventually,
  postCheckout,
  type Shop,
  stockedVariant,
  usd,
} from './support.ts';

for (const target of testDbTargets()) {
  describe(`checkout on ${target.name}`, { skip: target.skipReason }, () => {
    let shop: Shop;

    before(async () => {
      // tok_slow answers after 1.7 s here, beyond the 1.5 s request budget.
      shop = await bootShop(target, { slowDelayMs: 1700 });
    });

    after(() => shop?.close());

    it('places an order: 201 with the order, stock held, payment authorized, cart frozen', async () => {
      const { variantId, sku } = await stockedVariant(shop, 5, 2500);
      const cartId = await cartWith(shop, variantId, 2);
      const { status, body } = await postCheckout(shop, checkoutBody(cartId));
      assert.equal(status, 201, JSON.stringify(body));
      const { order } = body;
      assert.equal(order.status, 'placed');
      assert.match(order.number, /^M-\d{6,}$/);
      assert.equal(order.items.length, 1);
      assert.deepEqual(
        { sku: order.items[0]!.sku, quantity: order.items[0]!.quantity, unitPrice: order.items[0]!.unitPrice },
        { sku, quantity: 2, unitPrice: { amount: 2500, currency: 'USD' } },
      );
      // US standard shipping is 599, US tax 0.
      assert.deepEqual(order.totals.total, { amount: 5599, currency: 'USD' });
      assert.deepEqual(order.payment, {
        status: 'authorized',
        method: 'test_card',
        captured: usd(0),
        refunded: usd(0),
        net: usd(0),
      });
      assert.ok(order.accessToken?.startsWith('oat_'), 'a guest gets an access token');
      assert.equal((await shop.inventory.availability([sku]))[sku], 3);
      const cart = await shop.cart.getCart(cartId, null);
      assert.ok(cart.ok && cart.value.status === 'checked_out' && cart.value.orderId === order.id);
      const payments = await shop.payments.findByOrder(order.id);
      assert.deepEqual(
        payments.map((payment) => [payment.status, payment.amount.amount]),
        [['authorized', 5599]],
      );
      await shop.drain();
      assert.equal(
        await countRows(
          shop,
          `SELECT count(*) AS count FROM checkout.outbox WHERE type = 'checkout.order_placed' AND data->>'orderId' = $1`,
          [order.id],
        ),
        1,
      );
      await assertNoOrphans(shop);
    });

    it('answers a guest who has the token, and 404 to anyone without it', async () => {
      const { variantId } = await stockedVariant(shop, 1);
      const { body } = await postCheckout(shop, checkoutBody(await cartWith(shop, variantId)));
      const { id, accessToken } = body.order;
      const read = await shop.app.inject({ url: `/api/orders/${id}?token=${accessToken}` });
      assert.equal(read.statusCode, 200);
      assert.equal(read.json().id, id);
      assert.equal(read.json().accessToken, undefined, 'the token is only in the checkout answer');
      for (const url of [`/api/orders/${id}`, `/api/orders/${id}?token=oat_wrong`, '/api/orders/ord_nope']) {
        const refused = await shop.app.inject({ url });
        assert.equal(refused.statusCode, 404, url);
        assert.equal(refused.json().error.code, 'order_not_found');
      }
    });

    it('refuses an empty cart, a missing cart and a checked-out cart with their codes', async () => {
      const empty = await shop.cart.createCart(null);
      assert.equal((await postCheckout(shop, checkoutBody(empty.id))).body.error?.code, 'cart_empty');
      const missing = await postCheckout(shop, checkoutBody('cart_missing'));
      assert.deepEqual([missing.status, missing.body.error?.code], [404, 'cart_not_found']);
      const { variantId } = await stockedVariant(shop, 2);
      const cartId = await cartWith(shop, variantId);
      assert.equal((await postCheckout(shop, checkoutBody(cartId))).status, 201);
      const again = await postCheckout(shop, checkoutBody(cartId));
      assert.deepEqual([again.status, again.body.error?.code], [409, 'cart_already_checked_out']);
    });

    it('answers 409 insufficient_stock with the items, holding nothing and charging nothing', async () => {
      const { variantId, sku } = await stockedVariant(shop, 2);
      const cartId = await cartWith(shop, variantId, 2);
      await shop.inventory.adjust({ sku, delta: -1, reason: 'broken in storage', actor: { id: 'stf_test' } });
      const { status, body } = await postCheckout(shop, checkoutBody(cartId));
      assert.deepEqual([status, body.error?.code], [409, 'insufficient_stock']);
      assert.deepEqual(body.error?.details?.['items'], [{ sku, requested: 2, available: 1 }]);
      assert.equal((await shop.inventory.availability([sku]))[sku], 1);
      const cart = await shop.cart.getCart(cartId, null);
      assert.ok(cart.ok && cart.value.status === 'open', 'the cart opens again for another try');
      await assertNoOrphans(shop);
    });

    for (const token of ['tok_declined', 'tok_insufficient_funds']) {
      it(`answers 402 payment_declined for ${token}, leaving no reservation and no charge`, async () => {
        const { variantId, sku } = await stockedVariant(shop, 3);
        const { status, body } = await postCheckout(shop, checkoutBody(await cartWith(shop, variantId), token));
        assert.deepEqual([status, body.error?.code], [402, 'payment_declined']);
        assert.equal((await shop.inventory.availability([sku]))[sku], 3);
        const order = await shop.db.query<{ id: string; status: string; payment_status: string }>(
          `SELECT o.id, o.status, o.payment_status FROM checkout.orders o JOIN checkout.order_items i ON i.order_id = o.id WHERE i.sku = $1`,
          [sku],
        );
        assert.deepEqual(
          order.rows.map((row) => [row.status, row.payment_status]),
          [['failed', 'failed']],
        );
        const reservation = await shop.inventory.getReservation(order.rows[0]!.id);
        assert.equal(reservation?.status, 'released');
        await assertNoOrphans(shop);
      });
    }

    it('retries tok_error, then compensates: 503 payment_provider_unavailable, nothing held or charged', async () => {
      const { variantId, sku } = await stockedVariant(shop, 3);
      const cartId = await cartWith(shop, variantId);
      const { status, body, response } = await postCheckout(shop, checkoutBody(cartId, 'tok_error'));
      assert.deepEqual([status, body.error?.code], [503, 'payment_provider_unavailable']);
      assert.ok(response.headers['retry-after']);
      assert.equal((await shop.inventory.availability([sku]))[sku], 3);
      const saga = await shop.db.query<{ status: string; attempts: number; failure: { code: string } }>(
        `SELECT s.status, s.attempts, s.failure FROM checkout.sagas s JOIN checkout.orders o ON o.id = s.order_id WHERE o.cart_id = $1`,
        [cartId],
      );
      assert.equal(saga.rows[0]?.status, 'compensated');
      assert.equal(saga.rows[0]?.failure.code, 'payment_provider_unavailable');
      assert.equal(
        await countRows(
          shop,
          `SELECT count(*) AS count FROM payments.payments p JOIN checkout.orders o ON o.id = p.order_id WHERE o.cart_id = $1`,
          [cartId],
        ),
        0,
      );
      await assertNoOrphans(shop);
    });

    it('answers 202 pending for tok_slow; the order becomes placed once the provider answers', async () => {
      const { variantId } = await stockedVariant(shop, 2);
      const { status, body } = await postCheckout(shop, checkoutBody(await cartWith(shop, variantId), 'tok_slow'));
      assert.equal(status, 202, JSON.stringify(body));
      assert.equal(body.order.status, 'pending');
      assert.deepEqual(body.order.payment, {
        status: 'pending',
        method: 'test_card',
        captured: usd(0),
        refunded: usd(0),
        net: usd(0),
      });
      const { id, accessToken } = body.order;
      const placed = await eventually(async () => {
        const read = (await shop.app.inject({ url: `/api/orders/${id}?token=${accessToken}` })).json();
        return read.status === 'placed' ? read : undefined;
      }, 5000);
      assert.equal(placed.payment.status, 'authorized');
      await assertNoOrphans(shop);
    });

    it('answers 422 address_undeliverable, compensating the stock and the authorization', async () => {
      const { variantId, sku } = await stockedVariant(shop, 2);
      const address = { name: 'Nobody', line1: 'Nowhere 1', city: 'Void', postalCode: '00000', country: 'US' };
      const { status, body } = await postCheckout(
        shop,
        checkoutBody(await cartWith(shop, variantId), 'tok_visa', { shippingAddress: address }),
      );
      assert.deepEqual([status, body.error?.code], [422, 'address_undeliverable']);
      assert.equal((await shop.inventory.availability([sku]))[sku], 2);
      const payments = await shop.db.query<{ status: string }>(
        `SELECT p.status FROM payments.payments p JOIN checkout.order_items i ON i.order_id = p.order_id WHERE i.sku = $1`,
        [sku],
      );
      assert.deepEqual(payments.rows, [{ status: 'voided' }]);
      await assertNoOrphans(shop);
    });

    it('refuses a body with a card number or a price (400), before any order exists', async () => {
      const { variantId } = await stockedVariant(shop, 1);
      const cartId = await cartWith(shop, variantId);
      const withCard = checkoutBody(cartId, 'tok_visa', {
        payment: { method: 'test_card', token: 'tok_visa', number: '4242424242424242' },
      });
      assert.equal((await postCheckout(shop, withCard)).status, 400);
      assert.equal((await postCheckout(shop, { ...checkoutBody(cartId), total: 1 })).status, 400);
      const noKey = await shop.app.inject({ method: 'POST', url: '/api/checkout', payload: checkoutBody(cartId) });
      assert.deepEqual([noKey.statusCode, noKey.json().error.code], [400, 'idempotency_key_required']);
      assert.equal(
        await countRows(shop, 'SELECT count(*) AS count FROM checkout.orders WHERE cart_id = $1', [cartId]),
        0,
      );
    });
  });
}
