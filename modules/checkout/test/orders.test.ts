import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testDbTargets } from '@mercato/platform/db/testing';
import type { Order } from '../src/contract.ts';
import {
  asCustomer,
  asStaff,
  assertNoOrphans,
  bootShop,
  cartWith,
  checkoutBody,
  countRows,
  postCheckout,
  type Shop,
  stockedVariant,
  usd,
} from './support.ts';

for (const target of testDbTargets()) {
  describe(`orders on ${target.name}`, { skip: target.skipReason }, () => {
    let shop: Shop;

    before(async () => {
      shop = await bootShop(target);
    });

    after(() => shop?.close());

    async function placeFor(customerId: string | null, stock = 5): Promise<{ order: Order; sku: string }> {
      const { variantId, sku } = await stockedVariant(shop, stock);
      const headers = customerId === null ? {} : asCustomer(customerId);
      const { status, body } = await postCheckout(
        shop,
        checkoutBody(await cartWith(shop, variantId, 1, customerId)),
        undefined,
        headers,
      );
      assert.equal(status, 201, JSON.stringify(body));
      return { order: body.order, sku };
    }

    const call = (method: 'GET' | 'POST', url: string, headers: Record<string, string> = {}, payload?: object) =>
      shop.app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload }) });

    it("never shows or changes another customer's order: 404, not 403", async () => {
      const { order } = await placeFor('cus_owner');
      assert.equal((await call('GET', `/api/orders/${order.id}`, asCustomer('cus_owner'))).statusCode, 200);
      for (const headers of [asCustomer('cus_other'), {}]) {
        const read = await call('GET', `/api/orders/${order.id}`, headers);
        assert.deepEqual([read.statusCode, read.json().error.code], [404, 'order_not_found']);
        const cancel = await call('POST', `/api/orders/${order.id}/cancel`, headers);
        assert.deepEqual([cancel.statusCode, cancel.json().error.code], [404, 'order_not_found']);
      }
      const others = (await call('GET', '/api/orders', asCustomer('cus_other'))).json();
      assert.ok(!others.items.some((item: Order) => item.id === order.id));
      assert.equal((await call('GET', `/api/orders/${order.id}`, asCustomer('cus_owner'))).json().status, 'placed');
    });

    it("refuses checking out another customer's cart as cart_not_found", async () => {
      const { variantId } = await stockedVariant(shop, 2);
      const cartId = await cartWith(shop, variantId, 1, 'cus_cartowner');
      const { status, body } = await postCheckout(shop, checkoutBody(cartId), undefined, asCustomer('cus_thief'));
      assert.deepEqual([status, body.error?.code], [404, 'cart_not_found']);
      assert.equal((await postCheckout(shop, checkoutBody(cartId))).status, 404, 'nor anonymously');
    });

    it("lists the caller's orders newest first, page by page", async () => {
      const placed = [];
      for (let index = 0; index < 3; index++) placed.push((await placeFor('cus_lister')).order.id);
      const first = (await call('GET', '/api/orders?limit=2', asCustomer('cus_lister'))).json();
      assert.deepEqual(
        first.items.map((order: Order) => order.id),
        [placed[2], placed[1]],
      );
      assert.ok(first.nextCursor);
      const second = (
        await call('GET', `/api/orders?limit=2&cursor=${first.nextCursor}`, asCustomer('cus_lister'))
      ).json();
      assert.deepEqual(
        second.items.map((order: Order) => order.id),
        [placed[0]],
      );
      assert.equal(second.nextCursor, null);
      assert.equal((await call('GET', '/api/orders')).statusCode, 401);
      assert.equal(
        (await call('GET', '/api/orders?cursor=garbage', asCustomer('cus_lister'))).json().error.code,
        'invalid_cursor',
      );
    });

    it('cancels a placed order: stock back, authorization voided, shipment cancelled, event published', async () => {
      const { order, sku } = await placeFor(null, 3);
      assert.equal((await shop.inventory.availability([sku]))[sku], 2);
      const cancelled = await call('POST', `/api/orders/${order.id}/cancel?token=${order.accessToken}`);
      assert.equal(cancelled.statusCode, 200, cancelled.body);
      assert.equal(cancelled.json().status, 'cancelled');
      assert.equal(cancelled.json().payment.status, 'voided');
      assert.equal((await shop.inventory.availability([sku]))[sku], 3);
      assert.deepEqual(
        (await shop.payments.findByOrder(order.id)).map((payment) => payment.status),
        ['voided'],
      );
      const shipment = await shop.db.query<{ status: string }>(
        'SELECT status FROM shipping.shipments WHERE order_id = $1',
        [order.id],
      );
      assert.deepEqual(shipment.rows, [{ status: 'cancelled' }]);
      assert.equal(
        await countRows(
          shop,
          `SELECT count(*) AS count FROM checkout.outbox WHERE type = 'orders.order_cancelled' AND data->>'orderId' = $1`,
          [order.id],
        ),
        1,
      );
      const again = await call('POST', `/api/orders/${order.id}/cancel?token=${order.accessToken}`);
      assert.deepEqual([again.statusCode, again.json().error.code], [409, 'order_not_cancellable']);
      await assertNoOrphans(shop);
    });

    it('fulfills (capture, stock out, shipped), then refuses to cancel (409); delivers; refunds never more than captured', async () => {
      const { order, sku } = await placeFor('cus_full', 4);
      const fulfill = await call('POST', `/api/admin/orders/${order.id}/fulfill`, asStaff('support'), {
        carrier: 'UPS',
        trackingNumber: '1Z999',
      });
      assert.equal(fulfill.statusCode, 200, fulfill.body);
      assert.equal(fulfill.json().status, 'fulfilled');
      const total = order.totals.total.amount;
      assert.deepEqual(fulfill.json().payment, {
        status: 'captured',
        method: 'test_card',
        captured: usd(total),
        refunded: usd(0),
        net: usd(total),
      });
      assert.deepEqual(fulfill.json().shipment, { carrier: 'UPS', trackingNumber: '1Z999' });
      const [level] = await shop.inventory.getLevels([sku]);
      assert.deepEqual([level?.onHand, level?.reserved], [3, 0], 'the unit left stock');
      assert.equal((await shop.inventory.getReservation(order.id))?.status, 'committed');

      const cancel = await call('POST', `/api/orders/${order.id}/cancel`, asCustomer('cus_full'));
      assert.deepEqual([cancel.statusCode, cancel.json().error.code], [409, 'order_not_cancellable']);

      const deliver = await call('POST', `/api/admin/orders/${order.id}/deliver`, asStaff('support'));
      assert.equal(deliver.json().status, 'delivered', deliver.body);

      const refund = (amount: number, role: 'admin' | 'support' = 'admin') =>
        call('POST', `/api/admin/orders/${order.id}/refund`, asStaff(role), {
          amount: { amount, currency: 'USD' },
          reason: 'scratched',
        });
      assert.equal((await refund(100, 'support')).statusCode, 403, 'support may not refund');
      const partial = await refund(100);
      assert.deepEqual([partial.json().status, partial.json().refunded.amount], ['partially_refunded', 100]);
      const tooMuch = await refund(total);
      assert.deepEqual([tooMuch.statusCode, tooMuch.json().error.code], [409, 'refund_exceeds_captured']);
      const rest = await refund(total - 100);
      assert.deepEqual(
        [rest.json().status, rest.json().payment.status, rest.json().refunded.amount],
        ['refunded', 'refunded', total],
      );
      const more = await refund(1);
      assert.deepEqual([more.statusCode, more.json().error.code], [409, 'order_not_refundable']);

      const audit = await shop.db.query<{ action: string }>(
        `SELECT action FROM checkout.audit_log WHERE entity_id = $1 ORDER BY occurred_at`,
        [order.id],
      );
      assert.deepEqual(
        audit.rows.map((row) => row.action),
        ['checkout.fulfill_order', 'checkout.deliver_order', 'checkout.refund_order', 'checkout.refund_order'],
      );
      await assertNoOrphans(shop);
    });

    it('lets only staff see the order list, by status, and refuses fulfilling twice', async () => {
      const { order } = await placeFor(null);
      assert.equal((await call('GET', '/api/admin/orders')).statusCode, 401);
      assert.equal((await call('GET', '/api/admin/orders', asCustomer('cus_x'))).statusCode, 403);
      assert.equal((await call('GET', '/api/admin/orders', asStaff('catalog'))).statusCode, 403);
      const listed = (await call('GET', '/api/admin/orders?status=placed&limit=100', asStaff('support'))).json();
      assert.ok(listed.items.some((item: Order) => item.id === order.id));
      assert.ok(listed.items.every((item: Order) => item.status === 'placed'));
      const body = { carrier: 'DHL', trackingNumber: 'JD01' };
      assert.equal(
        (await call('POST', `/api/admin/orders/${order.id}/fulfill`, asStaff('admin'), body)).statusCode,
        200,
      );
      const twice = await call('POST', `/api/admin/orders/${order.id}/fulfill`, asStaff('admin'), body);
      assert.deepEqual([twice.statusCode, twice.json().error.code], [409, 'order_not_fulfillable']);
      const missing = await call('POST', '/api/admin/orders/ord_nope/fulfill', asStaff('admin'), body);
      assert.equal(missing.statusCode, 404);
    });
  });
}
