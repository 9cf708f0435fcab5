/**
 * The cart's contract: what other modules (checkout), the app and tests may see.
 * A cart holds lines of catalog variants with the price the catalog quoted when the
 * line was added (the cart keeps its own copy: unit price, titles, SKU, product id).
 * Totals are always computed by the server. Read shapes are TypeBox schemas (they
 * validate and serialize HTTP answers and feed the OpenAPI document).
 */
import type { Money, Result } from '@mercato/platform/kernel';
import { MoneySchema } from '@mercato/platform/http';
import { type Static, Type } from 'typebox';
import {
  type Actor,
  AppliedDiscountSchema,
  type ApplyDiscountCode,
  type CreateDiscountCode,
  type CreateDiscountInput,
  type Discount,
  type DiscountCode,
  type DiscountListQuery,
  type DiscountPage,
  type DiscountProblemCode,
  type ListDiscountsCode,
  type UpdateDiscountCode,
  type UpdateDiscountInput,
} from './contract/discounts.ts';

export * from './contract/discounts.ts';

// ── Limits ──────────────────────────────────────────────────────────────────────

export const cartLimits = Object.freeze({
  /** Distinct variants (lines) in one cart. */
  linesMax: 50,
  /** Units of one variant in one line (API.md: an integer from 1 to 999). */
  quantityMax: 999,
  /** Carts one expiry sweep deletes at most. */
  sweepBatchMax: 1000,
});

// ── Read shapes (API.md "Carts") ────────────────────────────────────────────────

/**
 * `open` takes changes; `merged` was folded into a customer's cart at login and takes
 * no more writes; `checked_out` is frozen while (and after) an order is placed from it.
 */
export const cartStatuses = ['open', 'merged', 'checked_out'] as const;
export type CartStatus = (typeof cartStatuses)[number];

export const CartItemSchema = Type.Object({
  /** `item_…`, stable for the life of the line. */
  id: Type.String(),
  variantId: Type.String(),
  productId: Type.String(),
  /** The product's title when the line was last quoted. */
  title: Type.String(),
  /** The variant's own title ("Red / M"); added to API.md's fields. */
  variantTitle: Type.String(),
  sku: Type.String(),
  quantity: Type.Integer({ minimum: 1, maximum: cartLimits.quantityMax }),
  /** The catalog's price when the line was added (or last added to). */
  unitPrice: MoneySchema,
  /** `unitPrice × quantity`. */
  lineTotal: MoneySchema,
  /** Added to API.md's fields: the product's thumbnail, null without images. */
  thumbnailUrl: Type.Union([Type.String(), Type.Null()]),
});
export type CartItem = Static<typeof CartItemSchema>;

/** All in the cart's currency. `total = subtotal − discount + shipping + tax`. */
export const TotalsSchema = Type.Object({
  subtotal: MoneySchema,
  discount: MoneySchema,
  shipping: MoneySchema,
  tax: MoneySchema,
  total: MoneySchema,
});
export type Totals = Static<typeof TotalsSchema>;

export const CartSchema = Type.Object({
  /** `cart_…` */
  id: Type.String(),
  /** Lines in the order they were first added. */
  items: Type.Array(CartItemSchema),
  /** A plain cart has no address yet: shipping and tax are 0 here (see `priceCart`). */
  totals: TotalsSchema,
  /** The owning customer, null for an anonymous cart. */
  customerId: Type.Union([Type.String(), Type.Null()]),
  /** Added to API.md's fields. */
  status: Type.Enum([...cartStatuses]),
  /** Added to API.md's fields: the id of the order that checked this cart out, else null. */
  orderId: Type.Union([Type.String(), Type.Null()]),
  /** ISO 8601. Added to API.md's fields. */
  createdAt: Type.String(),
  updatedAt: Type.String(),
  /** ISO 8601: an idle cart expires (answers 404) after this moment; each write moves it on. */
  expiresAt: Type.String(),
  /** Added to API.md's fields: the discount code the cart holds, else null; its amount is `totals.discount`. */
  discount: Type.Union([AppliedDiscountSchema, Type.Null()]),
});
export type Cart = Static<typeof CartSchema>;

