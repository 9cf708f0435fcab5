import type { Queryable } from '@mercato/platform/db';

/** The test provider's record of one call, by its idempotency key. */
export type TestProviderOperationRow = {
  idempotency_key: string;
  kind: 'authorization' | 'capture' | 'void' | 'refund';
  authorization_reference: string;
  reference: string;
  outcome: 'approved' | 'declined';
  decline_reason: string | null;
  currency: string;
  amount: number;
};

const columns = 'idempotency_key, kind, authorization_reference, reference, outcome, decline_reason, currency, amount';

/**
 * Claims `row.idempotency_key` for this call. When the key was claimed before (a retry,
 * or a concurrent twin), the first call's row comes back instead and nothing is written.
 */
export async function claimTestProviderOperation(
  db: Queryable,
  row: TestProviderOperationRow,
  now: Date,
): Promise<TestProviderOperationRow> {
  const inserted = await db.query<TestProviderOperationRow>(
    `INSERT INTO payments.test_provider_operations (${columns}, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     ON CONFLICT (idempotency_key) DO NOTHING
     RETURNING ${columns}`,
    [
      row.idempotency_key,
      row.kind,
      row.authorization_reference,
      row.reference,
      row.outcome,
      row.decline_reason,
      row.currency,
      row.amount,
      now,
    ],
  );
  const claimed = inserted.rows[0] ?? (await findTestProviderOperation(db, row.idempotency_key));
  if (claimed === undefined) throw new Error('test provider operation vanished after a conflicting insert');
  return claimed;
}

export async function findTestProviderOperation(
  db: Queryable,
  key: string,
): Promise<TestProviderOperationRow | undefined> {
  const { rows } = await db.query<TestProviderOperationRow>(
    `SELECT ${columns} FROM payments.test_provider_operations WHERE idempotency_key = $1`,
    [key],
  );
  return rows[0];
}

/** The approved authorization with this reference, if the test provider issued it. */
export async function findTestProviderAuthorization(
  db: Queryable,
  reference: string,
): Promise<TestProviderOperationRow | undefined> {
  const { rows } = await db.query<TestProviderOperationRow>(
    `SELECT ${columns} FROM payments.test_provider_operations
     WHERE authorization_reference = $1 AND kind = 'authorization' AND outcome = 'approved' LIMIT 1`,
    [reference],
  );
  return rows[0];
}
