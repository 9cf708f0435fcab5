import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testDbTargets } from '@mercato/platform/db/testing';
import type { CheckoutInput } from '../src/contract.ts';
import {
  asCustomer,
  assertNoOrphans,
  bootShop,
  cartWith,
  checkoutBody,
  countRows,
  newKey,
  postCheckout,
  type Shop,
  stockedVariant,
  untilStatus,
} from './support.ts';

/**
 * `POST /api/checkout` requires an Idempotency-Key (API.md, Stripe semantics): however
 * often and however concurrently a shopper retries, one order and one authorization.
 */
for (const target of testDbTargets()) {
  describe(`checkout idempotency on ${target.name}`, { skip: target.skipReason }, () => {
    let shop: Shop;

    before(async () => {
      shop = await bootShop(target, { slowDelayMs: 1700 });
    });

    after(() => shop?.close());

    const ordersOfCart = (cartId: string) =>
      countRows(shop, 'SELECT count(*) AS count FROM checkout.orders WHERE cart_id = $1', [cartId]);
    const authorizationsOfCart = (cartId: string) =>
      countRows(
        shop,
        'SELECT count(*) AS count FROM payments.payments p JOIN checkout.orders o ON o.id = p.order_id WHERE o.cart_id = $1',
        [cartId],
      );

    for (const retries of [1, 2, 3, 4, 5]) {
      it(`one order and one authorization when the same key is sent ${retries} time(s), some at once`, async () => {
        const { variantId } = await stockedVariant(shop, 10);
        const cartId = await cartWith(shop, variantId);
        const key = newKey();
        const body = checkoutBody(cartId);
        // About half of the tries go at once, the rest one after another.
        const together = Math.ceil(retries / 2);
        const first = await Promise.all(Array.from({ length: together }, () => postCheckout(shop, body, key)));
        const later = [];
        for (let index = together; index < retries; index++) later.push(await postCheckout(shop, body, key));
        const answers = [...first, ...later];
        const placed = answers.filter((answer) => answer.status === 201);
        assert.ok(placed.length >= 1, `statuses: ${answers.map((answer) => answer.status)}`);
        for (const answer of answers) {
          if (answer.status === 409) assert.equal(answer.body.error?.code, 'request_in_progress');
          else assert.equal(answer.status, 201);
        }
        // Every answer that carries the order is the same answer, byte for byte.
        for (const answer of placed) assert.equal(answer.response.body, placed[0]!.response.body);
        for (const answer of later) assert.equal(answer.response.headers['idempotent-replayed'], 'true');
        assert.equal(await ordersOfCart(cartId), 1);
        assert.equal(await authorizationsOfCart(cartId), 1);
      });
    }

    it('answers 422 idempotency_key_reused for the same key with a different body', async () => {
      const { variantId } = await stockedVariant(shop, 10);
      const cartId = await cartWith(shop, variantId);
      const key = newKey();
      assert.equal((await postCheckout(shop, checkoutBody(cartId), key)).status, 201);
      const other = await postCheckout(
        shop,
        checkoutBody(cartId, 'tok_visa', { email: 'someone.else@example.com' }),
        key,
      );
      assert.deepEqual([other.status, other.body.error?.code], [422, 'idempotency_key_reused']);
      assert.equal(await ordersOfCart(cartId), 1);
    });

    it('answers a retry during a slow checkout with 409 request_in_progress, then with the stored answer, never a second order', async () => {
      const { variantId } = await stockedVariant(shop, 10);
      const cartId = await cartWith(shop, variantId);
      const key = newKey();
      const body = checkoutBody(cartId, 'tok_slow');
      const running = postCheckout(shop, body, key);
      // The first request holds the key for its whole budget (tok_slow outlasts it).
      await new Promise((resolve) => setTimeout(resolve, 300));
      const during = await postCheckout(shop, body, key);
      assert.deepEqual([during.status, during.body.error?.code], [409, 'request_in_progress']);
      const first = await running;
      assert.equal(first.status, 202);
      const replay = await postCheckout(shop, body, key);
      assert.equal(replay.status, 202);
      assert.equal(replay.response.body, first.response.body);
      await untilStatus(shop, first.body.order.id, 'placed');
      assert.equal(await ordersOfCart(cartId), 1);
      assert.equal(await authorizationsOfCart(cartId), 1);
    });

    it('keeps keys apart per caller: two guests (two carts) or two customers may use the same key', async () => {
      const { variantId } = await stockedVariant(shop, 10);
      const key = newKey();
      const guestA = await postCheckout(shop, checkoutBody(await cartWith(shop, variantId)), key);
      const guestB = await postCheckout(shop, checkoutBody(await cartWith(shop, variantId)), key);
      assert.deepEqual([guestA.status, guestB.status], [201, 201]);
      assert.notEqual(guestA.body.order.id, guestB.body.order.id);
      const other = newKey();
      const alice = await postCheckout(
        shop,
        checkoutBody(await cartWith(shop, variantId, 1, 'cus_alice')),
        other,
        asCustomer('cus_alice'),
      );
      const bob = await postCheckout(
        shop,
        checkoutBody(await cartWith(shop, variantId, 1, 'cus_bob')),
        other,
        asCustomer('cus_bob'),
      );
      assert.deepEqual([alice.status, bob.status], [201, 201]);
      assert.equal(alice.body.order.customerId, 'cus_alice');
      assert.equal(alice.body.order.accessToken, undefined, 'a customer reads orders with their own token');
    });

    it('finds the order of a retried request whose first answer was lost, instead of making another', async () => {
      const { variantId } = await stockedVariant(shop, 10);
      const cartId = await cartWith(shop, variantId);
      const input: CheckoutInput = { ...checkoutBody(cartId), customerId: null, requestKey: 'cart:x\u0000lost-answer' };
      const first = await shop.checkout.checkout(input);
      assert.ok(first.ok && first.value.outcome === 'placed');
      // What the HTTP layer does once a crashed request's key is taken over: run the handler again.
      const again = await shop.checkout.checkout(input);
      assert.ok(again.ok);
      assert.equal(again.value.order.id, first.value.order.id);
      assert.ok(
        again.value.order.accessToken !== undefined && again.value.order.accessToken !== first.value.order.accessToken,
      );
      const read = await shop.checkout.getOrder(first.value.order.id, {
        customerId: null,
        token: again.value.order.accessToken,
      });
      assert.ok(read.ok, 'the new token reads the order');
      assert.equal(await ordersOfCart(cartId), 1);
      await assertNoOrphans(shop);
    });
  });
}
