import type { Queryable } from '@mercato/platform/db';

export type SagaStatus = 'running' | 'compensating' | 'completed' | 'compensated';

/** The business failure (or exhausted retries) that turned a saga around. */
export type SagaFailure = { code: string; message: string; details?: Record<string, unknown> };

export type SagaRow = {
  order_id: string;
  saga: string;
  status: SagaStatus;
  /** Running: the next step to run. Compensating: steps still to undo (the next is step_index - 1). */
  step_index: number;
  step: string | null;
  outputs: Record<string, unknown>;
  input: unknown;
  failure: SagaFailure | null;
  attempts: number;
  next_attempt_at: Date;
  last_error: string | null;
  lease_owner: string | null;
  lease_expires_at: Date | null;
  created_at: Date;
  updated_at: Date;
};

/** Who holds a saga: the lease token of one runner's claim. */
export type Lease = { readonly orderId: string; readonly saga: string; readonly owner: string };

const lastErrorLengthMax = 500;

export async function insertSaga(
  q: Queryable,
  row: Pick<SagaRow, 'order_id' | 'saga' | 'status' | 'step_index' | 'step' | 'input'> & {
    lease_owner: string;
    lease_expires_at: Date;
  },
  now: Date,
): Promise<void> {
  await q.query(
    `INSERT INTO checkout.sagas (order_id, saga, status, step_index, step, input, next_attempt_at, lease_owner,
       lease_expires_at, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $7, $7)`,
    [
      row.order_id,
      row.saga,
      row.status,
      row.step_index,
      row.step,
      JSON.stringify(row.input),
      now,
      row.lease_owner,
      row.lease_expires_at,
    ],
  );
}

export async function findSaga(q: Queryable, orderId: string, saga: string): Promise<SagaRow | undefined> {
  const { rows } = await q.query<SagaRow>('SELECT * FROM checkout.sagas WHERE order_id = $1 AND saga = $2', [
    orderId,
    saga,
  ]);
  return rows[0];
}

/**
 * Records a finished step and moves on, only while `lease` still holds the saga at that
 * step: a runner that lost its lease (a long pause, a takeover) cannot write over the
 * runner that took over.
 */
export async function recordStep(
  q: Queryable,
  lease: Lease,
  at: { readonly index: number; readonly name: string; readonly output: unknown; readonly nextStep: string | null },
  now: Date,
): Promise<boolean> {
  const { rowCount } = await q.query(
    `UPDATE checkout.sagas
        SET step_index = step_index + 1, step = $5, outputs = outputs || jsonb_build_object($4::text, $6::jsonb),
            attempts = 0, last_error = NULL, next_attempt_at = $7, updated_at = $7
      WHERE order_id = $1 AND saga = $2 AND lease_owner = $3 AND status = 'running' AND step_index = $8`,
    [lease.orderId, lease.saga, lease.owner, at.name, at.nextStep, JSON.stringify(at.output ?? null), now, at.index],
  );
  return rowCount === 1;
}

/** A failed try: how many so far, when the next may run, and what went wrong. */
export async function recordAttempt(
  q: Queryable,
  lease: Lease,
  attempt: { readonly attempts: number; readonly nextAttemptAt: Date; readonly error: string },
  now: Date,
): Promise<boolean> {
  const { rowCount } = await q.query(
    `UPDATE checkout.sagas SET attempts = $4, next_attempt_at = $5, last_error = $6, updated_at = $7
      WHERE order_id = $1 AND saga = $2 AND lease_owner = $3`,
    [
      lease.orderId,
      lease.saga,
      lease.owner,
      attempt.attempts,
      attempt.nextAttemptAt,
      attempt.error.slice(0, lastErrorLengthMax),
      now,
    ],
  );
  return rowCount === 1;
}

/** Turns a running saga around: `stepsToUndo` steps will be compensated, last first. */
export async function startCompensating(
  q: Queryable,
  lease: Lease,
  change: { readonly stepsToUndo: number; readonly step: string | null; readonly failure: SagaFailure },
  now: Date,
): Promise<boolean> {
  const { rowCount } = await q.query(
    `UPDATE checkout.sagas
        SET status = 'compensating', step_index = $4, step = $5, failure = $6, attempts = 0, next_attempt_at = $7, updated_at = $7
      WHERE order_id = $1 AND saga = $2 AND lease_owner = $3 AND status = 'running'`,
    [lease.orderId, lease.saga, lease.owner, change.stepsToUndo, change.step, JSON.stringify(change.failure), now],
  );
  return rowCount === 1;
}

