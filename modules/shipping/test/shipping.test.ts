import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testDbTargets } from '@mercato/platform/db/testing';
import { ShippingCarrierUnavailable } from '../src/contract.ts';
import {
  address,
  bookInput,
  bootShipping,
  codeOf,
  countShipments,
  eventsOf,
  type ShippingHost,
  usd,
  value,
} from './helpers.ts';

for (const target of testDbTargets()) {
  describe(`shipping on ${target.name}`, { skip: target.skipReason }, () => {
    let host: ShippingHost;
    before(async () => {
      host = await bootShipping(target, {
        config: {
          rates: {
            US: { standard: 599, express: 1999 },
            IS: { standard: 2500 },
            '*': { standard: 1499, express: 3999 },
          },
          freeStandardFromSubtotal: 7500,
        },
      });
    });
    after(() => host?.close());

    it('listMethods › prices each method for the country, with the default elsewhere', async () => {
      assert.deepEqual(
        value(await host.api.listMethods('US')).items.map((m) => [m.id, m.price.amount]),
        [
          ['standard', 599],
          ['express', 1999],
        ],
      );
      assert.deepEqual(
        value(await host.api.listMethods('IS')).items.map((m) => m.id),
        ['standard'],
      );
      assert.deepEqual(
        value(await host.api.listMethods('FR')).items.map((m) => m.price.amount),
        [1499, 3999],
      );
      assert.equal(codeOf(await host.api.listMethods('usa')), 'invalid_country');
    });

    it('quote › answers the rate, free standard shipping from the threshold, and refuses what is not offered', async () => {
      assert.deepEqual(
        value(await host.api.quote({ country: 'US', method: 'express', subtotal: usd(9_000), itemCount: 3 })),
        usd(1999),
      );
      assert.deepEqual(
        value(await host.api.quote({ country: 'US', method: 'standard', subtotal: usd(7_499), itemCount: 1 })),
        usd(599),
      );
      assert.deepEqual(
        value(await host.api.quote({ country: 'US', method: 'standard', subtotal: usd(7_500), itemCount: 1 })),
        usd(0),
      );
      assert.equal(
        codeOf(await host.api.quote({ country: 'IS', method: 'express', subtotal: usd(1), itemCount: 1 })),
        'shipping_method_unavailable',
      );
      assert.equal(
        codeOf(await host.api.quote({ country: 'US', method: 'overnight', subtotal: usd(1), itemCount: 1 })),
        'shipping_method_unavailable',
      );
    });

    it('book › books with the test carrier, a tracking number and shipping.shipment_booked', async () => {
      const input = bookInput({ method: 'express' });
      const shipment = value(await host.api.book(input));
      assert.match(shipment.id, /^shp_/);
      assert.match(shipment.trackingNumber, /^TC[0-9A-F]{16}$/);
      assert.equal(shipment.status, 'booked');
      assert.equal(shipment.carrier, 'test_carrier');
      assert.deepEqual(shipment.address, input.address);
      assert.deepEqual(shipment.items, input.items);
      assert.deepEqual(await host.api.findByOrder(input.orderId), shipment);
      assert.deepEqual(value(await host.api.getShipment(shipment.id)), shipment);
      assert.deepEqual(
        (await eventsOf(host, input.orderId)).map((event) => event.type),
        ['shipping.shipment_booked'],
      );
    });

    it('book twice with one key, some concurrently › one shipment, one event, the same answer', async () => {
      const input = bookInput();
      const answers = await Promise.all([host.api.book(input), host.api.book(input), host.api.book(input)]);
      const again = await host.api.book(input);
      const shipments = [...answers, again].map(value);
      assert.ok(shipments.every((shipment) => shipment.id === shipments[0]?.id));
      assert.equal(await countShipments(host, input.orderId), 1);
      assert.equal((await eventsOf(host, input.orderId)).length, 1);
    });

    it('book › another key for a booked order is shipment_already_booked; a key reused for another order is refused', async () => {
      const input = bookInput();
      const shipment = value(await host.api.book(input));
      const other = await host.api.book({ ...input, idempotencyKey: `${input.orderId}:ship:again` });
      assert.equal(codeOf(other), 'shipment_already_booked');
      assert.equal(!other.ok && other.details?.['shipmentId'], shipment.id);
      assert.equal(codeOf(await host.api.book({ ...input, orderId: 'ord_someone_else' })), 'idempotency_key_reused');
    });

    it('book › postal code 00000 is address_undeliverable and books nothing', async () => {
      const input = bookInput({ address: address({ postalCode: '00000' }) });
      const result = await host.api.book(input);
      assert.equal(codeOf(result), 'address_undeliverable');
      assert.equal(await countShipments(host, input.orderId), 0);
      assert.equal(codeOf(await host.api.book(input)), 'address_undeliverable');
    });

    it('book › postal code 99999 throws ShippingCarrierUnavailable (retryable) and books nothing', async () => {
      const input = bookInput({ address: address({ postalCode: '99999' }) });
      await assert.rejects(host.api.book(input), ShippingCarrierUnavailable);
      assert.equal(await countShipments(host, input.orderId), 0);
    });

    it('book › refuses a method not offered to the country, a bad address and bad items', async () => {
      assert.equal(
        codeOf(await host.api.book(bookInput({ method: 'express', address: address({ country: 'IS' }) }))),
        'shipping_method_unavailable',
      );
      assert.equal(
        codeOf(await host.api.book(bookInput({ address: { ...address(), country: 'usa' } }))),
        'invalid_shipment',
      );
      assert.equal(codeOf(await host.api.book(bookInput({ items: [] }))), 'invalid_shipment');
      assert.equal(codeOf(await host.api.book(bookInput({ items: [{ sku: 'A', quantity: 0 }] }))), 'invalid_shipment');
    });

    it('cancel twice with one key, and by another key › cancelled once, one event', async () => {
      const input = bookInput();
      const shipment = value(await host.api.book(input));
      const cancel = { shipmentId: shipment.id, idempotencyKey: `${input.orderId}:cancel_shipment` };
      const first = value(await host.api.cancel(cancel));
      assert.equal(first?.status, 'cancelled');
      assert.deepEqual(value(await host.api.cancel(cancel)), first);
      assert.equal(
        value(await host.api.cancel({ orderId: input.orderId, idempotencyKey: `${input.orderId}:cancel:2` }))?.status,
        'cancelled',
      );
      const types = (await eventsOf(host, input.orderId)).map((event) => event.type);
      assert.deepEqual(types, ['shipping.shipment_booked', 'shipping.shipment_cancelled']);
    });

    it('cancel by order › answers null when the order has no shipment (nothing to undo)', async () => {
      assert.equal(
        value(await host.api.cancel({ orderId: 'ord_never_booked', idempotencyKey: 'ord_never_booked:cancel' })),
        null,
      );
      assert.equal(
        codeOf(await host.api.cancel({ shipmentId: 'shp_missing', idempotencyKey: 'shp_missing:cancel' })),
        'shipment_not_found',
      );
    });

    it('ship then deliver › follow the transition table; a shipped shipment cannot be cancelled', async () => {
      const input = bookInput();
      value(await host.api.book(input));
      assert.equal(
        codeOf(
          await host.api.markDelivered({ orderId: input.orderId, idempotencyKey: `${input.orderId}:deliver:early` }),
        ),
        'shipment_status_conflict',
      );
      const shipped = value(
        await host.api.markShipped({
          orderId: input.orderId,
          carrier: 'UPS',
          trackingNumber: '1Z999',
          idempotencyKey: `${input.orderId}:fulfill`,
        }),
      );
      assert.deepEqual([shipped.status, shipped.carrier, shipped.trackingNumber], ['shipped', 'UPS', '1Z999']);
      assert.deepEqual(
        value(await host.api.markShipped({ orderId: input.orderId, idempotencyKey: `${input.orderId}:fulfill` })),
        shipped,
      );
      assert.equal(
        codeOf(await host.api.cancel({ orderId: input.orderId, idempotencyKey: `${input.orderId}:cancel` })),
        'shipment_not_cancellable',
      );
      const delivered = value(
        await host.api.markDelivered({ orderId: input.orderId, idempotencyKey: `${input.orderId}:deliver` }),
      );
      assert.equal(delivered.status, 'delivered');
      const types = (await eventsOf(host, input.orderId)).map((event) => event.type);
      assert.deepEqual(types, ['shipping.shipment_booked', 'shipping.shipment_shipped', 'shipping.shipment_delivered']);
      assert.equal(
        codeOf(await host.api.markShipped({ orderId: 'ord_none', idempotencyKey: 'ord_none:fulfill' })),
        'shipment_not_found',
      );
    });
  });
}
