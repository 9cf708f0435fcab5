import { assert, type Failure, fail, type Money, money, ok, type Result } from '@mercato/platform/kernel';
import {
  type CreateDiscountInput,
  type DiscountProblemCode,
  type DiscountType,
  discountCodePattern,
  discountLimits,
  type UpdateDiscountInput,
} from '../contract.ts';

const codePattern = new RegExp(discountCodePattern);

/**
 * Codes compare case-insensitively: trimmed and upper-cased. Undefined when the text
 * cannot be a code at all (so no lookup is needed to say it is unknown).
 */
export function normalizeCode(raw: string): string | undefined {
  const trimmed = raw.trim();
  return codePattern.test(trimmed) ? trimmed.toUpperCase() : undefined;
}

/** What decides the amount a code takes off. */
export type DiscountTerms = { readonly type: DiscountType; readonly value: number; readonly currency: string };

export const percentDenominator = 100;

/**
 * The amount off a subtotal, never more than the subtotal: a percentage (whole percent,
 * rounded half up to minor units, in BigInt so a large subtotal stays exact) or a fixed
 * amount (capped at the subtotal).
 */
export function discountAmount(terms: DiscountTerms, subtotal: Money): Money {
  assert(terms.currency === subtotal.currency, `a ${terms.currency} discount on a ${subtotal.currency} cart`);
  assert(Number.isSafeInteger(subtotal.amount) && subtotal.amount >= 0, `bad subtotal: ${subtotal.amount}`);
  assert(Number.isSafeInteger(terms.value) && terms.value > 0, `bad discount value: ${terms.value}`);
  if (terms.type === 'fixed') return money(Math.min(terms.value, subtotal.amount), subtotal.currency);
  assert(terms.value <= discountLimits.percentMax, `a percentage over 100: ${terms.value}`);
  const denominator = BigInt(percentDenominator);
  const off = Number((BigInt(subtotal.amount) * BigInt(terms.value) + denominator / 2n) / denominator);
  assert(off <= subtotal.amount, `discount ${off} exceeds subtotal ${subtotal.amount}`);
  return money(off, subtotal.currency);
}

/** What decides whether a code applies to a cart now. */
export type DiscountState = {
  readonly active: boolean;
  readonly startsAt: Date | null;
  readonly endsAt: Date | null;
  readonly usageLimit: number | null;
  readonly used: number;
  readonly perCustomerLimit: number | null;
  /** Uses the cart's customer holds (0 for an anonymous cart). */
  readonly customerUsed: number;
  /** Minor units in `currency`, or null for no minimum. */
  readonly minSubtotal: number | null;
  readonly currency: string;
};

/** The cart the code would apply to, at a moment. */
export type DiscountUse = { readonly now: Date; readonly subtotal: Money; readonly customerId: string | null };

/**
 * Why a code does not apply to a cart now, or undefined when it does. The guards run in
 * the order a shopper should hear them: a code that is over says so before its limits.
 */
export function discountProblem(discount: DiscountState, use: DiscountUse): Failure<DiscountProblemCode> | undefined {
  const { now, subtotal, customerId } = use;
  if (!discount.active)
    return fail('discount_expired', 'This discount code is no longer valid.', { reason: 'deactivated' });
  if (discount.endsAt !== null && now >= discount.endsAt) {
    return fail('discount_expired', 'This discount code has expired.', {
      reason: 'ended',
      endsAt: discount.endsAt.toISOString(),
    });
  }
  if (discount.startsAt !== null && now < discount.startsAt) {
    const startsAt = discount.startsAt.toISOString();
    return fail('discount_not_started', `This discount code is valid from ${startsAt}.`, { startsAt });
  }
  if (discount.perCustomerLimit !== null && customerId === null) {
    return fail('discount_requires_account', 'Sign in to use this discount code.');
  }
  if (discount.usageLimit !== null && discount.used >= discount.usageLimit) {
    return fail('discount_exhausted', 'This discount code has been used up.', { limit: 'total' });
  }
  if (discount.perCustomerLimit !== null && discount.customerUsed >= discount.perCustomerLimit) {
    return fail('discount_exhausted', 'You have used this discount code as often as it allows.', {
      limit: 'per_customer',
    });
  }
  if (discount.minSubtotal !== null && subtotal.amount < discount.minSubtotal) {
    const minSubtotal = money(discount.minSubtotal, discount.currency);
    return fail('discount_min_subtotal', 'The cart’s subtotal is below this discount code’s minimum.', {
      minSubtotal,
      subtotal,
    });
  }
  return undefined;
}

/** An ISO 8601 instant, or undefined for text that is not one. */
export function parseInstant(text: string): Date | undefined {
  const instant = new Date(text);
  return Number.isNaN(instant.getTime()) ? undefined : instant;
}

