/**
 * Fulfilling a placed order, after its payment was captured and its status became
 * `fulfilled` (in one transaction with this saga's row):
 *
 *   commit    the units leave stock
 *   handover  the shipment is handed to the carrier, with the staff's tracking number
 *
 * Neither can be undone (the parcel is gone), so these steps only go forward: I/O
 * failures are retried until they pass (resumed after a crash or a deferral). A business failure here is a broken
 * invariant (a placed order always holds its stock and its booked shipment): it is
 * logged for staff, and the saga ends without compensation.
 */
import { fail, ok } from '@mercato/platform/kernel';
import type { CheckoutDeps } from '../service/deps.ts';
import { type SagaDefinition, step } from './runner.ts';

export const fulfilOrderSaga = 'fulfil_order';

export type FulfilOrderInput = { readonly carrier: string; readonly trackingNumber: string };
type FulfilContext = FulfilOrderInput;

export function fulfilOrderDefinition(deps: CheckoutDeps): SagaDefinition<FulfilContext> {
  const noCompensation = async () => {};

  const commitStock = step<FulfilContext, { committed: true }>({
    name: 'commit',
    unavailableCode: 'inventory_unavailable',
    async run({ orderId }) {
      const committed = await deps.inventory.commit(orderId);
      return committed.ok ? ok({ committed: true }) : fail(committed.code, committed.message);
    },
    compensate: noCompensation,
  });

  const handOver = step<FulfilContext, { shipmentId: string }>({
    name: 'handover',
    unavailableCode: 'shipping_carrier_unavailable',
    async run({ orderId, context }, key) {
      const shipped = await deps.shipping.markShipped({ orderId, carrier: context.carrier, trackingNumber: context.trackingNumber, idempotencyKey: key });
      if (shipped.ok) return ok({ shipmentId: shipped.value.id });
      if (shipped.code === 'idempotency_key_reused') throw new Error(`shipping refused key ${key} as reused`);
      return fail(shipped.code, shipped.message);
    },
    compensate: noCompensation,
  });

  return {
    name: fulfilOrderSaga,
    steps: [commitStock, handOver],
    forwardOnly: true,
    async load(_orderId, input) {
      const { carrier, trackingNumber } = input as FulfilOrderInput;
      return { carrier, trackingNumber };
    },
    async finished(_tx, state, end) {
      if (end === 'compensated') {
        deps.logger.error({ orderId: state.orderId, failure: state.failure }, 'a fulfilled order could not commit its stock or hand over its shipment');
      }
    },
  };
}
