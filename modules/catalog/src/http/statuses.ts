import type { StatusTable } from '@mercato/platform/http';
import type { CatalogCode } from '../contract.ts';

/** Every catalog failure code and its HTTP status; the compiler refuses a missing code. */
export const catalogStatuses: StatusTable<CatalogCode> = {
  product_not_found: 404,
  category_not_found: 404,
  invalid_cursor: 400,
  invalid_product: 400,
  invalid_category: 400,
  slug_taken: 409,
  sku_taken: 409,
  too_many_images: 409,
  image_invalid: 400,
  image_too_large: 413,
};
