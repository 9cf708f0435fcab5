import type { Queryable } from '@mercato/platform/db';
import { inventoryLimits, type Reservation, type ReservationLine, type ReservationStatus } from '../contract.ts';
import { assert } from '@mercato/platform/kernel';
import { canMove, compareText } from '../domain/reservation.ts';

type ReservationRow = { order_id: string; status: ReservationStatus; expires_at: Date | null; created_at: Date };

function toReservation(row: ReservationRow, lines: readonly ReservationLine[]): Reservation {
  return {
    orderId: row.order_id,
    status: row.status,
    lines,
    expiresAt: row.expires_at === null ? null : row.expires_at.toISOString(),
    createdAt: row.created_at.toISOString(),
  };
}

const linesMax = inventoryLimits.reservationLinesMax * inventoryLimits.locationsPerSkuMax;

/**
 * Claims an order id for a new reservation: the INSERT wins for exactly one caller, so
 * a retried or concurrent reserve for the same order can never hold stock twice.
 * A caller that loses the race waits for the winner's transaction and then sees no row.
 */
export async function claimReservation(
  q: Queryable,
  orderId: string,
  status: ReservationStatus,
  expiresAt: Date | null,
  now: Date,
): Promise<boolean> {
  const { rows } = await q.query(
    `INSERT INTO inventory.reservations (order_id, status, expires_at, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $4) ON CONFLICT (order_id) DO NOTHING RETURNING order_id`,
    [orderId, status, expiresAt, now],
  );
  return rows.length === 1;
}

export async function insertLines(q: Queryable, orderId: string, lines: readonly ReservationLine[]): Promise<void> {
  if (lines.length === 0) return;
  await q.query(
    `INSERT INTO inventory.reservation_lines (order_id, sku, location_id, quantity)
     SELECT $1, sku, location_id, quantity FROM unnest($2::text[], $3::text[], $4::bigint[]) AS l(sku, location_id, quantity)`,
    [orderId, lines.map((line) => line.sku), lines.map((line) => line.locationId), lines.map((line) => line.quantity)],
  );
}

export async function linesOf(q: Queryable, orderId: string): Promise<ReservationLine[]> {
  const { rows } = await q.query<{ sku: string; location_id: string; quantity: number }>(
    `SELECT sku, location_id, quantity FROM inventory.reservation_lines WHERE order_id = $1
      ORDER BY sku, location_id LIMIT ${linesMax}`,
    [orderId],
  );
  // Sorted in code-point order (as the reservation answered first), whatever the database collation.
  return rows
    .map((row) => ({ sku: row.sku, locationId: row.location_id, quantity: row.quantity }))
    .sort((a, b) => compareText(a.sku, b.sku) || compareText(a.locationId, b.locationId));
}

/** A reservation line with the units of it already committed (partial fulfillments). */
export type HeldLine = ReservationLine & { readonly committed: number };

/** Lines with their committed units, sorted by sku then location in code-point order. */
export async function heldLinesOf(q: Queryable, orderId: string): Promise<HeldLine[]> {
  const { rows } = await q.query<{ sku: string; location_id: string; quantity: number; committed: number }>(
    `SELECT sku, location_id, quantity, committed FROM inventory.reservation_lines WHERE order_id = $1
      ORDER BY sku, location_id LIMIT ${linesMax}`,
    [orderId],
  );
  return rows
    .map((row) => ({
      sku: row.sku,
      locationId: row.location_id,
      quantity: Number(row.quantity),
      committed: Number(row.committed),
    }))
    .sort((a, b) => compareText(a.sku, b.sku) || compareText(a.locationId, b.locationId));
}

/** What an active reservation still holds: each line's uncommitted units, empty lines left out. */
export function uncommitted(lines: readonly HeldLine[]): ReservationLine[] {
  return lines
    .filter((line) => line.quantity > line.committed)
    .map((line) => ({ sku: line.sku, locationId: line.locationId, quantity: line.quantity - line.committed }));
}