/** A new discount as stored. */
export type NewDiscount = {
  readonly code: string;
  readonly type: DiscountType;
  readonly value: number;
  readonly currency: string;
  readonly minSubtotal: number | null;
  readonly startsAt: Date | null;
  readonly endsAt: Date | null;
  readonly usageLimit: number | null;
  readonly perCustomerLimit: number | null;
};

const invalid = (message: string) => fail('invalid_discount', message);

function limitRefusal(
  name: string,
  limit: number | null | undefined,
  max: number,
): Failure<'invalid_discount'> | undefined {
  if (limit === undefined || limit === null) return undefined;
  return Number.isSafeInteger(limit) && limit >= 1 && limit <= max
    ? undefined
    : invalid(`${name} must be an integer from 1 to ${max}.`);
}

function datesRefusal(
  startsAt: Date | null | undefined,
  endsAt: Date | null | undefined,
): Failure<'invalid_discount'> | undefined {
  if (startsAt === undefined || endsAt === undefined) return invalid('startsAt and endsAt must be ISO 8601 instants.');
  if (startsAt !== null && endsAt !== null && startsAt >= endsAt) return invalid('endsAt must come after startsAt.');
  return undefined;
}

const orNull = (text: string | undefined) => (text === undefined ? null : parseInstant(text));

/** Checks what staff asked for and shapes it for storage; amounts are in the shop's `currency`. */
export function planNewDiscount(input: CreateDiscountInput, currency: string): Result<NewDiscount, 'invalid_discount'> {
  const code = normalizeCode(input.code);
  if (code === undefined)
    return invalid('A code is 1 to 32 letters, digits, "_" or "-", starting with a letter or digit.');
  const valueMax = input.type === 'percentage' ? discountLimits.percentMax : discountLimits.fixedAmountMax;
  if (!Number.isSafeInteger(input.value) || input.value < 1 || input.value > valueMax) {
    return invalid(
      `A ${input.type} discount takes a value from 1 to ${valueMax}${input.type === 'percentage' ? ' (whole percent)' : ' (minor units)'}.`,
    );
  }
  const { minSubtotal } = input;
  if (
    minSubtotal !== undefined &&
    (minSubtotal.currency !== currency || !Number.isSafeInteger(minSubtotal.amount) || minSubtotal.amount < 1)
  ) {
    return invalid(`minSubtotal must be a positive amount in ${currency}.`);
  }
  const startsAt = orNull(input.startsAt);
  const endsAt = orNull(input.endsAt);
  const refusal =
    datesRefusal(startsAt, endsAt) ??
    limitRefusal('usageLimit', input.usageLimit, discountLimits.usageLimitMax) ??
    limitRefusal('perCustomerLimit', input.perCustomerLimit, discountLimits.perCustomerLimitMax);
  if (refusal !== undefined) return refusal;
  return ok({
    code,
    type: input.type,
    value: input.value,
    currency,
    minSubtotal: minSubtotal?.amount ?? null,
    startsAt: startsAt ?? null,
    endsAt: endsAt ?? null,
    usageLimit: input.usageLimit ?? null,
    perCustomerLimit: input.perCustomerLimit ?? null,
  });
}

/** What a staff change may touch. */
export type DiscountSettings = {
  readonly active: boolean;
  readonly startsAt: Date | null;
  readonly endsAt: Date | null;
  readonly usageLimit: number | null;
  readonly perCustomerLimit: number | null;
};

/**
 * A staff change applied to the current settings (read under the discount's row lock).
 * A total limit below the uses already held is refused rather than clamped: those
 * orders exist, and the limit would silently mean something else.
 */
export function planUpdate(
  current: DiscountSettings & { readonly used: number },
  patch: UpdateDiscountInput,
): Result<DiscountSettings, 'invalid_discount' | 'usage_limit_below_used'> {
  const instant = (text: string | null | undefined, kept: Date | null) =>
    text === undefined ? kept : text === null ? null : parseInstant(text);
  const next = {
    active: patch.active ?? current.active,
    startsAt: instant(patch.startsAt, current.startsAt),
    endsAt: instant(patch.endsAt, current.endsAt),
    usageLimit: patch.usageLimit === undefined ? current.usageLimit : patch.usageLimit,
    perCustomerLimit: patch.perCustomerLimit === undefined ? current.perCustomerLimit : patch.perCustomerLimit,
  };
  const refusal =
    datesRefusal(next.startsAt, next.endsAt) ??
    limitRefusal('usageLimit', next.usageLimit, discountLimits.usageLimitMax) ??
    limitRefusal('perCustomerLimit', next.perCustomerLimit, discountLimits.perCustomerLimitMax);
  if (refusal !== undefined) return refusal;
  if (next.usageLimit !== null && next.usageLimit < current.used) {
    return fail(
      'usage_limit_below_used',
      `Orders already hold ${current.used} uses of this code; the limit cannot be lower.`,
      { used: current.used },
    );
  }
  return ok({ ...next, startsAt: next.startsAt ?? null, endsAt: next.endsAt ?? null });
}
