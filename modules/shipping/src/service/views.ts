import type { NewEvent } from '@mercato/platform/bus';
import type { Shipment, ShipmentEventData } from '../contract.ts';
import type { ShipmentRow } from '../store.ts';

/** The contract's view of a stored shipment. */
export function toShipment(row: ShipmentRow): Shipment {
  return {
    id: row.id,
    orderId: row.order_id,
    method: row.method,
    carrier: row.carrier,
    trackingNumber: row.tracking_number,
    status: row.status,
    address: row.address,
    items: row.items,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** A shipping event carrying the shipment as it is after the change. */
export function shipmentEvent(type: string, row: ShipmentRow): NewEvent<ShipmentEventData> {
  return {
    type,
    data: {
      shipmentId: row.id,
      orderId: row.order_id,
      method: row.method,
      carrier: row.carrier,
      trackingNumber: row.tracking_number,
      status: row.status,
    },
  };
}
