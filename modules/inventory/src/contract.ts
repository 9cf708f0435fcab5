/**
 * The inventory's contract: what other modules (cart, checkout), the app and tests may
 * see. Stock is kept per SKU and location as `onHand` and `reserved`; `available` is
 * always `onHand − reserved` and never negative. Read shapes are TypeBox schemas (they
 * validate and serialize HTTP answers and feed the OpenAPI document).
 */
import type { Result } from '@mercato/platform/kernel';
import { type Static, Type } from 'typebox';

// ── Limits ──────────────────────────────────────────────────────────────────────

export const inventoryLimits = Object.freeze({
  /** Same shape as the catalog's SKUs. */
  skuLengthMax: 64,
  orderIdLengthMax: 64,
  locationIdLengthMax: 64,
  /** Distinct SKUs in one reservation (a cart holds at most 100 lines). */
  reservationLinesMax: 100,
  /** Units of one SKU in one reservation. */
  quantityMax: 1_000_000,
  /** Largest |delta| of one adjustment, and the largest stock a level may hold. */
  adjustmentDeltaMax: 1_000_000_000,
  reasonLengthMax: 200,
  /** SKUs one `getLevels` / `availability` call may ask about. */
  skusPerReadMax: 200,
  /** Locations one SKU may be stocked at (bounds the spread of a reservation). */
  locationsPerSkuMax: 50,
  /** Reservations one `sweepExpired` call releases at most. */
  sweepBatchMax: 500,
  /** Idempotency keys of partial commits and restocks. */
  idempotencyKeyLengthMax: 255,
});

/** The location every SKU starts at (created by the first migration). */
export const defaultLocationId = 'loc_default';

// ── Read shapes ─────────────────────────────────────────────────────────────────

/** One SKU at one location (API.md `GET /api/admin/inventory`). */
export const StockLevelSchema = Type.Object({
  sku: Type.String(),
  locationId: Type.String(),
  onHand: Type.Integer({ minimum: 0 }),
  reserved: Type.Integer({ minimum: 0 }),
  /** `onHand − reserved`: what can still be reserved here. */
  available: Type.Integer({ minimum: 0 }),
});
export type StockLevel = Static<typeof StockLevelSchema>;

export const StockLevelPageSchema = Type.Object({
  items: Type.Array(StockLevelSchema),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
});
export type StockLevelPage = Static<typeof StockLevelPageSchema>;

export type ReservationStatus = 'active' | 'committed' | 'released';

/** Units of one SKU held at one location for an order. */
export type ReservationLine = { readonly sku: string; readonly locationId: string; readonly quantity: number };

/**
 * Stock held for one order, keyed by the order id. `active` holds units (reserved);
 * `committed` took them out of stock at fulfillment; `released` gave them back
 * (compensation, cancellation or expiry). A released reservation without lines is the
 * mark left by a `release` that came before any `reserve` for that order.
 */
export type Reservation = {
  readonly orderId: string;
  readonly status: ReservationStatus;
  /** One line per (sku, location), sorted by sku then location. */
  readonly lines: readonly ReservationLine[];
  /** ISO 8601; null once `confirm`ed (held until commit or release). */
  readonly expiresAt: string | null;
  readonly createdAt: string;
};

// ── Inputs ──────────────────────────────────────────────────────────────────────

export type ReserveLine = { readonly sku: string; readonly quantity: number };

export type ReserveInput = {
  /** The idempotency key: one reservation per order, ever. */
  readonly orderId: string;
  /** 1..100 lines; lines with the same SKU are added together. Quantities 1..1,000,000. */
  readonly lines: readonly ReserveLine[];
  /** How long the units are held unless confirmed or committed; default from config. */
  readonly ttlMs?: number;
};

/** A staff member (or a tool) changing stock by hand. */
export type Actor = { readonly id: string; readonly role?: string };

export type AdjustInput = {
  readonly sku: string;
  /** Units added (positive) or removed (negative); never 0. */
  readonly delta: number;
  /** Why, in words: "cycle count", "damaged in storage". 1..200 characters. */
  readonly reason: string;
  /** Default `loc_default`. A positive delta at a known location without stock opens a level there. */
  readonly locationId?: string;
  readonly actor: Actor;
  /** The HTTP request id, kept in the audit record. */
  readonly requestId?: string;
};

