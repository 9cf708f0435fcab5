/**
 * The shipping contract: methods and rates per country (from configuration) and a
 * carrier that books and cancels shipments. Used by the cart (shipping totals) and the
 * checkout saga (book as a step, cancel as its compensation).
 *
 * Every write is idempotent by the caller's key (derive it from the order id and the
 * step: `ord_123:ship`, `ord_123:cancel_shipment`): the same key and input again
 * returns the first outcome and has no second effect. A carrier that cannot be reached
 * makes the call throw `ShippingCarrierUnavailable`: retry it with the same key.
 */
import { MoneySchema } from '@mercato/platform/http';
import type { Failure, Money, Result } from '@mercato/platform/kernel';
import { type Static, Type } from 'typebox';

export const shippingMethodIds = ['standard', 'express'] as const;
export type ShippingMethodId = (typeof shippingMethodIds)[number];

/** ISO 3166-1 alpha-2, upper case (`US`). */
export const countryPattern = '^[A-Z]{2}$';

export const ShippingMethodSchema = Type.Object({
  id: Type.Enum([...shippingMethodIds]),
  name: Type.String(),
  /** The price for this country, before any free-shipping threshold. */
  price: MoneySchema,
  estimatedDays: Type.Object({ min: Type.Integer(), max: Type.Integer() }),
});
export type ShippingMethod = Static<typeof ShippingMethodSchema>;

/** The shipping address of API.md's checkout body; closed, like every request body. */
export const ShippingAddressSchema = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    line1: Type.String({ minLength: 1, maxLength: 200 }),
    line2: Type.Optional(Type.String({ maxLength: 200 })),
    city: Type.String({ minLength: 1, maxLength: 100 }),
    postalCode: Type.String({ minLength: 1, maxLength: 20 }),
    country: Type.String({ pattern: countryPattern }),
  },
  { additionalProperties: false },
);
export type ShippingAddress = Static<typeof ShippingAddressSchema>;

/**
 * Test carrier triggers, by postal code: `00000` is undeliverable (a business failure
 * that exercises the saga's compensation); `99999` makes the carrier unavailable
 * (throws, retryable) on every attempt.
 */
export const testPostalCodes = { undeliverable: '00000', carrierUnavailable: '99999' } as const;

export const shipmentStatuses = ['booked', 'cancelled', 'shipped', 'delivered'] as const;
export type ShipmentStatus = (typeof shipmentStatuses)[number];

export const ShipmentItemSchema = Type.Object({ sku: Type.String(), quantity: Type.Integer({ minimum: 1 }) });
export type ShipmentItem = Static<typeof ShipmentItemSchema>;

export const ShipmentSchema = Type.Object({
  id: Type.String({ description: 'shp_…' }),
  orderId: Type.String(),
  method: Type.Enum([...shippingMethodIds]),
  /** `test_carrier` when booked; the staff-given carrier once shipped. */
  carrier: Type.String(),
  trackingNumber: Type.String(),
  status: Type.Enum([...shipmentStatuses]),
  address: ShippingAddressSchema,
  items: Type.Array(ShipmentItemSchema),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});
export type Shipment = Static<typeof ShipmentSchema>;

// ── Inputs ─────────────────────────────────────────────────────────────────────

export type QuoteInput = {
  readonly country: string;
  readonly method: string;
  /** The cart's subtotal after discounts, in the shipping currency (free-shipping threshold). */
  readonly subtotal: Money;
  readonly itemCount: number;
};
export type BookInput = {
  readonly orderId: string;
  readonly method: string;
  readonly address: ShippingAddress;
  /** 1 to 100 lines. */
  readonly items: readonly ShipmentItem[];
  readonly idempotencyKey: string;
};
/** Cancel by shipment, or by order (saga compensation, where the shipment id may be unknown). */
export type CancelInput =
  | { readonly shipmentId: string; readonly idempotencyKey: string }
  | { readonly orderId: string; readonly idempotencyKey: string };
