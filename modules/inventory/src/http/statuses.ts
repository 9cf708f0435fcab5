import type { StatusTable } from '@mercato/platform/http';
import type { InventoryCode } from '../contract.ts';

/** Every inventory failure code and its HTTP status; the compiler refuses a missing code. */
export const inventoryStatuses: StatusTable<InventoryCode> = {
  insufficient_stock: 409,
  unknown_sku: 404,
  reservation_released: 409,
  reservation_not_found: 404,
  location_not_found: 404,
  adjustment_below_reserved: 409,
  invalid_adjustment: 400,
  commit_exceeds_reserved: 409,
  idempotency_key_reused: 422,
  invalid_cursor: 400,
};
