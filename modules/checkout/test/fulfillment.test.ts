import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testDbTargets } from '@mercato/platform/db/testing';
import type { Order } from '../src/contract.ts';
import {
  addLocation,
  asCustomer,
  asStaff,
  assertNoOrphans,
  bootShop,
  cartWithLines,
  checkoutBody,
  eventually,
  orderEvents,
  postCheckout,
  type Shop,
  stockedVariant,
  usd,
} from './support.ts';

/** Fulfillment in parcels: partial, then the rest; and an order whose units sit in two locations. */
for (const target of testDbTargets()) {
  describe(`fulfillment on ${target.name}`, { skip: target.skipReason }, () => {
    let shop: Shop;

    before(async () => {
      shop = await bootShop(target);
      await addLocation(shop, 'loc_east');
    });

    after(() => shop?.close());

    const call = (method: 'GET' | 'POST', url: string, headers: Record<string, string> = {}, payload?: object) =>
      shop.app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload }) });
    const fulfill = (orderId: string, body: object) =>
      call('POST', `/api/admin/orders/${orderId}/fulfill`, asStaff('support'), body);
    const level = async (sku: string, locationId = 'loc_default') =>
      (await shop.inventory.getLevels([sku])).find((candidate) => candidate.locationId === locationId);

    async function place(lines: { variantId: string; quantity: number }[], customerId: string): Promise<Order> {
      const { status, body } = await postCheckout(
        shop,
        checkoutBody(await cartWithLines(shop, lines, customerId)),
        undefined,
        asCustomer(customerId),
      );
      assert.equal(status, 201, JSON.stringify(body));
      return body.order;
    }

    /** The order once every parcel's saga has taken its units out of stock. */
    const settled = (orderId: string) =>
      eventually(async () => {
        const order: Order = (await call('GET', `/api/admin/orders/${orderId}`, asStaff('admin'))).json();
        return order.fulfillments.every((parcel) => parcel.locations.length > 0) ? order : undefined;
      }, 5000);

    it('ships part of an order (payment captured in full, the rest still held), then the rest: fulfilled', async () => {
      const mug = await stockedVariant(shop, 5);
      const cup = await stockedVariant(shop, 5);
      const order = await place(
        [
          { variantId: mug.variantId, quantity: 3 },
          { variantId: cup.variantId, quantity: 2 },
        ],
        'cus_parcels',
      );
      const mugLine = order.items.find((item) => item.sku === mug.sku)!;
      const cupLine = order.items.find((item) => item.sku === cup.sku)!;
      const total = order.totals.total.amount;

      const first = await fulfill(order.id, {
        carrier: 'UPS',
        trackingNumber: '1Z-FIRST',
        items: [{ orderItemId: mugLine.id, quantity: 2 }],
      });
      assert.equal(first.statusCode, 200, first.body);
      const partial: Order = first.json();
      assert.equal(partial.status, 'placed', 'placed until the last unit ships');
      assert.deepEqual(partial.payment, {
        status: 'captured',
        method: 'test_card',
        captured: usd(total),
        refunded: usd(0),
        net: usd(total),
      });
      assert.deepEqual(
        partial.items.map((item) => [item.sku, item.fulfilledQuantity]),
        [
          [mug.sku, 2],
          [cup.sku, 0],
        ],
        'lines in cart order',
      );
      assert.deepEqual(
        partial.fulfillments.map((parcel) => [parcel.carrier, parcel.trackingNumber, parcel.items]),
        [['UPS', '1Z-FIRST', [{ orderItemId: mugLine.id, quantity: 2 }]]],
      );
      assert.deepEqual(partial.shipment, { carrier: 'UPS', trackingNumber: '1Z-FIRST' });
      await settled(order.id);
      assert.deepEqual(
        [(await level(mug.sku))?.onHand, (await level(mug.sku))?.reserved],
        [3, 1],
        'two mugs left stock, one is still held',
      );
      assert.deepEqual([(await level(cup.sku))?.onHand, (await level(cup.sku))?.reserved], [5, 2]);
      assert.equal((await shop.inventory.getReservation(order.id))?.status, 'active');

      const cancel = await call('POST', `/api/orders/${order.id}/cancel`, asCustomer('cus_parcels'));
      assert.deepEqual(
        [cancel.statusCode, cancel.json().error.code],
        [409, 'order_not_cancellable'],
        'part of it has shipped',
      );
      const deliver = await call('POST', `/api/admin/orders/${order.id}/deliver`, asStaff('support'));
      assert.deepEqual([deliver.statusCode, deliver.json().error.code], [409, 'order_not_deliverable']);
      const tooMany = await fulfill(order.id, {
        carrier: 'UPS',
        trackingNumber: '1Z-X',
        items: [{ orderItemId: mugLine.id, quantity: 2 }],
      });
      assert.deepEqual([tooMany.statusCode, tooMany.json().error.code], [409, 'fulfillment_exceeds_remaining']);
      assert.deepEqual(tooMany.json().error.details.items, [{ orderItemId: mugLine.id, requested: 2, available: 1 }]);
      const unknown = await fulfill(order.id, {
        carrier: 'UPS',
        trackingNumber: '1Z-X',
        items: [{ orderItemId: 'oi_nope', quantity: 1 }],
      });
      assert.deepEqual([unknown.statusCode, unknown.json().error.code], [400, 'invalid_items']);

      const rest = await fulfill(order.id, { carrier: 'DHL', trackingNumber: 'JD-REST' });
      assert.equal(rest.statusCode, 200, rest.body);
      assert.equal(rest.json().status, 'fulfilled');
      const done = await settled(order.id);
      assert.deepEqual(
        done.items.map((item) => item.fulfilledQuantity === item.quantity),
        [true, true],
      );
      const byId = (a: { orderItemId: string }, b: { orderItemId: string }) =>
        a.orderItemId.localeCompare(b.orderItemId);
      const restItems = [
        { orderItemId: mugLine.id, quantity: 1 },
        { orderItemId: cupLine.id, quantity: 2 },
      ].sort(byId);
      assert.deepEqual([...(done.fulfillments[1]?.items ?? [])].sort(byId), restItems);
      assert.deepEqual(
        done.shipment,
        { carrier: 'UPS', trackingNumber: '1Z-FIRST' },
        'the carrier’s shipment is the first parcel',
      );
      assert.deepEqual([(await level(mug.sku))?.onHand, (await level(mug.sku))?.reserved], [2, 0]);
      assert.deepEqual([(await level(cup.sku))?.onHand, (await level(cup.sku))?.reserved], [3, 0]);
      assert.equal((await shop.inventory.getReservation(order.id))?.status, 'committed');

      const captures = await shop.db.query<{ amount: number }>(
        `SELECT l.amount FROM payments.ledger l JOIN payments.payments p ON p.id = l.payment_id WHERE p.order_id = $1 AND l.kind = 'capture'`,
        [order.id],
      );
      assert.deepEqual(
        captures.rows.map((row) => Number(row.amount)),
        [total],
        'one capture, of everything, at the first parcel',
      );
      const events = await orderEvents(shop, 'orders.order_fulfilled', order.id);
      assert.deepEqual(
        events.map((data) => [data['trackingNumber'], data['complete']]),
        [
          ['1Z-FIRST', false],
          ['JD-REST', true],
        ],
      );
      const again = await fulfill(order.id, { carrier: 'DHL', trackingNumber: 'JD-3' });
      assert.deepEqual([again.statusCode, again.json().error.code], [409, 'order_not_fulfillable']);
      assert.equal(
        (await call('POST', `/api/admin/orders/${order.id}/deliver`, asStaff('support'))).json().status,
        'delivered',
      );
      await assertNoOrphans(shop);
    });

    it('fulfills an order from two locations when neither holds enough alone, taking units where they are', async () => {
      const lamp = await stockedVariant(shop, 3);
      const added = await shop.inventory.adjust({
        sku: lamp.sku,
        delta: 3,
        reason: 'east warehouse',
        locationId: 'loc_east',
        actor: { id: 'stf_test' },
      });
      assert.ok(added.ok);
      const order = await place([{ variantId: lamp.variantId, quantity: 5 }], 'cus_spread');
      const line = order.items[0]!;
      assert.deepEqual(
        (await shop.inventory.getReservation(order.id))?.lines.map((held) => [held.locationId, held.quantity]),
        [
          ['loc_default', 3],
          ['loc_east', 2],
        ],
        'the reservation spread over both',
      );

      assert.equal(
        (
          await fulfill(order.id, {
            carrier: 'UPS',
            trackingNumber: 'P1',
            items: [{ orderItemId: line.id, quantity: 4 }],
          })
        ).statusCode,
        200,
      );
      assert.equal((await fulfill(order.id, { carrier: 'UPS', trackingNumber: 'P2' })).json().status, 'fulfilled');
      const done = await settled(order.id);
      assert.deepEqual(
        done.fulfillments.map((parcel) => parcel.locations.map((taken) => [taken.locationId, taken.quantity])),
        [
          [
            ['loc_default', 3],
            ['loc_east', 1],
          ],
          [['loc_east', 1]],
        ],
      );
      assert.deepEqual(await level(lamp.sku), {
        sku: lamp.sku,
        locationId: 'loc_default',
        onHand: 0,
        reserved: 0,
        available: 0,
      });
      assert.deepEqual(await level(lamp.sku, 'loc_east'), {
        sku: lamp.sku,
        locationId: 'loc_east',
        onHand: 1,
        reserved: 0,
        available: 1,
      });
      await assertNoOrphans(shop);
    });
  });
}
