import type { Queryable } from '@mercato/platform/db';
import type { ReservationLine, ReserveLine } from '../contract.ts';

/** A partial commit as recorded under its idempotency key. */
export type CommitRow = {
  readonly key: string;
  readonly orderId: string;
  readonly lines: readonly ReserveLine[];
  readonly taken: readonly ReservationLine[];
};

/**
 * Claims a partial commit's key with what it took: true when this call wrote the row,
 * false when the key was claimed before (a concurrent twin waits for the first
 * transaction and then finds the row).
 */
export async function claimCommit(q: Queryable, row: CommitRow, now: Date): Promise<boolean> {
  const { rows } = await q.query(
    `INSERT INTO inventory.commits (key, order_id, lines, taken, created_at) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (key) DO NOTHING RETURNING key`,
    [row.key, row.orderId, JSON.stringify(row.lines), JSON.stringify(row.taken), now],
  );
  return rows.length === 1;
}

export async function findCommit(q: Queryable, key: string): Promise<CommitRow | undefined> {
  const { rows } = await q.query<{ key: string; order_id: string; lines: ReserveLine[]; taken: ReservationLine[] }>(
    'SELECT key, order_id, lines, taken FROM inventory.commits WHERE key = $1',
    [key],
  );
  const row = rows[0];
  return row === undefined ? undefined : { key: row.key, orderId: row.order_id, lines: row.lines, taken: row.taken };
}
