import type { Queryable } from '@mercato/platform/db';
import type { JWK } from 'jose';

export type SigningKeyRow = {
  kid: string;
  algorithm: 'EdDSA';
  public_jwk: JWK;
  private_jwk: JWK;
  created_at: Date;
  retired_at: Date | null;
};

/** Keys that still verify tokens, newest first; a handful at most (rotation retires the rest). */
export async function liveKeys(q: Queryable, now: Date): Promise<SigningKeyRow[]> {
  const result = await q.query<SigningKeyRow>(
    `SELECT kid, algorithm, public_jwk, private_jwk, created_at, retired_at FROM customers.signing_keys
     WHERE retired_at IS NULL OR retired_at > $1 ORDER BY position DESC LIMIT 20`,
    [now],
  );
  return result.rows;
}

export async function insertKey(q: Queryable, key: Omit<SigningKeyRow, 'retired_at'>): Promise<void> {
  await q.query(
    'INSERT INTO customers.signing_keys (kid, algorithm, public_jwk, private_jwk, created_at) VALUES ($1, $2, $3, $4, $5)',
    [key.kid, key.algorithm, JSON.stringify(key.public_jwk), JSON.stringify(key.private_jwk), key.created_at],
  );
}

/** Schedules every other key's retirement at `retireAt` (never later than one already set). */
export async function retireOtherKeys(q: Queryable, keepKid: string, retireAt: Date): Promise<void> {
  await q.query(
    'UPDATE customers.signing_keys SET retired_at = $2 WHERE kid <> $1 AND (retired_at IS NULL OR retired_at > $2)',
    [keepKid, retireAt],
  );
}

export async function purgeKeys(q: Queryable, retiredBefore: Date): Promise<number> {
  const result = await q.query('DELETE FROM customers.signing_keys WHERE retired_at < $1', [retiredBefore]);
  return result.rowCount;
}
