import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Product } from '@mercato/catalog/contract';
import { testDbTargets } from '@mercato/platform/db/testing';
import { manualClock } from '@mercato/platform/kernel';
import type { Cart, CartCheckedOutData, CreateDiscountInput, Discount } from '../src/contract.ts';
import { as, bootCart, type CartHost, codeOf, usd, value } from './support.ts';

const hourMs = 60 * 60_000;
type Answer = { status: number; body: Cart & { error: { code: string; details?: Record<string, unknown> } } };

for (const target of testDbTargets()) {
  describe(`cart discounts on ${target.name}`, { skip: target.skipReason }, () => {
    const clock = manualClock(new Date('2030-06-01T12:00:00Z'));
    const staff = { id: 'staff_test', role: 'admin' };
    let host: CartHost;
    let lamp: Product;
    let mug: Product;

    before(async () => {
      host = await bootCart(target, { clock, config: { taxRatesBasisPoints: { DE: 1900, US: 0 } } });
      lamp = await host.product('Lamp', [{ sku: 'D-LAMP', price: 10_000, stock: 1000 }]);
      mug = await host.product('Mug', [{ sku: 'D-MUG', price: 1250, stock: 1000 }]);
    });

    after(() => host?.close());

    async function discount(input: Partial<CreateDiscountInput> & { code: string }): Promise<Discount> {
      return value(await host.apis.cart.createDiscount(staff, { type: 'percentage', value: 10, ...input }));
    }

    async function cartWith(customerId: string | null, lamps: number, mugs = 0): Promise<Cart> {
      let cart = await host.apis.cart.createCart(customerId);
      if (lamps > 0)
        cart = value(
          await host.apis.cart.addItem(cart.id, customerId, { variantId: lamp.variants[0]!.id, quantity: lamps }),
        );
      if (mugs > 0)
        cart = value(
          await host.apis.cart.addItem(cart.id, customerId, { variantId: mug.variants[0]!.id, quantity: mugs }),
        );
      return cart;
    }

    async function apply(cartId: string, code: string, headers: Record<string, string> = {}): Promise<Answer> {
      const response = await host.app.inject({
        method: 'POST',
        url: `/api/carts/${cartId}/discount`,
        headers,
        payload: { code },
      });
      return { status: response.statusCode, body: response.json() };
    }

    async function used(discountId: string): Promise<number> {
      const { rows } = await host.db.query<{ used: number }>('SELECT used FROM cart.discounts WHERE id = $1', [
        discountId,
      ]);
      return rows[0]?.used ?? -1;
    }

    const cartOf = async (cartId: string, customerId: string | null = null) =>
      value(await host.apis.cart.getCart(cartId, customerId));

    it('takes a percentage off the subtotal, shown in totals.discount, and tax is charged after it', async () => {
      await discount({ code: 'SAVE10' });
      const cart = await cartWith(null, 1, 1);
      const applied = await apply(cart.id, ' save10 ');
      assert.equal(applied.status, 200);
      assert.deepEqual(applied.body.discount, {
        code: 'SAVE10',
        type: 'percentage',
        value: 10,
        minSubtotal: null,
        problem: null,
      });
      assert.deepEqual(applied.body.totals, {
        subtotal: usd(11_250),
        discount: usd(1125),
        shipping: usd(0),
        tax: usd(0),
        total: usd(10_125),
      });
      // (11,250 − 1,125 + 500) × 19% = 2,018.75 → 2,019
      const germany = value(await host.apis.cart.priceCart(cart.id, { country: 'DE', shipping: usd(500) }));
      assert.deepEqual(germany, {
        subtotal: usd(11_250),
        discount: usd(1125),
        shipping: usd(500),
        tax: usd(2019),
        total: usd(12_644),
      });
    });

    it('takes a fixed amount off, never more than the subtotal', async () => {
      await discount({ code: 'FIVE-OFF', type: 'fixed', value: 2000 });
      const cart = await cartWith(null, 0, 1);
      assert.deepEqual((await apply(cart.id, 'five-off')).body.totals.discount, usd(1250));
      assert.deepEqual((await cartOf(cart.id)).totals.total, usd(0));
      const bigger = value(
        await host.apis.cart.addItem(cart.id, null, { variantId: lamp.variants[0]!.id, quantity: 1 }),
      );
      assert.deepEqual(bigger.totals.discount, usd(2000));
      assert.deepEqual(bigger.totals.total, usd(9250));
    });

    it('answers 404 discount_not_found for an unknown code, and a second code replaces the first', async () => {
      await discount({ code: 'FIRST' });
      await discount({ code: 'SECOND', type: 'fixed', value: 100 });
      const cart = await cartWith(null, 1);
      for (const code of ['NOPE', '  ', 'not a code']) {
        const unknown = await apply(cart.id, code);
        assert.equal(unknown.status, 404, code);
        assert.equal(unknown.body.error.code, 'discount_not_found');
      }
      assert.equal((await apply(cart.id, 'first')).body.discount?.code, 'FIRST');
      const replaced = await apply(cart.id, 'second');
      assert.equal(replaced.body.discount?.code, 'SECOND');
      assert.deepEqual(replaced.body.totals.discount, usd(100));
      const removed = await host.app.inject({ method: 'DELETE', url: `/api/carts/${cart.id}/discount` });
      assert.equal(removed.statusCode, 200);
      assert.equal((removed.json() as Cart).discount, null);
      assert.deepEqual((removed.json() as Cart).totals.discount, usd(0));
    });

    it('answers 409 discount_not_started before startsAt and discount_expired from endsAt on, or once deactivated', async () => {
      const now = clock.now().getTime();
      const timed = await discount({
        code: 'LATER',
        startsAt: new Date(now + hourMs).toISOString(),
        endsAt: new Date(now + 2 * hourMs).toISOString(),
      });
      const early = await cartWith(null, 1);
      const notYet = await apply(early.id, 'LATER');
      assert.equal(notYet.status, 409);
      assert.equal(notYet.body.error.code, 'discount_not_started');
      clock.advance(hourMs);
      assert.equal((await apply(early.id, 'LATER')).status, 200);
      clock.advance(hourMs);
      const late = await apply((await cartWith(null, 1)).id, 'LATER');
      assert.equal(late.body.error.code, 'discount_expired');
      assert.equal(late.body.error.details?.['reason'], 'ended');
      // The cart that took it keeps the code, but it takes nothing off any more, and checkout refuses it.
      const kept = await cartOf(early.id);
      assert.equal(kept.discount?.problem, 'discount_expired');
      assert.deepEqual(kept.totals.discount, usd(0));
      assert.equal(codeOf(await host.apis.cart.markCheckedOut(early.id, 'ord_late')), 'discount_expired');
      assert.equal((await cartOf(early.id)).status, 'open');
      assert.equal(await used(timed.id), 0);
      const switchedOff = await discount({ code: 'OFF' });
      value(await host.apis.cart.updateDiscount(staff, switchedOff.id, { active: false }));
      const off = await apply(early.id, 'OFF');
      assert.deepEqual(
        [off.status, off.body.error.code, off.body.error.details?.['reason']],
        [409, 'discount_expired', 'deactivated'],
      );
    });

    it('answers 409 discount_min_subtotal under the minimum, and checkout re-checks it after lines change', async () => {
      await discount({ code: 'BIG-SPENDER', minSubtotal: usd(5000) });
      const small = await apply((await cartWith(null, 0, 1)).id, 'BIG-SPENDER');
      assert.equal(small.status, 409);
      assert.equal(small.body.error.code, 'discount_min_subtotal');
      assert.deepEqual(small.body.error.details, { minSubtotal: usd(5000), subtotal: usd(1250) });
      const cart = await cartWith(null, 1, 1);
      assert.deepEqual((await apply(cart.id, 'BIG-SPENDER')).body.totals.discount, usd(1125));
      const lampLine = cart.items.find((item) => item.sku === 'D-LAMP')!;
      const shrunk = value(await host.apis.cart.removeItem(cart.id, null, lampLine.id));
      assert.equal(shrunk.discount?.problem, 'discount_min_subtotal');
      assert.deepEqual(shrunk.totals.discount, usd(0));
      assert.equal(codeOf(await host.apis.cart.markCheckedOut(cart.id, 'ord_small')), 'discount_min_subtotal');
      assert.equal((await cartOf(cart.id)).orderId, null);
    });

    it('answers 409 discount_exhausted once the usage limit is reached, at apply and again at checkout', async () => {
      const once = await discount({ code: 'ONCE', usageLimit: 1 });
      const first = await cartWith(null, 1);
      const second = await cartWith(null, 1);
      assert.equal((await apply(first.id, 'ONCE')).status, 200);
      assert.equal((await apply(second.id, 'ONCE')).status, 200);
      const frozen = value(await host.apis.cart.markCheckedOut(first.id, 'ord_once_1'));
      assert.deepEqual(frozen.totals.discount, usd(1000));
      assert.equal(await used(once.id), 1);
      assert.equal((await cartOf(second.id)).discount?.problem, 'discount_exhausted');
      assert.equal(codeOf(await host.apis.cart.markCheckedOut(second.id, 'ord_once_2')), 'discount_exhausted');
      assert.equal((await cartOf(second.id)).status, 'open');
      const third = await apply((await cartWith(null, 1)).id, 'ONCE');
      assert.deepEqual(
        [third.status, third.body.error.code, third.body.error.details?.['limit']],
        [409, 'discount_exhausted', 'total'],
      );
      // Without the code the second cart checks out.
      value(await host.apis.cart.removeDiscount(second.id, null));
      assert.equal(value(await host.apis.cart.markCheckedOut(second.id, 'ord_once_2')).status, 'checked_out');
      // The same order again is the same checkout: no second use.
      value(await host.apis.cart.markCheckedOut(first.id, 'ord_once_1'));
      assert.equal(await used(once.id), 1);
    });

    it('counts uses per customer, and a per-customer code needs a signed-in shopper', async () => {
      await discount({ code: 'WELCOME', perCustomerLimit: 1 });
      const anonymous = await apply((await cartWith(null, 1)).id, 'WELCOME');
      assert.deepEqual([anonymous.status, anonymous.body.error.code], [409, 'discount_requires_account']);
      const first = await cartWith('cus_p', 1);
      assert.equal((await apply(first.id, 'WELCOME', as('cus_p'))).status, 200);
      value(await host.apis.cart.markCheckedOut(first.id, 'ord_p1'));
      const again = await apply((await cartWith('cus_p', 1)).id, 'WELCOME', as('cus_p'));
      assert.deepEqual(
        [again.status, again.body.error.code, again.body.error.details?.['limit']],
        [409, 'discount_exhausted', 'per_customer'],
      );
      assert.equal((await apply((await cartWith('cus_q', 1)).id, 'WELCOME', as('cus_q'))).status, 200);
    });

    it('lets one of two concurrent checkouts of one customer take their last use', async () => {
      await discount({ code: 'ONE-EACH', perCustomerLimit: 1 });
      const carts = [await cartWith('cus_twice', 1), await cartWith('cus_twice', 0, 1)];
      for (const cart of carts) assert.equal((await apply(cart.id, 'ONE-EACH', as('cus_twice'))).status, 200);
      const outcomes = await Promise.all(
        carts.map((cart, i) => host.apis.cart.markCheckedOut(cart.id, `ord_twice_${i}`)),
      );
      assert.deepEqual(outcomes.map(codeOf).sort(), ['discount_exhausted', 'ok']);
    });

    it('gives the use back when the saga reopens the cart, exactly once', async () => {
      const last = await discount({ code: 'COMEBACK', usageLimit: 1, perCustomerLimit: 1 });
      const cart = await cartWith('cus_r', 1);
      assert.equal((await apply(cart.id, 'COMEBACK', as('cus_r'))).status, 200);
      value(await host.apis.cart.markCheckedOut(cart.id, 'ord_r1'));
      const other = await cartWith('cus_s', 1);
      assert.equal((await apply(other.id, 'COMEBACK', as('cus_s'))).body.error.code, 'discount_exhausted');
      const reopened = value(await host.apis.cart.reopenCart(cart.id, 'ord_r1'));
      assert.deepEqual([reopened.discount?.problem, reopened.totals.discount], [null, usd(1000)]);
      value(await host.apis.cart.reopenCart(cart.id, 'ord_r1'));
      assert.equal(await used(last.id), 0);
      const { rows } = await host.db.query<{ used: number }>(
        'SELECT used FROM cart.discount_customer_uses WHERE discount_id = $1',
        [last.id],
      );
      assert.deepEqual(rows, [{ used: 0 }]);
      // The same customer may use it again with the next attempt.
      value(await host.apis.cart.markCheckedOut(cart.id, 'ord_r2'));
      assert.equal(await used(last.id), 1);
    });

    it('keeps what a checked-out cart’s code took off, whatever happens to the code later', async () => {
      const code = await discount({ code: 'FROZEN', value: 20 });
      const cart = await cartWith('cus_f', 1);
      assert.equal((await apply(cart.id, 'FROZEN', as('cus_f'))).status, 200);
      value(await host.apis.cart.markCheckedOut(cart.id, 'ord_f'));
      value(await host.apis.cart.updateDiscount(staff, code.id, { active: false }));
      const frozen = await cartOf(cart.id, 'cus_f');
      assert.deepEqual([frozen.discount?.problem, frozen.totals.discount], [null, usd(2000)]);
      assert.deepEqual(
        value(await host.apis.cart.priceCart(cart.id, { country: 'US', shipping: usd(0) })).total,
        usd(8000),
      );
      const { rows } = await host.db.query<{ data: CartCheckedOutData }>(
        `SELECT data FROM cart.outbox WHERE type = 'cart.cart_checked_out' AND data->>'orderId' = 'ord_f' LIMIT 1`,
      );
      assert.deepEqual(rows[0]?.data.discount, { code: 'FROZEN', amount: usd(2000) });
      const refused = await apply(cart.id, 'SAVE10', as('cus_f'));
      assert.deepEqual([refused.status, refused.body.error.code], [409, 'cart_already_checked_out']);
      const removal = await host.app.inject({
        method: 'DELETE',
        url: `/api/carts/${cart.id}/discount`,
        headers: as('cus_f'),
      });
      assert.equal(removal.statusCode, 409);
      assert.equal((await apply(cart.id, 'SAVE10', as('cus_else'))).body.error.code, 'cart_not_found');
    });

    it('carries an anonymous cart’s code into the customer’s cart at login', async () => {
      await discount({ code: 'CARRY' });
      const anonymous = await cartWith(null, 1);
      assert.equal((await apply(anonymous.id, 'CARRY')).status, 200);
      const merged = value(await host.apis.cart.mergeCarts(anonymous.id, 'cus_merge'));
      assert.deepEqual([merged.discount?.code, merged.totals.discount], ['CARRY', usd(1000)]);
      assert.equal((await cartOf(anonymous.id)).discount, null);
    });
  });
}
