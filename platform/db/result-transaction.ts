import type { Result } from '../kernel/index.ts';
import type { Db, TransactionOptions, Tx } from './port.ts';

/** Carries a value out of a transaction that must roll back. */
class Rollback extends Error {
  override name = 'Rollback';
  readonly value: unknown;
  constructor(value: unknown) {
    super('rolled back');
    this.value = value;
  }
}

/**
 * Runs `work` in one transaction and commits only when it says so; otherwise
 * everything it wrote (a claimed idempotency row included) is rolled back and its
 * value still returned. I/O errors roll back and propagate.
 */
export async function decideInTransaction<T>(
  db: Db,
  work: (tx: Tx) => Promise<{ commit: boolean; value: T }>,
  options: TransactionOptions = {},
): Promise<T> {
  try {
    return await db.transaction(async (tx) => {
      const decision = await work(tx);
      if (!decision.commit) throw new Rollback(decision.value);
      return decision.value;
    }, options);
  } catch (error) {
    if (error instanceof Rollback) return error.value as T;
    throw error;
  }
}

/** SQLSTATE of a PostgreSQL error (both adapters expose `code`), or undefined. */
export function sqlState(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

/** Serialization failures and deadlocks: the whole transaction may simply run again. */
export function isTransientConflict(error: unknown): boolean {
  const state = sqlState(error);
  return state === '40001' || state === '40P01';
}

/** The constraint a unique violation broke, or undefined for any other error. */
export function uniqueViolation(error: unknown): string | undefined {
  if (sqlState(error) !== '23505') return undefined;
  const constraint = (error as { constraint?: unknown }).constraint;
  return typeof constraint === 'string' ? constraint : '';
}

export type ResultTransactionOptions = TransactionOptions & {
  /** Runs of the whole transaction when it hits a transient conflict; default 1 (no rerun). */
  readonly attemptsMax?: number;
  /** Errors besides serialization failures and deadlocks after which a rerun may succeed. */
  readonly retryOn?: (error: unknown) => boolean;
};

/**
 * Runs a use case in one transaction. A failed Result rolls everything back, so a
 * check that fails after an earlier write never leaves half a change committed; the
 * failure is returned, not thrown. Serialization failures and deadlocks rerun the
 * whole transaction up to `attemptsMax` times; other errors are thrown.
 */
export async function inResultTransaction<T, Code extends string>(
  db: Db,
  work: (tx: Tx) => Promise<Result<T, Code>>,
  options: ResultTransactionOptions = {},
): Promise<Result<T, Code>> {
  const attemptsMax = Math.max(1, options.attemptsMax ?? 1);
  for (let attempt = 1; ; attempt++) {
    try {
      return await decideInTransaction(
        db,
        async (tx) => {
          const result = await work(tx);
          return { commit: result.ok, value: result };
        },
        options.isolation ? { isolation: options.isolation } : {},
      );
    } catch (error) {
      const transient = isTransientConflict(error) || options.retryOn?.(error) === true;
      if (attempt >= attemptsMax || !transient) throw error;
    }
  }
}