/** One compensation done: one step fewer to undo. */
export async function recordCompensated(
  q: Queryable,
  lease: Lease,
  index: number,
  nextStep: string | null,
  now: Date,
): Promise<boolean> {
  const { rowCount } = await q.query(
    `UPDATE checkout.sagas SET step_index = $4, step = $5, attempts = 0, last_error = NULL, next_attempt_at = $6, updated_at = $6
      WHERE order_id = $1 AND saga = $2 AND lease_owner = $3 AND status = 'compensating' AND step_index = $4 + 1`,
    [lease.orderId, lease.saga, lease.owner, index, nextStep, now],
  );
  return rowCount === 1;
}

/** The end: completed or compensated. The payment token and the lease go with it. */
export async function finishSaga(
  q: Queryable,
  lease: Lease,
  status: 'completed' | 'compensated',
  now: Date,
): Promise<boolean> {
  const { rowCount } = await q.query(
    `UPDATE checkout.sagas SET status = $4, input = NULL, lease_owner = NULL, lease_expires_at = NULL, updated_at = $5
      WHERE order_id = $1 AND saga = $2 AND lease_owner = $3 AND status IN ('running', 'compensating')`,
    [lease.orderId, lease.saga, lease.owner, status, now],
  );
  return rowCount === 1;
}

/**
 * Reopens a completed saga for compensation (cancelling a placed order), claimed by
 * `lease` at once. Answers false when the saga is not completed.
 */
export async function reopenForCompensation(
  q: Queryable,
  lease: Lease,
  change: {
    readonly stepsToUndo: number;
    readonly step: string | null;
    readonly failure: SagaFailure;
    readonly leaseExpiresAt: Date;
  },
  now: Date,
): Promise<boolean> {
  const { rowCount } = await q.query(
    `UPDATE checkout.sagas
        SET status = 'compensating', step_index = $4, step = $5, failure = $6, attempts = 0, next_attempt_at = $7,
            lease_owner = $3, lease_expires_at = $8, updated_at = $7
      WHERE order_id = $1 AND saga = $2 AND status = 'completed'`,
    [
      lease.orderId,
      lease.saga,
      lease.owner,
      change.stepsToUndo,
      change.step,
      JSON.stringify(change.failure),
      now,
      change.leaseExpiresAt,
    ],
  );
  return rowCount === 1;
}

export async function renewLease(q: Queryable, lease: Lease, expiresAt: Date): Promise<boolean> {
  const { rowCount } = await q.query(
    `UPDATE checkout.sagas SET lease_expires_at = $4
      WHERE order_id = $1 AND saga = $2 AND lease_owner = $3 AND status IN ('running', 'compensating')`,
    [lease.orderId, lease.saga, lease.owner, expiresAt],
  );
  return rowCount === 1;
}

/** Lets go of an unfinished saga: anyone may take it over from `nextAttemptAt` on. */
export async function releaseLease(q: Queryable, lease: Lease, nextAttemptAt: Date): Promise<void> {
  await q.query(
    `UPDATE checkout.sagas SET lease_owner = NULL, lease_expires_at = NULL, next_attempt_at = $4
      WHERE order_id = $1 AND saga = $2 AND lease_owner = $3 AND status IN ('running', 'compensating')`,
    [lease.orderId, lease.saga, lease.owner, nextAttemptAt],
  );
}

/** Unfinished sagas that nobody holds (their runner died or let go) and that are due. */
export async function findAbandoned(
  q: Queryable,
  now: Date,
  limit: number,
): Promise<{ order_id: string; saga: string }[]> {
  const { rows } = await q.query<{ order_id: string; saga: string }>(
    `SELECT order_id, saga FROM checkout.sagas
      WHERE status IN ('running', 'compensating') AND next_attempt_at <= $1
        AND (lease_expires_at IS NULL OR lease_expires_at <= $1)
      ORDER BY next_attempt_at LIMIT $2`,
    [now, limit],
  );
  return rows;
}

/** Takes over one abandoned saga; of two pollers racing for it, one wins. */
export async function claimAbandoned(
  q: Queryable,
  lease: Lease,
  now: Date,
  leaseExpiresAt: Date,
): Promise<SagaRow | undefined> {
  const { rows } = await q.query<SagaRow>(
    `UPDATE checkout.sagas SET lease_owner = $3, lease_expires_at = $5, updated_at = $4
      WHERE order_id = $1 AND saga = $2 AND status IN ('running', 'compensating')
        AND (lease_expires_at IS NULL OR lease_expires_at <= $4)
      RETURNING *`,
    [lease.orderId, lease.saga, lease.owner, now, leaseExpiresAt],
  );
  return rows[0];
}
