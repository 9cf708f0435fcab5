import type { Queryable } from '@mercato/platform/db';
import type { StaffRole } from '../contract.ts';

export type AccountRow = {
  id: string;
  kind: 'customer' | 'staff';
  role: StaffRole | null;
  email: string;
  name: string;
  password_hash: string;
  mfa_secret: string | null;
  mfa_pending_secret: string | null;
  mfa_last_step: number | null;
  disabled_at: Date | null;
  created_at: Date;
  updated_at: Date;
};

export type NewAccountRow = Pick<
  AccountRow,
  'id' | 'kind' | 'role' | 'email' | 'name' | 'password_hash' | 'created_at'
>;

/** Inserts an account; false when the email is taken (no exception, so the transaction stays usable). */
export async function insertAccount(q: Queryable, row: NewAccountRow): Promise<boolean> {
  const result = await q.query(
    `INSERT INTO customers.accounts (id, kind, role, email, name, password_hash, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $7)
     ON CONFLICT (email) DO NOTHING`,
    [row.id, row.kind, row.role, row.email, row.name, row.password_hash, row.created_at],
  );
  return result.rowCount === 1;
}

export async function accountByEmail(q: Queryable, email: string): Promise<AccountRow | undefined> {
  const result = await q.query<AccountRow>('SELECT * FROM customers.accounts WHERE email = $1', [email]);
  return result.rows[0];
}

export async function accountById(q: Queryable, id: string, lock = false): Promise<AccountRow | undefined> {
  const result = await q.query<AccountRow>(
    `SELECT * FROM customers.accounts WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
    [id],
  );
  return result.rows[0];
}

export async function updatePasswordHash(q: Queryable, id: string, hash: string, now: Date): Promise<void> {
  await q.query('UPDATE customers.accounts SET password_hash = $2, updated_at = $3 WHERE id = $1', [id, hash, now]);
}

export async function setPendingMfa(q: Queryable, id: string, secret: string, now: Date): Promise<void> {
  await q.query('UPDATE customers.accounts SET mfa_pending_secret = $2, updated_at = $3 WHERE id = $1', [
    id,
    secret,
    now,
  ]);
}

/** Makes the verified pending secret active; false when it changed meanwhile (a concurrent enrolment). */
export async function activatePendingMfa(
  q: Queryable,
  id: string,
  secret: string,
  step: number,
  now: Date,
): Promise<boolean> {
  const result = await q.query(
    `UPDATE customers.accounts
     SET mfa_secret = mfa_pending_secret, mfa_pending_secret = NULL, mfa_last_step = $3, updated_at = $4
     WHERE id = $1 AND mfa_pending_secret = $2 AND mfa_secret IS NULL`,
    [id, secret, step, now],
  );
  return result.rowCount === 1;
}

/**
 * Records the step of an accepted code; false when that step (or a later one) was used
 * already. The condition makes two concurrent uses of one code a single success.
 */
export async function useMfaStep(q: Queryable, id: string, secret: string, step: number): Promise<boolean> {
  const result = await q.query(
    `UPDATE customers.accounts SET mfa_last_step = $3
     WHERE id = $1 AND mfa_secret = $2 AND (mfa_last_step IS NULL OR mfa_last_step < $3)`,
    [id, secret, step],
  );
  return result.rowCount === 1;
}

export async function clearMfa(q: Queryable, id: string, now: Date): Promise<void> {
  await q.query(
    'UPDATE customers.accounts SET mfa_secret = NULL, mfa_pending_secret = NULL, mfa_last_step = NULL, updated_at = $2 WHERE id = $1',
    [id, now],
  );
}

export async function updateAdminFields(
  q: Queryable,
  id: string,
  fields: { role: StaffRole | null; disabledAt: Date | null },
  now: Date,
): Promise<AccountRow> {
  const result = await q.query<AccountRow>(
    'UPDATE customers.accounts SET role = $2, disabled_at = $3, updated_at = $4 WHERE id = $1 RETURNING *',
    [id, fields.role, fields.disabledAt, now],
  );
  return result.rows[0]!;
}

/**
 * Locks the active admins (in id order, so concurrent admin changes queue instead of
 * deadlocking) and answers their ids. Two is enough to know whether another exists.
 */
export async function lockActiveAdmins(q: Queryable): Promise<string[]> {
  const result = await q.query<{ id: string }>(
    `SELECT id FROM customers.accounts
     WHERE kind = 'staff' AND role = 'admin' AND disabled_at IS NULL
     ORDER BY id LIMIT 2 FOR UPDATE`,
  );
  return result.rows.map((row) => row.id);
}

/** Newest first, keyset-paged by id (ids are time-ordered). `q` matches any part of the email or name. */
export async function searchAccounts(
  q: Queryable,
  query: { text?: string; kind?: 'customer' | 'staff'; beforeId?: string; limit: number },
): Promise<AccountRow[]> {
  const conditions: string[] = [];
  const params: unknown[] = [];
  if (query.text !== undefined && query.text.length > 0) {
    params.push(`%${query.text.toLowerCase().replace(/[\\%_]/g, (char) => `\\${char}`)}%`);
    conditions.push(`(email LIKE $${params.length} OR lower(name) LIKE $${params.length})`);
  }
  if (query.kind !== undefined) {
    params.push(query.kind);
    conditions.push(`kind = $${params.length}`);
  }
  if (query.beforeId !== undefined) {
    params.push(query.beforeId);
    conditions.push(`id < $${params.length}`);
  }
  params.push(query.limit);
  const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
  const result = await q.query<AccountRow>(
    `SELECT * FROM customers.accounts ${where} ORDER BY id DESC LIMIT $${params.length}`,
    params,
  );
  return result.rows;
}