/**
 * Part of a reservation leaves stock (one parcel of a partially fulfilled order). `key`
 * is the caller's idempotency key (the fulfillment id): the same key and lines again
 * answer the first outcome and move nothing.
 */
export type CommitPartInput = {
  readonly orderId: string;
  readonly key: string;
  /** 1..100 lines; lines with the same SKU are added together. */
  readonly lines: readonly ReserveLine[];
};

/** A partial commit: the reservation after it, and where the units left stock from. */
export type CommittedPart = {
  readonly reservation: Reservation;
  /** Units taken per (sku, location), sorted by sku then location. */
  readonly taken: readonly ReservationLine[];
};

/** Returned goods back into stock at a chosen location, once per idempotency key. */
export type RestockInput = {
  readonly sku: string;
  /** 1..1,000,000 units. */
  readonly quantity: number;
  /** Default `loc_default`. A known location without stock of the SKU opens a level there. */
  readonly locationId?: string;
  /** Why, in words ("return ret_…"); 1..200 characters. */
  readonly reason: string;
  /** The same key and input again answer the level and add nothing. */
  readonly idempotencyKey: string;
  /** Who restocks, for the ledger and the audit log; default `{ id: 'system' }`. */
  readonly actor?: Actor;
};

export type ListLevelsInput = { readonly sku?: string; readonly limit?: number; readonly cursor?: string };

// ── Failure codes ───────────────────────────────────────────────────────────────

/**
 * `insufficient_stock`: some line cannot be reserved; `details.items` lists
 * `{ sku, requested, available }` for every such line (available = total over locations).
 * `unknown_sku`: a SKU inventory has no stock record of; `details.skus` lists them.
 * `reservation_released`: the order's reservation was released (expired, compensated,
 * or released before it was made); a released order id never reserves again.
 */
export type ReserveCode = 'insufficient_stock' | 'unknown_sku' | 'reservation_released';
export type ReservationCode = 'reservation_not_found' | 'reservation_released';
/** `adjustment_below_reserved`: the delta would take `onHand` below `reserved` (or below 0). */
export type AdjustCode = 'unknown_sku' | 'location_not_found' | 'adjustment_below_reserved' | 'invalid_adjustment';
/**
 * `commit_exceeds_reserved`: the reservation holds fewer uncommitted units of some SKU
 * than asked (`details.items: [{ sku, requested, reserved }]`).
 * `idempotency_key_reused`: the key was used before with other lines or another order.
 */
export type CommitPartCode = ReservationCode | 'commit_exceeds_reserved' | 'idempotency_key_reused';
/** `idempotency_key_reused`: the key was used before for another SKU, location or quantity. */
export type RestockCode = 'unknown_sku' | 'location_not_found' | 'invalid_adjustment' | 'idempotency_key_reused';
export type InventoryCode =
  | ReserveCode
  | ReservationCode
  | AdjustCode
  | CommitPartCode
  | RestockCode
  | 'invalid_cursor';

// ── The API ─────────────────────────────────────────────────────────────────────

