import type { Db } from '../db/port.ts';
import type { EventEnvelope } from './port.ts';

/** All SQL of the relay. `schema` has been validated by the caller. */

/** Error text kept per row; enough to diagnose, small enough to keep rows small. */
export const errorLengthMax = 1000;
/** The pending gauge counts up to this many rows, so the query stays cheap on a backlog. */
export const pendingCountMax = 100_000;

type ClaimedRow = {
  seq: number;
  id: string;
  type: string;
  version: number;
  occurred_at: Date;
  traceparent: string | null;
  data: unknown;
};

/**
 * Claims up to `limit` publishable rows by setting a lease (`available_at`) on them,
 * in one statement. SKIP LOCKED lets several relays claim from one schema at once;
 * the lease keeps the rows from being claimed again while they are being published,
 * without holding a transaction (and, on PGlite, the only connection) across the
 * publish. If the relay dies, the lease runs out and another pass claims them.
 */
export async function claimBatch(
  db: Db,
  schema: string,
  now: Date,
  leaseMs: number,
  limit: number,
): Promise<EventEnvelope[]> {
  const { rows } = await db.transaction((tx) =>
    tx.query<ClaimedRow>(
      `UPDATE ${schema}.outbox AS o
          SET available_at = $1::timestamptz + $2::float8 * interval '1 millisecond'
        WHERE o.seq IN (
          SELECT seq FROM ${schema}.outbox
           WHERE published_at IS NULL AND dead_at IS NULL
             AND (available_at IS NULL OR available_at <= $1::timestamptz)
           ORDER BY seq
           LIMIT $3
           FOR UPDATE SKIP LOCKED)
      RETURNING o.seq, o.id, o.type, o.version, o.occurred_at, o.traceparent, o.data`,
      [now.toISOString(), leaseMs, limit],
    ),
  );
  rows.sort((a, b) => Number(a.seq) - Number(b.seq));
  return rows.map((row) => ({
    id: row.id,
    type: row.type,
    version: row.version,
    occurredAt: row.occurred_at.toISOString(),
    traceparent: row.traceparent,
    data: row.data,
  }));
}

export type SettleInput = {
  readonly publishedIds: readonly string[];
  /** Event id → error text. */
  readonly failures: ReadonlyMap<string, string>;
  readonly now: Date;
  readonly attemptsMax: number;
  readonly retryDelayMs: number;
  readonly retryDelayMaxMs: number;
};

export type DeadRow = { readonly id: string; readonly type: string; readonly attempts: number; readonly error: string };

export type SettleOutcome = { readonly published: number; readonly dead: DeadRow[] };

/**
 * Records the outcome of one publish in one transaction: published rows are marked;
 * each failed row counts an attempt, keeps its error, and waits an exponential
 * backoff, or is marked dead at `attemptsMax`. Rows another relay already marked
 * published are left alone.
 */
export async function settleBatch(db: Db, schema: string, input: SettleInput): Promise<SettleOutcome> {
  const now = input.now.toISOString();
  return db.transaction(async (tx) => {
    let published = 0;
    if (input.publishedIds.length > 0) {
      const marked = await tx.query(
        `UPDATE ${schema}.outbox SET published_at = $2::timestamptz, available_at = NULL
          WHERE id = ANY($1::text[]) AND published_at IS NULL`,
        [input.publishedIds, now],
      );
      published = marked.rowCount;
    }
    if (input.failures.size === 0) return { published, dead: [] };
    const ids = [...input.failures.keys()];
    const errors = ids.map((id) => (input.failures.get(id) ?? '').slice(0, errorLengthMax));
    const { rows } = await tx.query<{ id: string; type: string; attempts: number; dead: boolean; last_error: string }>(
      `UPDATE ${schema}.outbox AS o
          SET attempts = o.attempts + 1,
              last_error = f.error,
              available_at = $3::timestamptz
                + least($4::float8 * power(2, o.attempts), $5::float8) * interval '1 millisecond',
              dead_at = CASE WHEN o.attempts + 1 >= $6 THEN $3::timestamptz ELSE NULL END
         FROM unnest($1::text[], $2::text[]) AS f(id, error)
        WHERE o.id = f.id AND o.published_at IS NULL AND o.dead_at IS NULL
      RETURNING o.id, o.type, o.attempts, o.dead_at IS NOT NULL AS dead, o.last_error`,
      [ids, errors, now, input.retryDelayMs, input.retryDelayMaxMs, input.attemptsMax],
    );
    const dead = rows
      .filter((row) => row.dead)
      .map((row) => ({ id: row.id, type: row.type, attempts: row.attempts, error: row.last_error }));
    return { published, dead };
  });
}

/**
 * Deletes up to `limit` rows published before `cutoff` from the outbox, and up to
 * `limit` inbox rows older than `inboxRetentionMs` by the database clock (inbox rows
 * are stamped by the database). Returns rows deleted.
 */
export async function purge(
  db: Db,
  schema: string,
  cutoff: Date,
  inboxRetentionMs: number,
  limit: number,
): Promise<number> {
  const outbox = await db.query(
    `DELETE FROM ${schema}.outbox WHERE seq IN (
       SELECT seq FROM ${schema}.outbox WHERE published_at < $1::timestamptz ORDER BY published_at LIMIT $2)`,
    [cutoff.toISOString(), limit],
  );
  const inbox = await db.query(
    `DELETE FROM ${schema}.inbox WHERE (consumer, event_id) IN (
       SELECT consumer, event_id FROM ${schema}.inbox
        WHERE processed_at < now() - $1::float8 * interval '1 millisecond'
        ORDER BY processed_at LIMIT $2)`,
    [inboxRetentionMs, limit],
  );
  return outbox.rowCount + inbox.rowCount;
}

export type OutboxStats = { readonly pending: number; readonly oldestOccurredAt: Date | null };

/** Pending rows (counted up to `pendingCountMax`) and the oldest one's time, both by index. */
export async function outboxStats(db: Db, schema: string): Promise<OutboxStats> {
  const { rows } = await db.query<{ pending: number; oldest: Date | null }>(
    `SELECT (SELECT count(*) FROM (
               SELECT 1 FROM ${schema}.outbox WHERE published_at IS NULL AND dead_at IS NULL LIMIT $1) AS p) AS pending,
            (SELECT occurred_at FROM ${schema}.outbox
              WHERE published_at IS NULL AND dead_at IS NULL ORDER BY seq LIMIT 1) AS oldest`,
    [pendingCountMax],
  );
  const row = rows[0];
  return { pending: Number(row?.pending ?? 0), oldestOccurredAt: row?.oldest ?? null };
}
