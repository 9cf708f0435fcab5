import type { Queryable } from '@mercato/platform/db';

export type AdjustmentRow = {
  readonly id: string;
  readonly sku: string;
  readonly locationId: string;
  readonly delta: number;
  readonly reason: string;
  readonly actorId: string;
};

/** Appends to the adjustment ledger (openings and staff adjustments), one multi-row insert. */
export async function insertAdjustments(q: Queryable, rows: readonly AdjustmentRow[], now: Date): Promise<void> {
  if (rows.length === 0) return;
  await q.query(
    `INSERT INTO inventory.adjustments (id, sku, location_id, delta, reason, actor_id, created_at)
     SELECT id, sku, location_id, delta, reason, actor_id, $7
       FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::text[], $6::text[])
         AS a(id, sku, location_id, delta, reason, actor_id)`,
    [
      rows.map((row) => row.id),
      rows.map((row) => row.sku),
      rows.map((row) => row.locationId),
      rows.map((row) => row.delta),
      rows.map((row) => row.reason),
      rows.map((row) => row.actorId),
      now,
    ],
  );
}
