import type { Queryable } from '@mercato/platform/db';

export type AdjustmentRow = {
  readonly id: string;
  readonly sku: string;
  readonly locationId: string;
  readonly delta: number;
  readonly reason: string;
  readonly actorId: string;
  /** The caller's key for a restock (returned goods); absent for staff adjustments. */
  readonly idempotencyKey?: string;
};

/** Appends to the adjustment ledger (openings and staff adjustments), one multi-row insert. */
export async function insertAdjustments(q: Queryable, rows: readonly AdjustmentRow[], now: Date): Promise<void> {
  if (rows.length === 0) return;
  await q.query(
    `INSERT INTO inventory.adjustments (id, sku, location_id, delta, reason, actor_id, idempotency_key, created_at)
     SELECT id, sku, location_id, delta, reason, actor_id, idempotency_key, $8
       FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::text[], $6::text[], $7::text[])
         AS a(id, sku, location_id, delta, reason, actor_id, idempotency_key)`,
    [
      rows.map((row) => row.id),
      rows.map((row) => row.sku),
      rows.map((row) => row.locationId),
      rows.map((row) => row.delta),
      rows.map((row) => row.reason),
      rows.map((row) => row.actorId),
      rows.map((row) => row.idempotencyKey ?? null),
      now,
    ],
  );
}

/**
 * Claims a restock's key with its ledger row: true when this call wrote it, false when
 * the key was used before (a concurrent twin waits for the first transaction to end).
 */
export async function claimAdjustment(
  q: Queryable,
  row: AdjustmentRow & { readonly idempotencyKey: string },
  now: Date,
): Promise<boolean> {
  const { rows } = await q.query(
    `INSERT INTO inventory.adjustments (id, sku, location_id, delta, reason, actor_id, idempotency_key, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (idempotency_key) DO NOTHING RETURNING id`,
    [row.id, row.sku, row.locationId, row.delta, row.reason, row.actorId, row.idempotencyKey, now],
  );
  return rows.length === 1;
}

export async function findAdjustmentByKey(q: Queryable, idempotencyKey: string): Promise<AdjustmentRow | undefined> {
  const { rows } = await q.query<{
    id: string;
    sku: string;
    location_id: string;
    delta: number;
    reason: string;
    actor_id: string;
  }>('SELECT id, sku, location_id, delta, reason, actor_id FROM inventory.adjustments WHERE idempotency_key = $1', [
    idempotencyKey,
  ]);
  const row = rows[0];
  return row === undefined
    ? undefined
    : {
        id: row.id,
        sku: row.sku,
        locationId: row.location_id,
        delta: Number(row.delta),
        reason: row.reason,
        actorId: row.actor_id,
        idempotencyKey,
      };
}