/** The reservation row, locked until the transaction ends (first in the lock order). */
export async function lockReservation(q: Queryable, orderId: string): Promise<ReservationStatus | undefined> {
  const { rows } = await q.query<{ status: ReservationStatus }>(
    'SELECT status FROM inventory.reservations WHERE order_id = $1 FOR UPDATE',
    [orderId],
  );
  return rows[0]?.status;
}

/** Counts `quantity` more units of a line as committed, only while they fit in the line. */
export async function addCommitted(q: Queryable, orderId: string, line: ReservationLine): Promise<boolean> {
  const { rowCount } = await q.query(
    `UPDATE inventory.reservation_lines SET committed = committed + $4
      WHERE order_id = $1 AND sku = $2 AND location_id = $3 AND committed + $4 <= quantity`,
    [orderId, line.sku, line.locationId, line.quantity],
  );
  return rowCount === 1;
}

/** Every line fully committed (a full commit settles whatever partial commits left). */
export async function commitAllLines(q: Queryable, orderId: string): Promise<void> {
  await q.query('UPDATE inventory.reservation_lines SET committed = quantity WHERE order_id = $1', [orderId]);
}

export async function findReservation(q: Queryable, orderId: string): Promise<Reservation | undefined> {
  const { rows } = await q.query<ReservationRow>(
    'SELECT order_id, status, expires_at, created_at FROM inventory.reservations WHERE order_id = $1',
    [orderId],
  );
  const row = rows[0];
  return row === undefined ? undefined : toReservation(row, await linesOf(q, orderId));
}

/**
 * Moves a reservation from `from` to `to` only if it is still in `from`: the one
 * caller that wins applies the stock change, every other (a racing sweeper, a retry)
 * sees undefined and answers the reservation as it is.
 */
export async function moveReservation(
  q: Queryable,
  orderId: string,
  from: ReservationStatus,
  to: ReservationStatus,
  now: Date,
): Promise<Reservation | undefined> {
  assert(canMove(from, to), `a reservation never moves from ${from} to ${to}`);
  const { rows } = await q.query<ReservationRow>(
    `UPDATE inventory.reservations SET status = $3, updated_at = $4
      WHERE order_id = $1 AND status = $2
      RETURNING order_id, status, expires_at, created_at`,
    [orderId, from, to, now],
  );
  const row = rows[0];
  return row === undefined ? undefined : toReservation(row, await linesOf(q, orderId));
}

/**
 * The sweeper's move: releases an active reservation only if it has really expired, so a
 * `confirm` that cleared the expiry a moment ago wins over a sweep that read it before.
 */
export async function expireReservation(q: Queryable, orderId: string, now: Date): Promise<Reservation | undefined> {
  const { rows } = await q.query<ReservationRow>(
    `UPDATE inventory.reservations SET status = 'released', updated_at = $2
      WHERE order_id = $1 AND status = 'active' AND expires_at IS NOT NULL AND expires_at <= $2
      RETURNING order_id, status, expires_at, created_at`,
    [orderId, now],
  );
  const row = rows[0];
  return row === undefined ? undefined : toReservation(row, await linesOf(q, orderId));
}

/** Clears the expiry of an active reservation (the order was placed). */
export async function holdReservation(q: Queryable, orderId: string, now: Date): Promise<boolean> {
  const { rowCount } = await q.query(
    `UPDATE inventory.reservations SET expires_at = NULL, updated_at = $2
      WHERE order_id = $1 AND status = 'active' AND expires_at IS NOT NULL`,
    [orderId, now],
  );
  return rowCount === 1;
}

/** Active reservations whose expiry has passed, oldest first (the sweeper's batch). */
export async function expiredReservations(q: Queryable, now: Date, limit: number): Promise<string[]> {
  const { rows } = await q.query<{ order_id: string }>(
    `SELECT order_id FROM inventory.reservations
      WHERE status = 'active' AND expires_at IS NOT NULL AND expires_at <= $1
      ORDER BY expires_at LIMIT $2`,
    [now, limit],
  );
  return rows.map((row) => row.order_id);
}
