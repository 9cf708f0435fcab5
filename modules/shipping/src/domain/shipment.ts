import type { ShipmentStatus } from '../contract.ts';

/**
 * The shipment state machine. Every status change in the store is a conditional UPDATE
 * whose `WHERE status = ANY(…)` comes from this table, so a change from a state not
 * listed here matches no row and is answered as a failure, never a silent no-op.
 */
export const shipmentTransitions: { readonly [From in ShipmentStatus]: readonly ShipmentStatus[] } = {
  booked: ['cancelled', 'shipped'],
  shipped: ['delivered'],
  cancelled: [],
  delivered: [],
};

export function canTransition(from: ShipmentStatus, to: ShipmentStatus): boolean {
  return shipmentTransitions[from].includes(to);
}

/** The states from which `to` may be reached. */
export function sourcesOf(to: ShipmentStatus): ShipmentStatus[] {
  return (Object.keys(shipmentTransitions) as ShipmentStatus[]).filter((from) => canTransition(from, to));
}
