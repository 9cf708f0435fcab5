import { uniqueViolation as violatedConstraint } from '@mercato/platform/db';

/**
 * Maps a unique violation raised by a write (a race the pre-checks lost) to the
 * field it concerns; undefined for any other error or constraint.
 */
export function uniqueViolation(error: unknown): 'product_slug' | 'category_slug' | 'sku' | undefined {
  switch (violatedConstraint(error)) {
    case 'products_slug_key':
      return 'product_slug';
    case 'categories_slug_key':
      return 'category_slug';
    case 'variants_sku_key':
      return 'sku';
    default:
      return undefined;
  }
}
