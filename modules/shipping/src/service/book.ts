import type { Tx } from '@mercato/platform/db';
import { assert, fail, ok, type Result } from '@mercato/platform/kernel';
import { Value } from 'typebox/value';
import { type BookCode, type BookInput, type Shipment, ShippingAddressSchema, shippingEvents } from '../contract.ts';
import { quoteFor } from '../domain/rates.ts';
import {
  claimOperation,
  findOperation,
  findShipment,
  findShipmentByOrder,
  insertShipment,
  type ShipmentRow,
} from '../store.ts';
import { itemQuantityMax, type ShippingDeps, shipmentItemsMax } from './deps.ts';
import { decideInTransaction } from '@mercato/platform/db';
import { shipmentEvent, toShipment } from './views.ts';

const keyReused = () => fail('idempotency_key_reused', 'This idempotency key was used for another shipping operation.');
/** A lost claim re-reads the key at most this often before giving up (a bug, not load). */
const replayAttemptsMax = 3;

/** The first outcome of the key, or undefined when the key is new. */
async function replay(deps: ShippingDeps, input: BookInput): Promise<Result<Shipment, BookCode> | undefined> {
  const operation = await findOperation(deps.db, input.idempotencyKey);
  if (operation === undefined) return undefined;
  const row = await findShipment(deps.db, operation.shipment_id);
  assert(row !== undefined, `operation ${operation.idempotency_key} names a missing shipment`);
  return operation.kind === 'book' && row.order_id === input.orderId ? ok(toShipment(row)) : keyReused();
}

function invalidShipment(input: BookInput): Result<never, BookCode> | undefined {
  if (!Value.Check(ShippingAddressSchema, input.address))
    return fail('invalid_shipment', 'The shipping address is not valid.');
  const items = input.items;
  if (!Array.isArray(items) || items.length < 1 || items.length > shipmentItemsMax) {
    return fail('invalid_shipment', `A shipment has 1 to ${shipmentItemsMax} lines.`);
  }
  for (const item of items) {
    const sku = typeof item.sku === 'string' && item.sku.length >= 1 && item.sku.length <= 100;
    if (!sku || !Number.isSafeInteger(item.quantity) || item.quantity < 1 || item.quantity > itemQuantityMax) {
      return fail('invalid_shipment', 'Every line needs a SKU and a quantity from 1 to 9999.');
    }
  }
  return undefined;
}

type Recorded = { recorded: ShipmentRow } | { raced: true } | { taken: ShipmentRow };

/** Claims the key and inserts the shipment with its event, in one transaction. */
async function record(
  deps: ShippingDeps,
  tx: Tx,
  input: BookInput,
  trackingNumber: string,
): Promise<{ commit: boolean; value: Recorded }> {
  const now = deps.clock.now();
  const row: ShipmentRow = {
    id: deps.ids.next('shp'),
    order_id: input.orderId,
    method: input.method as ShipmentRow['method'],
    carrier: deps.carrier.name,
    tracking_number: trackingNumber,
    status: 'booked',
    address: input.address,
    items: input.items.map((item) => ({ sku: item.sku, quantity: item.quantity })),
    created_at: now,
    updated_at: now,
  };
  if (!(await claimOperation(tx, { idempotency_key: input.idempotencyKey, shipment_id: row.id, kind: 'book' }, now))) {
    return { commit: false, value: { raced: true } };
  }
  if (!(await insertShipment(tx, row))) {
    const existing = await findShipmentByOrder(tx, input.orderId);
    assert(existing !== undefined, 'a shipment conflicted on its order and then vanished');
    return { commit: false, value: { taken: existing } };
  }
  await deps.outbox.append(tx, [shipmentEvent(shippingEvents.shipmentBooked, row)]);
  return { commit: true, value: { recorded: row } };
}

/**
 * Book: replay the key if known; check method, address and items; ask the carrier
 * (outside any transaction: it may be slow or down, and is idempotent by the key);
 * record the shipment. One shipment per order: another key for a booked order is
 * `shipment_already_booked`.
 */
export function createBook(deps: ShippingDeps) {
  return async function book(input: BookInput): Promise<Result<Shipment, BookCode>> {
    assert(
      typeof input.idempotencyKey === 'string' &&
        input.idempotencyKey.length >= 1 &&
        input.idempotencyKey.length <= 255,
      'book needs an idempotency key of 1-255 characters',
    );
    assert(
      typeof input.orderId === 'string' && input.orderId.length >= 1 && input.orderId.length <= 100,
      'book needs an order id',
    );
    const known = await replay(deps, input);
    if (known !== undefined) return known;
    const invalid = invalidShipment(input);
    if (invalid !== undefined) return invalid;
    if (
      quoteFor(deps.config, input.address.country, input.method, { amount: 0, currency: deps.config.currency }) ===
      undefined
    ) {
      return fail(
        'shipping_method_unavailable',
        `Shipping method ${input.method} is not offered to ${input.address.country}.`,
      );
    }
    const booking = await deps.carrier.book({
      idempotencyKey: input.idempotencyKey,
      method: input.method as ShipmentRow['method'],
      address: input.address,
      items: input.items,
    });
    if (booking.outcome === 'undeliverable') {
      return fail('address_undeliverable', 'The carrier cannot deliver to this address.', { reason: booking.reason });
    }
    const outcome = await decideInTransaction(deps.db, (tx) => record(deps, tx, input, booking.trackingNumber));
    if ('recorded' in outcome) return ok(toShipment(outcome.recorded));
    if ('taken' in outcome) {
      return fail('shipment_already_booked', 'This order already has a shipment.', { shipmentId: outcome.taken.id });
    }
    for (let attempt = 0; attempt < replayAttemptsMax; attempt++) {
      const raced = await replay(deps, input);
      if (raced !== undefined) return raced;
    }
    throw new Error('booking key claimed by a concurrent call that left no record');
  };
}