export interface InventoryApi {
  /**
   * Holds stock for an order, all lines or none, in one transaction: each line is one
   * conditional update (never read-then-write), spread over locations (most available
   * first) when no single location has enough. Idempotent by `orderId`: a second call
   * returns the existing reservation (active or committed) and changes nothing.
   * Database failures are thrown (retry them).
   */
  reserve(input: ReserveInput): Promise<Result<Reservation, ReserveCode>>;
  /**
   * The order was placed: keep its active reservation until commit or release (clears
   * the expiry, so the sweeper leaves it alone). Idempotent.
   */
  confirm(orderId: string): Promise<Result<Reservation, ReservationCode>>;
  /**
   * At fulfillment: the units leave stock (`onHand −= q`, `reserved −= q`). Idempotent:
   * committing a committed reservation returns it.
   */
  commit(orderId: string): Promise<Result<Reservation, ReservationCode>>;
  /**
   * At a partial fulfillment: `lines` of an active reservation leave stock, taken from
   * the locations the reservation holds them at (in location order). The reservation
   * stays active for the rest and becomes `committed` when nothing is left. Idempotent by
   * `key`.
   */
  commitPart(input: CommitPartInput): Promise<Result<CommittedPart, CommitPartCode>>;
  /**
   * Compensation and cancellation: gives the units back. Idempotent; a no-op on a
   * committed reservation (answers it as it is). Releasing an order that has no
   * reservation leaves a released mark, so a late `reserve` for it has no effect.
   */
  release(orderId: string): Promise<Reservation>;
  /** The reservation of an order, if any. */
  getReservation(orderId: string): Promise<Reservation | undefined>;
  /** Changes `onHand` by hand, with a reason; audited. Answers the new level. */
  adjust(input: AdjustInput): Promise<Result<StockLevel, AdjustCode>>;
  /**
   * Returned goods: `onHand += quantity` at the location, written to the adjustment
   * ledger with the reason and audited, once per idempotency key. Answers the level.
   */
  restock(input: RestockInput): Promise<Result<StockLevel, RestockCode>>;
  /** Every location's level of each SKU (at most 200 SKUs), sorted by sku then location. */
  getLevels(skus: readonly string[]): Promise<StockLevel[]>;
  /** Levels page by page, sorted by sku then location; `sku` narrows to one SKU. */
  listLevels(input: ListLevelsInput): Promise<Result<StockLevelPage, 'invalid_cursor'>>;
  /** Units available to reserve now, summed over locations, per SKU (unknown SKUs: 0). For carts. */
  availability(skus: readonly string[]): Promise<Record<string, number>>;
  /**
   * Releases up to `limit` active reservations whose expiry has passed (each in its own
   * transaction). Answers how many it released. Run by a timer between start and stop.
   */
  sweepExpired(limit?: number): Promise<number>;
}

// ── Events ──────────────────────────────────────────────────────────────────────

export const inventoryEvents = {
  /** Every change of a SKU's levels: opening, reserve, commit, release, expiry, adjustment (not confirm, which moves no unit). */
  stockChanged: 'inventory.stock_changed',
  /** The SKU's total available reached 0. */
  outOfStock: 'inventory.out_of_stock',
  /** The SKU's total available rose from 0. */
  backInStock: 'inventory.back_in_stock',
} as const;

/**
 * `available`, `onHand` and `reserved` are the SKU's totals over every location after
 * the change (the catalog reads `{ sku, available }`). `locationId` is the (first)
 * location whose level changed; `locations` lists each changed location's level.
 */
export type StockChangedData = {
  sku: string;
  available: number;
  onHand: number;
  reserved: number;
  locationId: string;
  locations: StockLevel[];
};
export type OutOfStockData = { sku: string };
export type BackInStockData = { sku: string; available: number };

/** Events inventory consumes; the schemas below declare the fields it reads (others are ignored). */
export const consumedEvents = {
  productCreated: 'catalog.product_created',
  productUpdated: 'catalog.product_updated',
} as const;

/** A variant as the catalog's product events carry it; `initialStock` only on new variants. */
export const ConsumedVariantSchema = Type.Object({
  sku: Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9._-]*$', maxLength: inventoryLimits.skuLengthMax }),
  initialStock: Type.Optional(Type.Integer({ minimum: 0, maximum: inventoryLimits.adjustmentDeltaMax })),
});
/** `catalog.product_created` / `product_updated`: a snapshot of the product (the catalog allows 100 variants). */
export const ConsumedProductSchema = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 64 }),
  variants: Type.Array(ConsumedVariantSchema, { maxItems: 1000 }),
});
export type ConsumedVariant = Static<typeof ConsumedVariantSchema>;
export type ConsumedProductData = Static<typeof ConsumedProductSchema>;

/** Audit `action` of a stock adjustment. */
export const inventoryAuditActions = { adjustStock: 'inventory.adjust_stock', restock: 'inventory.restock' } as const;
