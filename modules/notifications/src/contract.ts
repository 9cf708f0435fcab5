/**
 * The notifications contract: what the app, tests and other modules may see. The module
 * turns other modules' events into messages (order confirmation, shipped, refund, back
 * in stock, low stock), keeps them in its own outbox-like table and sends them through
 * a transport with retries. It imports no other module: the events it reads are
 * described below by the fields it uses.
 */
import type { Result } from '@mercato/platform/kernel';
import { type Static, Type } from 'typebox';

// ── Limits ──────────────────────────────────────────────────────────────────────

export const notificationsLimits = Object.freeze({
  emailLengthMax: 254,
  variantIdLengthMax: 64,
  /** Waiting back-in-stock subscriptions one email may hold (an abuse bound, not a quota). */
  subscriptionsPerEmailMax: 50,
  /** Waiting subscriptions one variant may hold; a back_in_stock event tells all of them in one transaction. */
  subscriptionsPerVariantMax: 10_000,
  /** Subscriptions claimed and rendered per statement while handling one back_in_stock event. */
  notifyBatchSize: 500,
  /** Messages one `sendDue` call claims at most. */
  sendBatchMax: 100,
  /** Variants one product event may carry (the catalog allows 100 per product). */
  variantsPerEventMax: 1000,
  /** Lines an order confirmation lists; the rest are summarised as "and N more". */
  orderLinesShownMax: 50,
  /** Stored text of a send failure. */
  errorLengthMax: 1000,
  titleLengthMax: 200,
});

/** What a message is about; also the template that renders it. */
export const messageKinds = [
  'order_confirmation',
  'order_shipped',
  'order_refunded',
  'back_in_stock',
  'low_stock',
] as const;
export type MessageKind = (typeof messageKinds)[number];

export type MessageStatus = 'pending' | 'sent' | 'failed';

// ── Read shapes ─────────────────────────────────────────────────────────────────

/** One letter in the mailbox of the default transport (API.md `GET /api/admin/mailbox`). */
export const MailboxItemSchema = Type.Object({
  /** The message id (`msg_…`). */
  id: Type.String(),
  to: Type.String(),
  subject: Type.String(),
  text: Type.String(),
  /** ISO 8601. */
  sentAt: Type.String(),
});
export type MailboxItem = Static<typeof MailboxItemSchema>;

export const MailboxPageSchema = Type.Object({
  items: Type.Array(MailboxItemSchema),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
});
export type MailboxPage = Static<typeof MailboxPageSchema>;

/** A back-in-stock subscription (API.md `POST /api/back-in-stock`). */
export const BackInStockSubscriptionSchema = Type.Object({
  /** `bis_…` */
  id: Type.String(),
  variantId: Type.String(),
  email: Type.String(),
  /** `waiting` until the variant is back; `notified` once the one message was written. */
  status: Type.Union([Type.Literal('waiting'), Type.Literal('notified')]),
  createdAt: Type.String(),
});
export type BackInStockSubscription = Static<typeof BackInStockSubscriptionSchema>;

// ── Inputs and outcomes ─────────────────────────────────────────────────────────

export type SubscribeInput = {
  readonly variantId: string;
  /** Trimmed and lowercased before use. */
  readonly email: string;
  /** The caller's network address, for the rate limit. */
  readonly address: string;
};

export type MailboxQuery = { readonly to?: string; readonly limit?: number; readonly cursor?: string };

/** What one `sendDue` pass did. */
export type SendOutcome = {
  readonly claimed: number;
  readonly sent: number;
  /** Failed this time, scheduled again with backoff. */
  readonly retried: number;
  /** Gave up: attempts exhausted or a permanent refusal. */
  readonly failed: number;
};

// ── Failure codes ───────────────────────────────────────────────────────────────

/**
 * `variant_not_found`: the variant is unknown (or archived) to notifications' read model.
 * `invalid_email`: not a plausible address. `subscription_limit_reached`: the email, or
 * the variant, already holds the most waiting subscriptions allowed. `rate_limited`:
 * too many subscriptions from this address lately (`details.retryAfterSeconds`).
 */
