/**
 * Discount codes, part of the cart's contract (re-exported by `contract.ts`). Staff
 * create and manage codes; shoppers put one on a cart; checkout redeems it when it
 * freezes the cart (`markCheckedOut`), in the same transaction.
 */
import { MoneySchema } from '@mercato/platform/http';
import type { Money } from '@mercato/platform/kernel';
import { type Static, type TSchema, Type } from 'typebox';

export const discountLimits = Object.freeze({
  /** Characters of a code (letters, digits, `_` and `-`; the first a letter or digit). */
  codeLengthMax: 32,
  /** A percentage discount takes whole percent: 1..100. */
  percentMax: 100,
  /** A fixed discount takes at most this many minor units off (1,000,000.00). */
  fixedAmountMax: 100_000_000,
  /** The largest total usage limit. */
  usageLimitMax: 10_000_000,
  /** The largest per-customer usage limit. */
  perCustomerLimitMax: 1000,
});

/** Letters, digits, `_`, `-`; compared case-insensitively (stored upper case). */
export const discountCodePattern = '^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$';

/**
 * `percentage`: `value` is whole percent (1..100) of the subtotal, rounded half up to
 * minor units. `fixed`: `value` is minor units of the shop's currency. Either way the
 * discount never exceeds the subtotal.
 */
export const discountTypes = ['percentage', 'fixed'] as const;
export type DiscountType = (typeof discountTypes)[number];

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

export const DiscountSchema = Type.Object({
  /** `disc_…` */
  id: Type.String(),
  /** Normalized: upper case. */
  code: Type.String(),
  type: Type.Enum([...discountTypes]),
  /** Whole percent for `percentage`, minor units for `fixed`. */
  value: Type.Integer(),
  /** A cart's subtotal must reach this for the code to apply; null = no minimum. */
  minSubtotal: Nullable(MoneySchema),
  /** ISO 8601; null = from creation on. */
  startsAt: Nullable(Type.String()),
  /** ISO 8601, exclusive; null = no end. */
  endsAt: Nullable(Type.String()),
  /** Redemptions in all; null = unlimited. */
  usageLimit: Nullable(Type.Integer()),
  /** Redemptions per customer; null = unlimited. A code with a limit needs a signed-in shopper. */
  perCustomerLimit: Nullable(Type.Integer()),
  /** Redemptions held by orders now (a failed checkout gives its use back). */
  used: Type.Integer(),
  /** False once staff deactivated it: it no longer applies (answered as `discount_expired`). */
  active: Type.Boolean(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});
export type Discount = Static<typeof DiscountSchema>;

export const DiscountPageSchema = Type.Object({
  items: Type.Array(DiscountSchema),
  nextCursor: Nullable(Type.String()),
});
export type DiscountPage = Static<typeof DiscountPageSchema>;

/**
 * Why a code does not apply to a cart now. `discount_expired`: past `endsAt`, or
 * deactivated by staff (`details.reason` says which). `discount_not_started`: before
 * `startsAt`. `discount_exhausted`: the total or the customer's usage limit is reached
 * (`details.limit` is `total` or `per_customer`). `discount_min_subtotal`: the subtotal is
 * under the minimum (`details.minSubtotal`). `discount_requires_account`: the code has a
 * per-customer limit and the cart is anonymous.
 */
export const discountProblemCodes = [
  'discount_expired',
  'discount_not_started',
  'discount_exhausted',
  'discount_min_subtotal',
  'discount_requires_account',
] as const;
export type DiscountProblemCode = (typeof discountProblemCodes)[number];

/** The code a cart holds, added to API.md's Cart as `discount` (null without one). */
export const AppliedDiscountSchema = Type.Object({
  code: Type.String(),
  type: Type.Enum([...discountTypes]),
  value: Type.Integer(),
  minSubtotal: Nullable(MoneySchema),
  /**
   * Null while the code applies (its amount is `totals.discount`). Otherwise why it does
   * not: the cart keeps the code, `totals.discount` is 0, and a checkout fails with this code.
   * Always null on a checked-out cart (the code was redeemed when it was frozen).
   */
  problem: Nullable(Type.Enum([...discountProblemCodes])),
});
export type AppliedDiscount = Static<typeof AppliedDiscountSchema>;

// ── Inputs ──────────────────────────────────────────────────────────────────────

/** The staff member behind an admin call, for the audit log. */
export type Actor = { readonly id: string; readonly role?: string; readonly requestId?: string };

export type CreateDiscountInput = {
  readonly code: string;
  readonly type: DiscountType;
  readonly value: number;
  /** In the shop's currency. */
  readonly minSubtotal?: Money;
  /** ISO 8601. */
  readonly startsAt?: string;
  readonly endsAt?: string;
  readonly usageLimit?: number;
  readonly perCustomerLimit?: number;
};

/** What staff may change: switch a code off (or on), its limits and its dates. `null` clears. */
export type UpdateDiscountInput = {
  readonly active?: boolean;
  readonly usageLimit?: number | null;
  readonly perCustomerLimit?: number | null;
  readonly startsAt?: string | null;
  readonly endsAt?: string | null;
};

export type DiscountListQuery = { readonly limit?: number; readonly cursor?: string };

// ── Failure codes ───────────────────────────────────────────────────────────────

/**
 * `discount_not_found`: no code like it. `code_taken`: another discount has this code
 * (case-insensitively). `invalid_discount`: a rule the schema cannot say (a percentage
 * over 100, an end before the start, a minimum in another currency).
 * `usage_limit_below_used`: a total limit lower than the redemptions already held.
 */
export type ApplyDiscountCode = 'discount_not_found' | DiscountProblemCode;
export type CreateDiscountCode = 'code_taken' | 'invalid_discount';
export type UpdateDiscountCode = 'discount_not_found' | 'invalid_discount' | 'usage_limit_below_used';
export type ListDiscountsCode = 'invalid_cursor';
export type DiscountCode = ApplyDiscountCode | CreateDiscountCode | UpdateDiscountCode | ListDiscountsCode;
