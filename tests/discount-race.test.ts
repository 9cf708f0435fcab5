import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testDbTargets } from '@mercato/platform/db/testing';
import {
  assertNoOrphans,
  bootShop,
  cartWith,
  checkoutBody,
  postCheckout,
  type Shop,
  stockedVariant,
} from '../modules/checkout/test/support.ts';

/**
 * Discount usage limits through the whole checkout saga: 50 buyers race for the last
 * use of a code and exactly one order gets it; a declined payment gives the use back.
 * (The cart module's own tests show a read-then-write redemption oversells.)
 */
for (const target of testDbTargets()) {
  describe(`discount limits through checkout on ${target.name}`, { skip: target.skipReason }, () => {
    let shop: Shop;
    before(async () => {
      shop = await bootShop(target);
    });
    after(() => shop?.close());

    const used = async (id: string) =>
      (await shop.db.query<{ used: number }>('SELECT used FROM cart.discounts WHERE id = $1', [id])).rows[0]?.used;

    it('a declined payment gives the use back, and the placed order shows the discount', async () => {
      const { variantId } = await stockedVariant(shop, 1000, 10_000);
      const created = await shop.cart.createDiscount(
        { id: 'stf_admin' },
        { code: 'ONCE20', type: 'percentage', value: 20, usageLimit: 1 },
      );
      assert.ok(created.ok);
      const declinedCart = await cartWith(shop, variantId, 1);
      assert.ok((await shop.cart.applyDiscount(declinedCart, null, 'once20')).ok);
      const declined = await postCheckout(shop, checkoutBody(declinedCart, 'tok_declined'));
      assert.equal(declined.status, 402);
      assert.equal(await used(created.value.id), 0, 'the declined checkout released its use');

      const cartId = await cartWith(shop, variantId, 1);
      assert.ok((await shop.cart.applyDiscount(cartId, null, 'once20')).ok);
      const placed = await postCheckout(shop, checkoutBody(cartId));
      assert.equal(placed.status, 201);
      assert.equal(placed.body.order.totals.discount.amount, 2000);
      assert.equal(await used(created.value.id), 1);

      const late = await postCheckout(shop, checkoutBody(declinedCart));
      assert.equal(late.status, 409);
      assert.equal(late.body.error?.code, 'discount_exhausted');
    });

    it('50 full checkouts racing for the last use: exactly one gets it', async () => {
      const { variantId } = await stockedVariant(shop, 1000, 5000);
      const created = await shop.cart.createDiscount(
        { id: 'stf_admin' },
        { code: 'LAST50', type: 'fixed', value: 500, usageLimit: 1 },
      );
      assert.ok(created.ok);
      const carts: string[] = [];
      for (let i = 0; i < 50; i++) {
        const cartId = await cartWith(shop, variantId, 1);
        assert.ok((await shop.cart.applyDiscount(cartId, null, 'last50')).ok);
        carts.push(cartId);
      }
      const answers = await Promise.all(carts.map((cartId) => postCheckout(shop, checkoutBody(cartId))));
      const placed = answers.filter((answer) => answer.status === 201);
      const exhausted = answers.filter(
        (answer) => answer.status === 409 && answer.body.error?.code === 'discount_exhausted',
      );
      assert.equal(placed.length, 1);
      assert.equal(exhausted.length, 49);
      assert.equal(await used(created.value.id), 1);
      await assertNoOrphans(shop);
    });
  });
}