// ── Inputs ──────────────────────────────────────────────────────────────────────

/** Who is asking: a customer's id, or null for an anonymous caller. */
export type CallerId = string | null;

export type AddItemInput = { readonly variantId: string; readonly quantity: number };

/** What checkout knows once it has an address and a shipping quote. */
export type PriceInput = {
  /** ISO 3166-1 alpha-2, upper case ("DE"). Selects the tax rate. */
  readonly country: string;
  /** The shipping price quoted by the shipping module, in the cart's currency. */
  readonly shipping: Money;
};

// ── Failure codes ───────────────────────────────────────────────────────────────

/**
 * `cart_not_found`: no such cart, it expired, or it belongs to another customer
 * (ownership failures never say the cart exists).
 * `cart_already_checked_out`: the cart is frozen by an order.
 * `cart_merged`: the cart was merged into a customer's cart at login.
 * `insufficient_stock`: `details.available` is what inventory has for the SKU now.
 * `cart_full`: the cart already holds `cartLimits.linesMax` lines.
 * `quantity_limit_exceeded`: the line would hold more than 999 units.
 * `invalid_quantity`: not an integer in range (HTTP refuses these with 400 before the API).
 */
export type CartWriteCode = 'cart_not_found' | 'cart_already_checked_out' | 'cart_merged';
export type AddItemCode =
  | CartWriteCode
  | 'variant_not_found'
  | 'insufficient_stock'
  | 'cart_full'
  | 'quantity_limit_exceeded'
  | 'invalid_quantity';
export type UpdateItemCode = CartWriteCode | 'item_not_found' | 'insufficient_stock' | 'invalid_quantity';
export type RemoveItemCode = CartWriteCode | 'item_not_found';
export type MergeCode = 'cart_not_found' | 'cart_already_checked_out' | 'cart_full';
export type PriceCode = 'cart_not_found' | 'invalid_country' | 'currency_mismatch';
/**
 * The `discount_*` codes: the code the cart holds does not apply now (see
 * `DiscountProblemCode`); nothing was frozen or redeemed, the cart stays open with it.
 */
export type CheckOutCode =
  | 'cart_not_found'
  | 'cart_already_checked_out'
  | 'cart_empty'
  | 'cart_merged'
  | DiscountProblemCode;
/** `cart_checked_out_by_another_order`: the cart is frozen by a different order; left as it is. */
export type ReopenCode = 'cart_not_found' | 'cart_checked_out_by_another_order';
export type CartCode =
  | AddItemCode
  | UpdateItemCode
  | RemoveItemCode
  | MergeCode
  | PriceCode
  | CheckOutCode
  | ReopenCode
  | DiscountCode;

// ── The API ─────────────────────────────────────────────────────────────────────