/** Fulfillment: the staff-given carrier and tracking number replace the booked ones when given. */
export type MarkShippedInput = {
  readonly orderId: string;
  readonly carrier?: string;
  readonly trackingNumber?: string;
  readonly idempotencyKey: string;
};
export type MarkDeliveredInput = { readonly orderId: string; readonly idempotencyKey: string };

// ── Failure codes ──────────────────────────────────────────────────────────────

export type KeyReusedCode = 'idempotency_key_reused';
export type ListMethodsCode = 'invalid_country';
/** No such method, or not offered for that country. */
export type QuoteCode = 'shipping_method_unavailable';
export type BookCode =
  | 'shipping_method_unavailable'
  | 'address_undeliverable'
  | 'invalid_shipment'
  /** The order already has a shipment booked under another key (`details.shipmentId`). */
  | 'shipment_already_booked'
  | KeyReusedCode;
export type CancelCode = 'shipment_not_found' | 'shipment_not_cancellable' | KeyReusedCode;
export type TransitionCode = 'shipment_not_found' | 'shipment_status_conflict' | KeyReusedCode;
export type ShippingCode = ListMethodsCode | QuoteCode | BookCode | CancelCode | TransitionCode;
export type ShippingFailure = Failure<ShippingCode>;

/** The carrier could not be reached. Retryable with the same idempotency key. */
export class ShippingCarrierUnavailable extends Error {
  override name = 'ShippingCarrierUnavailable';
  readonly retryable = true;
}

// ── The API ────────────────────────────────────────────────────────────────────

export interface ShippingApi {
  /**
   * Methods offered for a country with their base prices (`GET /api/shipping-methods`).
   * A well-formed country that is not served answers an empty list; a malformed code
   * is `invalid_country`.
   */
  listMethods(country: string): Promise<Result<{ items: ShippingMethod[] }, ListMethodsCode>>;
  /** The price of `method` to `country` for this subtotal (free standard shipping above the threshold). */
  quote(input: QuoteInput): Promise<Result<Money, QuoteCode>>;
  /**
   * Books the order's shipment with the carrier: `booked`, with a tracking number.
   * `address_undeliverable` for an address the carrier refuses (test: postal code 00000).
   * Throws `ShippingCarrierUnavailable` when the carrier is down.
   */
  book(input: BookInput): Promise<Result<Shipment, BookCode>>;
  /**
   * Cancels a booked shipment (compensation, order cancel). Cancelling a cancelled
   * shipment answers it unchanged; by order id, an order with no shipment answers
   * `null` (nothing to undo). A shipped or delivered one is `shipment_not_cancellable`.
   */
  cancel(input: CancelInput): Promise<Result<Shipment | null, CancelCode>>;
  /** booked → shipped (admin fulfill). Again with the same key answers the same. */
  markShipped(input: MarkShippedInput): Promise<Result<Shipment, TransitionCode>>;
  /** shipped → delivered (admin deliver). */
  markDelivered(input: MarkDeliveredInput): Promise<Result<Shipment, TransitionCode>>;
  getShipment(id: string): Promise<Result<Shipment, 'shipment_not_found'>>;
  findByOrder(orderId: string): Promise<Shipment | null>;
}

// ── Events ─────────────────────────────────────────────────────────────────────

export const shippingEvents = {
  shipmentBooked: 'shipping.shipment_booked',
  shipmentCancelled: 'shipping.shipment_cancelled',
  shipmentShipped: 'shipping.shipment_shipped',
  shipmentDelivered: 'shipping.shipment_delivered',
} as const;

/** Every shipping event carries the shipment as it is after the change. */
export type ShipmentEventData = {
  shipmentId: string;
  orderId: string;
  method: ShippingMethodId;
  carrier: string;
  trackingNumber: string;
  status: ShipmentStatus;
};
