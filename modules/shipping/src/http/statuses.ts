import type { StatusTable } from '@mercato/platform/http';
import type { ShippingCode } from '../contract.ts';

/**
 * Every shipping failure code and its HTTP status; the compiler refuses a missing code.
 * Checkout answers these for its own routes when a shipping step fails.
 */
export const shippingStatuses: StatusTable<ShippingCode> = {
  invalid_country: 400,
  shipping_method_unavailable: 422,
  address_undeliverable: 422,
  invalid_shipment: 400,
  shipment_already_booked: 409,
  shipment_not_found: 404,
  shipment_not_cancellable: 409,
  shipment_status_conflict: 409,
  idempotency_key_reused: 422,
};