export interface CartApi {
  /** A new, empty, open cart: anonymous for `null`, else owned by that customer. */
  createCart(customerId: CallerId): Promise<Cart>;
  /**
   * The cart, whatever its status, if the caller may see it: an anonymous cart to
   * anyone who has its id, a customer's cart to that customer only.
   */
  getCart(cartId: string, caller: CallerId): Promise<Result<Cart, 'cart_not_found'>>;
  /** The customer's most recently changed open cart. */
  getCurrentCart(customerId: string): Promise<Result<Cart, 'cart_not_found'>>;
  /**
   * Adds units of a variant, quoting its price from the catalog now. A variant already
   * in the cart adds to its line (and the line takes the new quote). Checks the line's
   * new quantity against inventory's availability (advisory: stock is reserved only at
   * checkout).
   */
  addItem(cartId: string, caller: CallerId, input: AddItemInput): Promise<Result<Cart, AddItemCode>>;
  /** Sets a line's quantity (0..999); 0 removes the line. Raising it checks availability. */
  updateItem(cartId: string, caller: CallerId, itemId: string, quantity: number): Promise<Result<Cart, UpdateItemCode>>;
  removeItem(cartId: string, caller: CallerId, itemId: string): Promise<Result<Cart, RemoveItemCode>>;
  /**
   * At login: folds the anonymous cart into the customer's open cart (created when they
   * have none); quantities of the same variant add up, capped at 999. The anonymous
   * cart becomes `merged`. Answers the customer's cart. Calling it again for the same
   * pair answers the customer's cart and changes nothing; merging a cart the customer
   * already owns answers it as it is. Another customer's cart is `cart_not_found`.
   */
  mergeCarts(anonymousCartId: string, customerId: string): Promise<Result<Cart, MergeCode>>;
  /**
   * Totals with an address and a shipping price: tax is the country's configured rate
   * (basis points) of `subtotal − discount + shipping`, rounded half up to minor units.
   * Works on a cart of any status (checkout prices the frozen cart). No ownership check:
   * the caller (checkout) has checked it with `getCart`.
   */
  priceCart(cartId: string, input: PriceInput): Promise<Result<Totals, PriceCode>>;
  /**
   * Freezes the cart for an order: one conditional UPDATE (open → checked_out, with at
   * least one line), so two checkouts of one cart can never both succeed. Idempotent by
   * `orderId`: calling again with the same order id answers ok. Answers the frozen cart,
   * which no longer changes; checkout should freeze first, then copy lines and totals
   * from this answer. No ownership check (do it with `getCart` first).
   */
  markCheckedOut(cartId: string, orderId: string): Promise<Result<Cart, CheckOutCode>>;
  /**
   * Compensation of `markCheckedOut`: a cart checked out by `orderId` opens again.
   * Idempotent: an open cart answers ok and stays as it is.
   */
  reopenCart(cartId: string, orderId: string): Promise<Result<Cart, ReopenCode>>;
  /** Deletes up to `limit` carts whose expiry has passed; answers how many. Run by a timer. */
  sweepExpired(limit?: number): Promise<number>;

  // ── Discounts: shoppers ──────────────────────────────────────────────────────

  /**
   * Puts a discount code on an open cart (replacing the one it held), after checking it
   * applies now: known (case-insensitively), active, started, not ended, not used up in
   * all or by this customer, and the subtotal reaches its minimum. It is checked again,
   * and redeemed, when checkout freezes the cart (`markCheckedOut`).
   */
  applyDiscount(
    cartId: string,
    caller: CallerId,
    code: string,
  ): Promise<Result<Cart, CartWriteCode | ApplyDiscountCode>>;
  /** Takes the code off an open cart; a cart without one answers as it is. */
  removeDiscount(cartId: string, caller: CallerId): Promise<Result<Cart, CartWriteCode>>;

  // ── Discounts: staff (audited) ───────────────────────────────────────────────

  createDiscount(actor: Actor, input: CreateDiscountInput): Promise<Result<Discount, CreateDiscountCode>>;
  /** Newest first. */
  listDiscounts(query: DiscountListQuery): Promise<Result<DiscountPage, ListDiscountsCode>>;
  /** Deactivates (or reactivates) a code, or changes its limits or dates. */
  updateDiscount(
    actor: Actor,
    discountId: string,
    input: UpdateDiscountInput,
  ): Promise<Result<Discount, UpdateDiscountCode>>;
}

// ── Events ──────────────────────────────────────────────────────────────────────

export const cartEvents = {
  cartCheckedOut: 'cart.cart_checked_out',
  cartReopened: 'cart.cart_reopened',
  cartMerged: 'cart.cart_merged',
} as const;

export type CartCheckedOutData = {
  cartId: string;
  orderId: string;
  customerId: string | null;
  subtotal: Money;
  lineCount: number;
  /** The code redeemed with this checkout and what it took off, else null. */
  discount: { code: string; amount: Money } | null;
};
export type CartReopenedData = { cartId: string; orderId: string };
export type CartMergedData = { cartId: string; intoCartId: string; customerId: string };
