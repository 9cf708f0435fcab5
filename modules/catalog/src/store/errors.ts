/**
 * Maps a unique violation raised by a write (a race the pre-checks lost) to the
 * field it concerns. Both adapters surface PostgreSQL's SQLSTATE and constraint name.
 */
export function uniqueViolation(error: unknown): 'product_slug' | 'category_slug' | 'sku' | undefined {
  if (error === null || typeof error !== 'object') return undefined;
  const { code, constraint } = error as { code?: unknown; constraint?: unknown };
  if (code !== '23505') return undefined;
  if (constraint === 'products_slug_key') return 'product_slug';
  if (constraint === 'categories_slug_key') return 'category_slug';
  if (constraint === 'variants_sku_key') return 'sku';
  return undefined;
}
