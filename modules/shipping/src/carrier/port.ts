import type { ShipmentItem, ShippingAddress, ShippingMethodId } from '../contract.ts';

/**
 * A carrier (the built-in test carrier; a real one later). Calls are idempotent by the
 * caller's key on the carrier's side. A carrier that cannot be reached throws
 * `ShippingCarrierUnavailable` (contract.ts): retryable with the same key.
 */
export interface Carrier {
  /** Stored on each shipment. */
  readonly name: string;
  book(input: {
    readonly idempotencyKey: string;
    readonly method: ShippingMethodId;
    readonly address: ShippingAddress;
    readonly items: readonly ShipmentItem[];
  }): Promise<CarrierBooking>;
  cancel(input: { readonly idempotencyKey: string; readonly trackingNumber: string }): Promise<void>;
}

export type CarrierBooking =
  | { readonly outcome: 'booked'; readonly trackingNumber: string }
  | { readonly outcome: 'undeliverable'; readonly reason: string };
