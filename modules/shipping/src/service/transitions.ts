import { assert, type Failure, fail, ok, type Result } from '@mercato/platform/kernel';
import {
  type CancelCode,
  type CancelInput,
  type KeyReusedCode,
  type MarkDeliveredInput,
  type MarkShippedInput,
  type Shipment,
  type ShipmentStatus,
  shippingEvents,
  type TransitionCode,
} from '../contract.ts';
import { sourcesOf } from '../domain/shipment.ts';
import {
  changeStatus,
  claimOperation,
  findOperation,
  findShipment,
  findShipmentByOrder,
  type OperationKind,
  type ShipmentRow,
} from '../store.ts';
import { carrierTextLengthMax, type ShippingDeps } from './deps.ts';
import { decideInTransaction } from '@mercato/platform/db';
import { shipmentEvent, toShipment } from './views.ts';

/** One status change of an existing shipment, idempotent by key. */
type TransitionSpec<Code extends string> = {
  readonly kind: Exclude<OperationKind, 'book'>;
  readonly idempotencyKey: string;
  readonly target: ShipmentStatus;
  readonly eventType: string;
  /** Whether a stored shipment is the one this call names (replay check). */
  readonly names: (row: ShipmentRow) => boolean;
  /** Reads the shipment; undefined when there is none. */
  readonly locate: () => Promise<ShipmentRow | undefined>;
  /** A shipment already in the target state is the caller's wish fulfilled: answer it. */
  readonly refuse: (row: ShipmentRow) => Failure<Code>;
  /** Work at the carrier before the change commits (idempotent by the key). */
  readonly atCarrier?: (row: ShipmentRow) => Promise<void>;
  readonly carrier?: string | undefined;
  readonly trackingNumber?: string | undefined;
};

type Outcome<Code extends string> = Result<ShipmentRow, Code | KeyReusedCode> | { raced: true };

const keyReused = () => fail('idempotency_key_reused', 'This idempotency key was used for another shipping operation.');
const claimAttemptsMax = 3;

/** Claims the key and changes the status in one transaction; nothing is kept when the change is refused. */
async function change<Code extends string>(
  deps: ShippingDeps,
  spec: TransitionSpec<Code>,
  row: ShipmentRow,
): Promise<Outcome<Code>> {
  return decideInTransaction<Outcome<Code>>(deps.db, async (tx) => {
    const now = deps.clock.now();
    if (
      !(await claimOperation(tx, { idempotency_key: spec.idempotencyKey, shipment_id: row.id, kind: spec.kind }, now))
    ) {
      return { commit: false, value: { raced: true } };
    }
    const changed = await changeStatus(tx, {
      id: row.id,
      status: spec.target,
      sources: sourcesOf(spec.target),
      carrier: spec.carrier,
      trackingNumber: spec.trackingNumber,
      now,
    });
    if (changed !== undefined) {
      await deps.outbox.append(tx, [shipmentEvent(spec.eventType, changed)]);
      return { commit: true, value: ok(changed) };
    }
    const current = await findShipment(tx, row.id);
    assert(current !== undefined, 'a shipment vanished inside its own transaction');
    return { commit: false, value: current.status === spec.target ? ok(current) : spec.refuse(current) };
  });
}

/**
 * Runs a status change: replay a known key; answer a shipment already in the target
 * state as it is (writing nothing); refuse a change the transition table does not
 * allow; else call the carrier when needed and change the status with its event.
 */
async function runTransition<Code extends string>(
  deps: ShippingDeps,
  spec: TransitionSpec<Code>,
): Promise<Result<ShipmentRow | undefined, Code | KeyReusedCode>> {
  for (let attempt = 0; attempt < claimAttemptsMax; attempt++) {
    const known = await findOperation(deps.db, spec.idempotencyKey);
    if (known !== undefined) {
      const row = await findShipment(deps.db, known.shipment_id);
      assert(row !== undefined, `operation ${known.idempotency_key} names a missing shipment`);
      return known.kind === spec.kind && spec.names(row) ? ok(row) : keyReused();
    }
    const row = await spec.locate();
    if (row === undefined || row.status === spec.target) return ok(row);
    if (!sourcesOf(spec.target).includes(row.status)) return spec.refuse(row);
    await spec.atCarrier?.(row);
    const outcome = await change(deps, spec, row);
    if (!('raced' in outcome)) return outcome;
  }
  throw new Error(`idempotency key of a ${spec.kind} kept being claimed concurrently`);
}

function checkKey(key: string): void {
  assert(
    typeof key === 'string' && key.length >= 1 && key.length <= 255,
    'shipping writes need an idempotency key of 1-255 characters',
  );
}

export function createCancel(deps: ShippingDeps) {
  return async function cancel(input: CancelInput): Promise<Result<Shipment | null, CancelCode>> {
    checkKey(input.idempotencyKey);
    const byOrder = 'orderId' in input;
    const result = await runTransition<CancelCode>(deps, {
      kind: 'cancel',
      idempotencyKey: input.idempotencyKey,
      target: 'cancelled',
      eventType: shippingEvents.shipmentCancelled,
      names: (row) => (byOrder ? row.order_id === input.orderId : row.id === input.shipmentId),
      locate: () => (byOrder ? findShipmentByOrder(deps.db, input.orderId) : findShipment(deps.db, input.shipmentId)),
      refuse: (row) =>
        fail('shipment_not_cancellable', `A shipment that is ${row.status} cannot be cancelled.`, {
          status: row.status,
        }),
      atCarrier: (row) =>
        deps.carrier.cancel({ idempotencyKey: input.idempotencyKey, trackingNumber: row.tracking_number }),
    });
    if (!result.ok) return result;
    if (result.value !== undefined) return ok(toShipment(result.value));
    // By order, no shipment means nothing to undo (the booking never happened).
    return byOrder ? ok(null) : fail('shipment_not_found', 'No such shipment.');
  };
}

function checkCarrierText(value: string | undefined, name: string): void {
  assert(
    value === undefined || (typeof value === 'string' && value.length >= 1 && value.length <= carrierTextLengthMax),
    `${name} must have 1 to ${carrierTextLengthMax} characters`,
  );
}

function byOrderTransition(deps: ShippingDeps, kind: 'ship' | 'deliver', target: ShipmentStatus, eventType: string) {
  return async (input: MarkShippedInput | MarkDeliveredInput): Promise<Result<Shipment, TransitionCode>> => {
    checkKey(input.idempotencyKey);
    const shipped = input as MarkShippedInput;
    checkCarrierText(shipped.carrier, 'carrier');
    checkCarrierText(shipped.trackingNumber, 'trackingNumber');
    const result = await runTransition<TransitionCode>(deps, {
      kind,
      idempotencyKey: input.idempotencyKey,
      target,
      eventType,
      names: (row) => row.order_id === input.orderId,
      locate: () => findShipmentByOrder(deps.db, input.orderId),
      refuse: (row) =>
        fail('shipment_status_conflict', `A shipment that is ${row.status} cannot become ${target}.`, {
          status: row.status,
        }),
      carrier: shipped.carrier,
      trackingNumber: shipped.trackingNumber,
    });
    if (!result.ok) return result;
    return result.value === undefined
      ? fail('shipment_not_found', 'This order has no shipment.')
      : ok(toShipment(result.value));
  };
}

export function createMarkShipped(deps: ShippingDeps) {
  return byOrderTransition(deps, 'ship', 'shipped', shippingEvents.shipmentShipped);
}

export function createMarkDelivered(deps: ShippingDeps) {
  return byOrderTransition(deps, 'deliver', 'delivered', shippingEvents.shipmentDelivered);
}
