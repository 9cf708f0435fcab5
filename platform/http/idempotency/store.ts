import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/port.ts';
import type { Clock } from '../../kernel/index.ts';

/** All SQL of idempotency keys. The table lives in the `platform` schema. */
const table = 'platform.idempotency_keys';
const claimAttemptsMax = 3;

export type StoredResponse = {
  readonly statusCode: number;
  readonly contentType: string | null;
  readonly body: Buffer;
};

export type ClaimOutcome =
  | { readonly kind: 'claimed'; readonly token: string }
  | { readonly kind: 'replay'; readonly response: StoredResponse }
  | { readonly kind: 'reused' }
  | { readonly kind: 'in_progress' };

export type ClaimRequest = { readonly scope: string; readonly key: string; readonly fingerprint: string };

export type IdempotencyTimings = {
  /** How long a completed response is replayed. */
  readonly ttlMs: number;
  /** After this long an unfinished claim is taken to be from a crashed process and may be taken over. */
  readonly lockTimeoutMs: number;
};

type KeyRow = {
  fingerprint: string;
  state: 'in_progress' | 'completed';
  locked_at: Date;
  expires_at: Date;
  status_code: number | null;
  content_type: string | null;
  body: Uint8Array | null;
};

export type IdempotencyStore = ReturnType<typeof idempotencyStore>;

function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

export function idempotencyStore(db: Db, clock: Clock, timings: IdempotencyTimings) {
  /** The claim is one INSERT … ON CONFLICT DO NOTHING: of concurrent requests exactly one inserts. */
  async function insert(request: ClaimRequest, token: string, now: Date): Promise<boolean> {
    const { rows } = await db.query(
      `INSERT INTO ${table} (scope, key, fingerprint, state, lock_token, locked_at, created_at, expires_at)
       VALUES ($1, $2, $3, 'in_progress', $4, $5, $5, $6)
       ON CONFLICT (scope, key) DO NOTHING
       RETURNING 1 AS claimed`,
      [request.scope, request.key, request.fingerprint, token, now, new Date(now.getTime() + timings.ttlMs)],
    );
    return rows.length === 1;
  }

  /**
   * Takes over a key whose claim went stale or whose response expired. The condition
   * is re-checked in the UPDATE, so of two requests taking over at once only one wins.
   */
  async function takeOver(request: ClaimRequest, token: string, now: Date): Promise<boolean> {
    const { rows } = await db.query(
      `UPDATE ${table}
       SET fingerprint = $3, state = 'in_progress', lock_token = $4, locked_at = $5, created_at = $5,
           expires_at = $6, status_code = NULL, content_type = NULL, body = NULL
       WHERE scope = $1 AND key = $2
         AND (expires_at <= $5 OR (state = 'in_progress' AND locked_at <= $7))
       RETURNING 1 AS claimed`,
      [
        request.scope,
        request.key,
        request.fingerprint,
        token,
        now,
        new Date(now.getTime() + timings.ttlMs),
        new Date(now.getTime() - timings.lockTimeoutMs),
      ],
    );
    return rows.length === 1;
  }

  async function read(request: ClaimRequest): Promise<KeyRow | undefined> {
    const { rows } = await db.query<KeyRow>(
      `SELECT fingerprint, state, locked_at, expires_at, status_code, content_type, body
       FROM ${table} WHERE scope = $1 AND key = $2`,
      [request.scope, request.key],
    );
    return rows[0];
  }

  function decide(row: KeyRow, request: ClaimRequest, now: Date): ClaimOutcome | 'take_over' {
    if (row.expires_at.getTime() <= now.getTime()) return 'take_over';
    if (row.fingerprint !== request.fingerprint) return { kind: 'reused' };
    if (row.state === 'completed' && row.status_code !== null && row.body !== null) {
      return {
        kind: 'replay',
        response: { statusCode: row.status_code, contentType: row.content_type, body: toBuffer(row.body) },
      };
    }
    if (row.locked_at.getTime() <= now.getTime() - timings.lockTimeoutMs) return 'take_over';
    return { kind: 'in_progress' };
  }

  return {
    async claim(request: ClaimRequest): Promise<ClaimOutcome> {
      const token = randomUUID();
      // A key can vanish between the INSERT and the SELECT (released by its owner),
      // so the claim is retried, a bounded number of times.
      for (let attempt = 0; attempt < claimAttemptsMax; attempt++) {
        const now = clock.now();
        if (await insert(request, token, now)) return { kind: 'claimed', token };
        const row = await read(request);
        if (row === undefined) continue;
        const outcome = decide(row, request, now);
        if (outcome !== 'take_over') return outcome;
        if (await takeOver(request, token, now)) return { kind: 'claimed', token };
      }
      return { kind: 'in_progress' };
    },

    /** Stores the response of a claim this request still holds; false when the claim was lost. */
    async complete(scope: string, key: string, token: string, response: StoredResponse): Promise<boolean> {
      const now = clock.now();
      const { rowCount } = await db.query(
        `UPDATE ${table}
         SET state = 'completed', status_code = $4, content_type = $5, body = $6, expires_at = $7
         WHERE scope = $1 AND key = $2 AND lock_token = $3 AND state = 'in_progress'`,
        [
          scope,
          key,
          token,
          response.statusCode,
          response.contentType,
          response.body,
          new Date(now.getTime() + timings.ttlMs),
        ],
      );
      return rowCount === 1;
    },

    /** Lets a retry run again: the answer was not one to remember. */
    async release(scope: string, key: string, token: string): Promise<void> {
      await db.query(
        `DELETE FROM ${table} WHERE scope = $1 AND key = $2 AND lock_token = $3 AND state = 'in_progress'`,
        [scope, key, token],
      );
    },

    /** Deletes up to `batchSize` expired keys, oldest first; returns how many. */
    async purgeExpired(batchSize: number): Promise<number> {
      const { rowCount } = await db.query(
        `DELETE FROM ${table} WHERE (scope, key) IN (
           SELECT scope, key FROM ${table} WHERE expires_at <= $1 ORDER BY expires_at LIMIT $2)`,
        [clock.now(), batchSize],
      );
      return rowCount;
    },
  };
}
