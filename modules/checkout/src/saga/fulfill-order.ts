/**
 * Shipping one parcel of a placed order, after the payment was captured and the parcel
 * recorded (in one transaction with this saga's row, `fulfill_order:<fulfillment id>`):
 *
 *   commit    the parcel's units leave stock, at the locations the reservation held them
 *   handover  the first parcel hands the booked shipment to the carrier, with the staff's
 *             tracking number (the carrier holds one shipment per order; later parcels
 *             are the order's own records)
 *
 * Neither can be undone (the parcel is gone), so these steps only go forward: I/O
 * failures are retried until they pass (resumed after a crash or a deferral). A business
 * failure here is a broken invariant (a placed order always holds its stock and its
 * booked shipment): it is logged for staff, and the saga ends without compensation.
 */
import type { ReserveLine } from '@mercato/inventory/contract';
import { assert, fail, ok } from '@mercato/platform/kernel';
import type { CheckoutDeps } from '../service/deps.ts';
import { setFulfillmentLocations } from '../store/fulfillments.ts';
import { defineSaga, type SagaDefinition, type SagaStep } from './runner.ts';

export const fulfillOrderSaga = 'fulfill_order';

/** The saga row of one parcel. */
export const fulfillmentSagaName = (fulfillmentId: string) => `${fulfillOrderSaga}:${fulfillmentId}`;

/**
 * What the steps need (kept in the saga row until it ends). Rows of the first
 * migration's single-parcel saga carry only the carrier and tracking number: they
 * commit the whole reservation and hand over.
 */
export type FulfillOrderInput = {
  readonly carrier: string;
  readonly trackingNumber: string;
  readonly fulfillmentId?: string;
  readonly lines?: readonly ReserveLine[];
  /** True for the order's first parcel, which hands the booked shipment over. */
  readonly handover?: boolean;
};
type FulfillContext = FulfillOrderInput;

type Committed = { locations: { sku: string; locationId: string; quantity: number }[] };
type HandedOver = { shipmentId: string | null };

export function fulfillOrderDefinition(deps: CheckoutDeps): SagaDefinition<FulfillContext> {
  const noCompensation = async () => {};

  const commitStock: SagaStep<FulfillContext, 'commit', Committed> = {
    name: 'commit',
    unavailableCode: 'inventory_unavailable',
    async run({ orderId, context }) {
      if (context.fulfillmentId === undefined || context.lines === undefined) {
        const committed = await deps.inventory.commit(orderId);
        return committed.ok ? ok({ locations: [...committed.value.lines] }) : fail(committed.code, committed.message);
      }
      // The parcel's id is the key: several parcels of one order each commit their own units once.
      const committed = await deps.inventory.commitPart({ orderId, key: context.fulfillmentId, lines: context.lines });
      if (committed.ok) return ok({ locations: [...committed.value.taken] });
      if (committed.code === 'idempotency_key_reused')
        throw new Error(`inventory refused key ${context.fulfillmentId} as reused`);
      return fail(committed.code, committed.message, committed.details);
    },
    async record(tx, { context }, output) {
      if (context.fulfillmentId !== undefined)
        await setFulfillmentLocations(tx, context.fulfillmentId, output.locations);
    },
    compensate: noCompensation,
  };

  const handOver: SagaStep<FulfillContext, 'handover', HandedOver> = {
    name: 'handover',
    unavailableCode: 'shipping_carrier_unavailable',
    async run({ orderId, context }, key) {
      if (context.handover === false) return ok({ shipmentId: null });
      const shipped = await deps.shipping.markShipped({
        orderId,
        carrier: context.carrier,
        trackingNumber: context.trackingNumber,
        idempotencyKey: key,
      });
      if (shipped.ok) return ok({ shipmentId: shipped.value.id });
      if (shipped.code === 'idempotency_key_reused') throw new Error(`shipping refused key ${key} as reused`);
      return fail(shipped.code, shipped.message);
    },
    compensate: noCompensation,
  };

  return defineSaga({
    name: fulfillOrderSaga,
    steps: [commitStock, handOver],
    forwardOnly: true,
    async load(orderId, input: FulfillOrderInput | null) {
      // A parcel's saga keeps its input until it ends, and an ended one is never resumed.
      assert(input !== null, `the fulfill saga of ${orderId} has no input`);
      return input;
    },
    async finished(_tx, state, end) {
      if (end === 'compensated') {
        deps.logger.error(
          { orderId: state.orderId, failure: state.failure },
          'a fulfilled parcel could not commit its stock or hand over its shipment',
        );
      }
    },
  });
}
