import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testDbTargets } from '@mercato/platform/db/testing';
import type { Order, Return } from '../src/contract.ts';
import {
  addLocation,
  asCustomer,
  asStaff,
  assertNoOrphans,
  bootShop,
  cartWithLines,
  checkoutBody,
  offsetClock,
  orderEvents,
  postCheckout,
  type Shop,
  stockedVariant,
  usd,
} from './support.ts';

const dayMs = 24 * 60 * 60_000;

/** Returns end to end: deliver → request → accept → receive (stock back where chosen) → refund. */
for (const target of testDbTargets()) {
  describe(`returns on ${target.name}`, { skip: target.skipReason }, () => {
    const clock = offsetClock();
    let shop: Shop;

    before(async () => {
      shop = await bootShop(target, { clock });
      await addLocation(shop, 'loc_returns');
    });

    after(() => shop?.close());

    const call = (method: 'GET' | 'POST', url: string, headers: Record<string, string> = {}, payload?: object) =>
      shop.app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload }) });
    const admin = (url: string, payload?: object, role: 'admin' | 'support' = 'support') =>
      call('POST', url, asStaff(role), payload);
    const order = async (id: string): Promise<Order> =>
      (await call('GET', `/api/admin/orders/${id}`, asStaff('admin'))).json();
    const level = async (sku: string, locationId: string) =>
      (await shop.inventory.getLevels([sku])).find((candidate) => candidate.locationId === locationId);

    /** A delivered order of `customerId` (null: a guest; the answer carries the token). */
    async function delivered(
      customerId: string | null,
      lines: { variantId: string; quantity: number }[],
    ): Promise<Order> {
      const headers = customerId === null ? {} : asCustomer(customerId);
      const placed = await postCheckout(
        shop,
        checkoutBody(await cartWithLines(shop, lines, customerId)),
        undefined,
        headers,
      );
      assert.equal(placed.status, 201, JSON.stringify(placed.body));
      assert.equal(
        (await admin(`/api/admin/orders/${placed.body.order.id}/fulfill`, { carrier: 'UPS', trackingNumber: '1Z' }))
          .statusCode,
        200,
      );
      assert.equal((await admin(`/api/admin/orders/${placed.body.order.id}/deliver`)).json().status, 'delivered');
      return placed.body.order;
    }

    it('takes a return through request, accept, receive (stock back at the chosen location) and refund, to refunded', async () => {
      const vase = await stockedVariant(shop, 4, 3000);
      const bowl = await stockedVariant(shop, 4, 1000);
      const placed = await delivered('cus_returner', [
        { variantId: vase.variantId, quantity: 2 },
        { variantId: bowl.variantId, quantity: 1 },
      ]);
      const [vaseLine, bowlLine] = [placed.items[0]!, placed.items[1]!];
      const total = placed.totals.total.amount;
      const request = (items: object[], headers = asCustomer('cus_returner')) =>
        call('POST', `/api/orders/${placed.id}/returns`, headers, { items, reason: 'does not fit' });

      const created = await request([{ orderItemId: vaseLine.id, quantity: 1 }]);
      assert.equal(created.statusCode, 201, created.body);
      const first: Return = created.json().return;
      assert.deepEqual([first.status, first.items], ['requested', [{ orderItemId: vaseLine.id, quantity: 1 }]]);
      const over = await request([{ orderItemId: vaseLine.id, quantity: 2 }]);
      assert.deepEqual(
        [over.statusCode, over.json().error.code],
        [409, 'return_exceeds_delivered'],
        'one vase is in a return already',
      );
      assert.deepEqual(over.json().error.details.items, [{ orderItemId: vaseLine.id, requested: 2, available: 1 }]);
      assert.equal((await order(placed.id)).items[0]?.returnedQuantity, 1);

      const listed = (await call('GET', '/api/admin/returns?status=requested', asStaff('support'))).json();
      assert.ok(listed.items.some((entry: Return) => entry.id === first.id));
      assert.equal((await call('GET', '/api/admin/returns', asCustomer('cus_returner'))).statusCode, 403);
      const early = await admin(
        `/api/admin/orders/${placed.id}/refund`,
        { amount: usd(3000), reason: 'return', returnId: first.id },
        'admin',
      );
      assert.deepEqual([early.statusCode, early.json().error.code], [409, 'return_not_refundable'], 'not received yet');
      assert.equal((await admin(`/api/admin/returns/${first.id}/accept`)).json().status, 'accepted');
      assert.equal((await admin(`/api/admin/returns/${first.id}/accept`)).json().error.code, 'return_not_acceptable');

      const received = await admin(`/api/admin/returns/${first.id}/receive`, { locationId: 'loc_returns' });
      assert.equal(received.statusCode, 200, received.body);
      assert.deepEqual([received.json().status, received.json().locationId], ['received', 'loc_returns']);
      assert.deepEqual(await level(vase.sku, 'loc_returns'), {
        sku: vase.sku,
        locationId: 'loc_returns',
        onHand: 1,
        reserved: 0,
        available: 1,
      });
      assert.equal(
        (await admin(`/api/admin/returns/${first.id}/receive`, { locationId: 'loc_returns' })).statusCode,
        200,
        'receiving again answers the same',
      );
      assert.equal((await level(vase.sku, 'loc_returns'))?.onHand, 1, 'and restocks nothing more');
      const elsewhere = await admin(`/api/admin/returns/${first.id}/receive`, { locationId: 'loc_default' });
      assert.deepEqual([elsewhere.statusCode, elsewhere.json().error.code], [409, 'return_location_conflict']);

      const refunded = await admin(
        `/api/admin/orders/${placed.id}/refund`,
        { amount: usd(3000), reason: 'returned vase', returnId: first.id },
        'admin',
      );
      assert.equal(refunded.statusCode, 200, refunded.body);
      const partly: Order = refunded.json();
      assert.equal(partly.status, 'partially_refunded');
      assert.deepEqual(partly.payment, {
        status: 'partially_refunded',
        method: 'test_card',
        captured: usd(total),
        refunded: usd(3000),
        net: usd(total - 3000),
      });
      assert.deepEqual(
        partly.refunds.map((refund) => [refund.status, refund.amount.amount, refund.returnId]),
        [['succeeded', 3000, first.id]],
      );
      assert.deepEqual([partly.returns[0]?.status, partly.returns[0]?.refunded], ['refunded', usd(3000)]);

      // The rest comes back too, into the default location, and the order is refunded to 0.
      const second: Return = (
        await request([
          { orderItemId: vaseLine.id, quantity: 1 },
          { orderItemId: bowlLine.id, quantity: 1 },
        ])
      ).json().return;
      assert.equal((await admin(`/api/admin/returns/${second.id}/accept`)).statusCode, 200);
      assert.equal(
        (await call('POST', `/api/admin/returns/${second.id}/receive`, asStaff('support'))).json().locationId,
        'loc_default',
      );
      const rest = await admin(
        `/api/admin/orders/${placed.id}/refund`,
        { amount: usd(total - 3000), reason: 'the rest', returnId: second.id },
        'admin',
      );
      assert.deepEqual(
        [rest.json().status, rest.json().payment.net, rest.json().payment.refunded],
        ['refunded', usd(0), usd(total)],
      );
      const nothingLeft = await request([{ orderItemId: bowlLine.id, quantity: 1 }]);
      assert.deepEqual([nothingLeft.statusCode, nothingLeft.json().error.code], [409, 'order_not_returnable']);

      assert.equal((await orderEvents(shop, 'orders.return_requested', placed.id)).length, 2);
      assert.deepEqual(
        (await orderEvents(shop, 'orders.return_received', placed.id)).map((data) => data['locationId']),
        ['loc_returns', 'loc_default'],
      );
      const refundEvents = await orderEvents(shop, 'orders.order_refunded', placed.id);
      // What notifications read: number, this refund's amount, and the total refunded after it.
      assert.deepEqual(
        refundEvents.map((data) => [data['number'], data['amount'], data['refunded'], data['status'], data['net']]),
        [
          [placed.number, usd(3000), usd(3000), 'partially_refunded', usd(total - 3000)],
          [placed.number, usd(total - 3000), usd(total), 'refunded', usd(0)],
        ],
      );
      await assertNoOrphans(shop);
    });

    it("answers 404 for another customer's order and without the guest token, and takes a guest's request with it", async () => {
      const cup = await stockedVariant(shop, 3);
      const owned = await delivered('cus_owner', [{ variantId: cup.variantId, quantity: 1 }]);
      const body = { items: [{ orderItemId: owned.items[0]!.id, quantity: 1 }], reason: 'broken' };
      for (const headers of [asCustomer('cus_other'), {}]) {
        const refused = await call('POST', `/api/orders/${owned.id}/returns`, headers, body);
        assert.deepEqual([refused.statusCode, refused.json().error.code], [404, 'order_not_found']);
      }
      const guest = await delivered(null, [{ variantId: cup.variantId, quantity: 1 }]);
      const guestBody = { items: [{ orderItemId: guest.items[0]!.id, quantity: 1 }], reason: 'broken' };
      assert.equal((await call('POST', `/api/orders/${guest.id}/returns`, {}, guestBody)).statusCode, 404);
      assert.equal(
        (await call('POST', `/api/orders/${guest.id}/returns?token=${guest.accessToken}`, {}, guestBody)).statusCode,
        201,
      );
    });

    it('refuses returns of undelivered orders, lets a rejected request be asked again, and closes the window after returnWindowMs', async () => {
      const jug = await stockedVariant(shop, 5);
      const placed = await postCheckout(
        shop,
        checkoutBody(await cartWithLines(shop, [{ variantId: jug.variantId, quantity: 2 }], 'cus_late')),
        undefined,
        asCustomer('cus_late'),
      );
      const item = placed.body.order.items[0]!;
      const request = (quantity: number) =>
        call('POST', `/api/orders/${placed.body.order.id}/returns`, asCustomer('cus_late'), {
          items: [{ orderItemId: item.id, quantity }],
          reason: 'late',
        });
      assert.deepEqual(
        [(await request(1)).statusCode, (await request(1)).json().error.code],
        [409, 'order_not_returnable'],
      );
      await admin(`/api/admin/orders/${placed.body.order.id}/fulfill`, { carrier: 'UPS', trackingNumber: '1Z' });
      await admin(`/api/admin/orders/${placed.body.order.id}/deliver`);

      const asked: Return = (await request(2)).json().return;
      assert.equal((await admin(`/api/admin/returns/${asked.id}/reject`)).json().status, 'rejected');
      assert.equal((await admin(`/api/admin/returns/${asked.id}/receive`)).json().error.code, 'return_not_receivable');
      assert.equal((await request(2)).statusCode, 201, 'the rejected units may be asked for again');

      clock.advance(30 * dayMs + 60_000);
      const closed = await request(1);
      assert.deepEqual([closed.statusCode, closed.json().error.code], [409, 'return_window_closed']);
    });
  });
}
