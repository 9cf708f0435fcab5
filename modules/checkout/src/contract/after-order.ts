/**
 * What happens to an order after it is placed, as the API shows it: parcels, returns and
 * refunds. Part of the checkout's contract (re-exported by `contract.ts`).
 */
import { MoneySchema } from '@mercato/platform/http';
import { type Static, Type } from 'typebox';

/** Units of one order line, in a fulfillment or a return. */
export const ItemQuantitySchema = Type.Object({ orderItemId: Type.String(), quantity: Type.Integer({ minimum: 1 }) });
export type ItemQuantity = Static<typeof ItemQuantitySchema>;

/** One parcel: what it holds, how it travels, and where its units left stock. */
export const FulfillmentSchema = Type.Object({
  /** `ful_…` */
  id: Type.String(),
  carrier: Type.String(),
  trackingNumber: Type.String(),
  items: Type.Array(ItemQuantitySchema),
  /** Units per SKU and stock location, once the fulfill saga took them out of stock (empty before). */
  locations: Type.Array(
    Type.Object({ sku: Type.String(), locationId: Type.String(), quantity: Type.Integer({ minimum: 1 }) }),
  ),
  createdAt: Type.String(),
});
export type Fulfillment = Static<typeof FulfillmentSchema>;

/** Which status may follow which is `domain/return-status.ts`. */
export const returnStatuses = ['requested', 'accepted', 'rejected', 'received', 'refunded'] as const;
export type ReturnStatus = (typeof returnStatuses)[number];

/** A request to send delivered items back (API.md `POST /api/orders/{id}/returns`). */
export const ReturnSchema = Type.Object({
  /** `ret_…` */
  id: Type.String(),
  orderId: Type.String(),
  status: Type.Enum([...returnStatuses]),
  items: Type.Array(ItemQuantitySchema),
  reason: Type.String(),
  /** Where the goods go back into stock; set when staff receive them. */
  locationId: Type.Union([Type.String(), Type.Null()]),
  /** What refunds tied to this return paid back so far. */
  refunded: MoneySchema,
  createdAt: Type.String(),
  updatedAt: Type.String(),
});
export type Return = Static<typeof ReturnSchema>;

export const ReturnPageSchema = Type.Object({
  items: Type.Array(ReturnSchema),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
});
export type ReturnPage = Static<typeof ReturnPageSchema>;

export const refundStatuses = ['pending', 'succeeded', 'refused'] as const;
export type RefundStatus = (typeof refundStatuses)[number];

/**
 * One refund asked of payments: `pending` until payments answered (a crash in between is
 * settled by the recovery pass), then `succeeded` (it counts in `payment.refunded`) or
 * `refused` (nothing moved; kept for the record, not listed on the order).
 */
export const RefundSchema = Type.Object({
  /** `rfd_…` */
  id: Type.String(),
  status: Type.Enum([...refundStatuses]),
  amount: MoneySchema,
  reason: Type.String(),
  returnId: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
});
export type Refund = Static<typeof RefundSchema>;
