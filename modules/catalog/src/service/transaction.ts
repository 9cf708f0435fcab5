import { type Db, inResultTransaction, type Tx } from '@mercato/platform/db';
import { fail, type Result } from '@mercato/platform/kernel';
import { uniqueViolation } from '../store.ts';

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
    return await inResultTransaction(db, work);
  } catch (error) {
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