export type SubscribeCode = 'variant_not_found' | 'invalid_email' | 'subscription_limit_reached' | 'rate_limited';
export type NotificationsCode = SubscribeCode | 'invalid_cursor';

// ── The API ─────────────────────────────────────────────────────────────────────

export interface NotificationsApi {
  /**
   * Asks to be told once when a variant is available again. Idempotent while waiting:
   * the same (variant, email) answers the existing subscription.
   */
  subscribeBackInStock(input: SubscribeInput): Promise<Result<BackInStockSubscription, SubscribeCode>>;
  /** Letters the mailbox transport delivered, newest first; `to` narrows to one recipient. */
  listMailbox(query: MailboxQuery): Promise<Result<MailboxPage, 'invalid_cursor'>>;
  /**
   * One pass of the sender: claims up to `limit` due messages (a lease, so no other
   * sender takes them), sends each and marks it sent, or schedules a retry with
   * exponential backoff, or gives up after `attemptsMax`. A timer runs it between
   * `start()` and `stop()`; tests call it by hand.
   */
  sendDue(limit?: number): Promise<SendOutcome>;
}

// ── Events consumed (the fields read; other fields are ignored) ─────────────────

export const consumedEvents = {
  productCreated: 'catalog.product_created',
  productUpdated: 'catalog.product_updated',
  orderPlaced: 'checkout.order_placed',
  orderFulfilled: 'orders.order_fulfilled',
  orderRefunded: 'orders.order_refunded',
  stockChanged: 'inventory.stock_changed',
  backInStock: 'inventory.back_in_stock',
} as const;

const Text = (lengthMax: number) => Type.String({ minLength: 1, maxLength: lengthMax });
const ConsumedMoney = Type.Object({ amount: Type.Integer(), currency: Type.String({ pattern: '^[A-Z]{3}$' }) });
const Count = Type.Integer({ minimum: 0 });

/** A variant as the catalog's product events carry it. */
export const ConsumedVariantSchema = Type.Object({
  id: Text(64),
  sku: Text(64),
  title: Type.String({ maxLength: 200 }),
});
/** `catalog.product_created` / `product_updated` (a snapshot; `archived` on updates). */
export const ConsumedProductSchema = Type.Object({
  id: Text(64),
  title: Text(200),
  variants: Type.Array(ConsumedVariantSchema, { maxItems: notificationsLimits.variantsPerEventMax }),
  archived: Type.Optional(Type.Boolean()),
});
export const ConsumedOrderItemSchema = Type.Object({
  variantId: Text(64),
  sku: Text(64),
  quantity: Type.Integer({ minimum: 1 }),
  unitPrice: ConsumedMoney,
});
/** `checkout.order_placed`. */
export const ConsumedOrderPlacedSchema = Type.Object({
  orderId: Text(64),
  number: Text(64),
  email: Text(notificationsLimits.emailLengthMax),
  items: Type.Array(ConsumedOrderItemSchema, { maxItems: 1000 }),
  total: ConsumedMoney,
});
/** `orders.order_fulfilled`. */
export const ConsumedOrderFulfilledSchema = Type.Object({
  orderId: Text(64),
  number: Text(64),
  email: Text(notificationsLimits.emailLengthMax),
  carrier: Text(200),
  trackingNumber: Text(200),
});
/** `orders.order_refunded`: `amount` is this refund, `refunded` the order's total refunded after it. No email: the order read model has it. */
export const ConsumedOrderRefundedSchema = Type.Object({
  orderId: Text(64),
  number: Text(64),
  amount: ConsumedMoney,
  refunded: ConsumedMoney,
});
/** `inventory.stock_changed` (totals over every location) and `inventory.back_in_stock`. */
export const ConsumedStockSchema = Type.Object({ sku: Text(64), available: Count });

export type ConsumedProductData = Static<typeof ConsumedProductSchema>;
export type ConsumedOrderPlacedData = Static<typeof ConsumedOrderPlacedSchema>;
export type ConsumedOrderFulfilledData = Static<typeof ConsumedOrderFulfilledSchema>;
export type ConsumedOrderRefundedData = Static<typeof ConsumedOrderRefundedSchema>;
export type ConsumedStockData = Static<typeof ConsumedStockSchema>;
