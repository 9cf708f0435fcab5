/**
 * All SQL of shipping. Every function takes a `Queryable` (the Db or a transaction),
 * so the service decides transaction boundaries. Status changes are conditional
 * UPDATEs on the states the transition table allows.
 */
import type { Queryable } from '@mercato/platform/db';
import type { ShipmentItem, ShipmentStatus, ShippingAddress, ShippingMethodId } from './contract.ts';

export type ShipmentRow = {
  id: string;
  order_id: string;
  method: ShippingMethodId;
  carrier: string;
  tracking_number: string;
  status: ShipmentStatus;
  address: ShippingAddress;
  items: ShipmentItem[];
  created_at: Date;
  updated_at: Date;
};

export type OperationKind = 'book' | 'cancel' | 'ship' | 'deliver';
export type OperationRow = { idempotency_key: string; shipment_id: string; kind: OperationKind };

const columns = 'id, order_id, method, carrier, tracking_number, status, address, items, created_at, updated_at';

/** Inserts the shipment unless the order has one: false then (read it with `findShipmentByOrder`). */
export async function insertShipment(db: Queryable, row: ShipmentRow): Promise<boolean> {
  const { rows } = await db.query(
    `INSERT INTO shipping.shipments (${columns})
     VALUES ($1, $2, $3, $4, $5, $6, $7::text::jsonb, $8::text::jsonb, $9, $10)
     ON CONFLICT (order_id) DO NOTHING RETURNING id`,
    [
      row.id,
      row.order_id,
      row.method,
      row.carrier,
      row.tracking_number,
      row.status,
      JSON.stringify(row.address),
      JSON.stringify(row.items),
      row.created_at,
      row.updated_at,
    ],
  );
  return rows.length === 1;
}

export async function findShipment(db: Queryable, id: string): Promise<ShipmentRow | undefined> {
  const { rows } = await db.query<ShipmentRow>(`SELECT ${columns} FROM shipping.shipments WHERE id = $1`, [id]);
  return rows[0];
}

export async function findShipmentByOrder(db: Queryable, orderId: string): Promise<ShipmentRow | undefined> {
  const { rows } = await db.query<ShipmentRow>(`SELECT ${columns} FROM shipping.shipments WHERE order_id = $1`, [
    orderId,
  ]);
  return rows[0];
}

/**
 * Claims an idempotency key for a write: true when this call wrote it; false when it
 * was claimed before (then read it with `findOperation`). On PostgreSQL a concurrent
 * claim of the same key waits for the first one's transaction to end.
 */
export async function claimOperation(db: Queryable, row: OperationRow, now: Date): Promise<boolean> {
  const { rows } = await db.query(
    `INSERT INTO shipping.operations (idempotency_key, shipment_id, kind, created_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (idempotency_key) DO NOTHING RETURNING idempotency_key`,
    [row.idempotency_key, row.shipment_id, row.kind, now],
  );
  return rows.length === 1;
}

export async function findOperation(db: Queryable, key: string): Promise<OperationRow | undefined> {
  const { rows } = await db.query<OperationRow>(
    'SELECT idempotency_key, shipment_id, kind FROM shipping.operations WHERE idempotency_key = $1',
    [key],
  );
  return rows[0];
}

/**
 * Moves a shipment to `status` when it is in one of `sources`, replacing carrier and
 * tracking number when given. Undefined when the shipment is in another state.
 */
export async function changeStatus(
  db: Queryable,
  input: {
    id: string;
    status: ShipmentStatus;
    sources: readonly ShipmentStatus[];
    carrier?: string | undefined;
    trackingNumber?: string | undefined;
    now: Date;
  },
): Promise<ShipmentRow | undefined> {
  const { rows } = await db.query<ShipmentRow>(
    `UPDATE shipping.shipments
     SET status = $2, carrier = coalesce($4, carrier), tracking_number = coalesce($5, tracking_number), updated_at = $6
     WHERE id = $1 AND status = ANY($3::text[]) RETURNING ${columns}`,
    [input.id, input.status, input.sources, input.carrier ?? null, input.trackingNumber ?? null, input.now],
  );
  return rows[0];
}
