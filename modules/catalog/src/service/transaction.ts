import type { Db, Tx } from '@mercato/platform/db';
import { type Failure, fail, type Result } from '@mercato/platform/kernel';
import { uniqueViolation } from '../store.ts';

/** Carries a failure out of a transaction so that the transaction rolls back. */
class Rollback extends Error {
  override name = 'Rollback';
  readonly failure: Failure<string>;
  constructor(failure: Failure<string>) {
    super(failure.message);
    this.failure = failure;
  }
}

/**
 * Runs a use case in one transaction. A failed Result rolls everything back, so a
 * check that fails after an earlier write can never leave half a change committed.
 * A unique violation (a race the use case's own checks lost) becomes `slug_taken` or
 * `sku_taken` when the use case can answer those.
 */
export async function inTransaction<T, Code extends string>(
  db: Db,
  work: (tx: Tx) => Promise<Result<T, Code>>,
  uniqueFailures?: { readonly slug: Code; readonly sku?: Code },
): Promise<Result<T, Code>> {
  try {
    return await db.transaction(async (tx) => {
      const result = await work(tx);
      if (!result.ok) throw new Rollback(result);
      return result;
    });
  } catch (error) {
    if (error instanceof Rollback) return error.failure as Failure<Code>;
    const field = uniqueFailures === undefined ? undefined : uniqueViolation(error);
    if (field === 'sku' && uniqueFailures?.sku !== undefined) {
      return fail(uniqueFailures.sku, 'A variant already has this SKU.');
    }
    if ((field === 'product_slug' || field === 'category_slug') && uniqueFailures !== undefined) {
      return fail(uniqueFailures.slug, 'This slug is taken.');
    }
    throw error;
  }
}
