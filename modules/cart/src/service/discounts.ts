import { inResultTransaction, type Tx } from '@mercato/platform/db';
import { assert, fail, type Failure, type Money, ok, type Result } from '@mercato/platform/kernel';
import type { ApplyDiscountCode, CallerId, Cart, CartWriteCode, DiscountProblemCode } from '../contract.ts';
import { writeRefusal } from '../domain/cart.ts';
import { discountAmount, discountProblem, normalizeCode } from '../domain/discount.ts';
import * as store from '../store.ts';
import { type CartDeps, transactionOptions, writeTimes } from './deps.ts';
import { loadCart } from './read.ts';
import { subtotalOfRecord } from './views.ts';

const discountNotFound = () => fail('discount_not_found', 'No discount has this code.');

/**
 * Shoppers put a code on a cart and take it off. Both lock the cart row first, like
 * every write of a cart, so they take turns with item changes and with checkout.
 */
export function createDiscounts(deps: CartDeps) {
  const { db } = deps;

  async function applyDiscount(
    cartId: string,
    caller: CallerId,
    text: string,
  ): Promise<Result<Cart, CartWriteCode | ApplyDiscountCode>> {
    const code = normalizeCode(text);
    return inResultTransaction(
      db,
      async (tx) => {
        const { now, expiresAt } = writeTimes(deps);
        const cart = await store.lockCart(tx, cartId, now);
        const refused = writeRefusal(cart, caller);
        if (refused !== undefined) return refused;
        assert(cart !== undefined, 'writeRefusal lets only an existing cart through');
        const discount = code === undefined ? undefined : await store.discountByCode(tx, code);
        if (discount === undefined) return discountNotFound();
        const record = await store.cartRecord(tx, cartId, now);
        assert(record !== undefined, `cart ${cartId} vanished under its row lock`);
        const customerUsed = await store.customerUses(tx, discount.id, cart.customerId);
        const problem = discountProblem(
          { ...discount, customerUsed },
          { now, subtotal: subtotalOfRecord(record), customerId: cart.customerId },
        );
        if (problem !== undefined) return problem;
        await store.setCartDiscount(tx, cartId, discount.id);
        await store.touchCart(tx, cartId, now, expiresAt);
        return ok(await loadCart(deps, tx, cartId));
      },
      transactionOptions,
    );
  }

  async function removeDiscount(cartId: string, caller: CallerId): Promise<Result<Cart, CartWriteCode>> {
    return inResultTransaction(
      db,
      async (tx) => {
        const { now, expiresAt } = writeTimes(deps);
        const refused = writeRefusal(await store.lockCart(tx, cartId, now), caller);
        if (refused !== undefined) return refused;
        await store.setCartDiscount(tx, cartId, null);
        await store.touchCart(tx, cartId, now, expiresAt);
        return ok(await loadCart(deps, tx, cartId));
      },
      transactionOptions,
    );
  }

  return { applyDiscount, removeDiscount };
}

/** A use taken by a checkout: the code and what it took off. */
export type Redeemed = { readonly code: string; readonly amount: Money };

/**
 * `discount_raced`: the conditional UPDATE refused, yet the code applies when read
 * again (a use was given back in between); the caller runs the checkout again.
 */
export type RedeemCode = DiscountProblemCode | 'discount_raced';

export type RedeemInput = {
  readonly cartId: string;
  readonly orderId: string;
  readonly customerId: string | null;
  readonly discountId: string;
  readonly now: Date;
};

/**
 * Inside markCheckedOut's transaction, right after the cart froze: takes one use of the
 * code (one conditional UPDATE for the total limit, one conditional upsert for the
 * customer's), records the redemption, and answers what it took off. A failure rolls
 * the whole transaction back, freeze included: the cart stays open with its code.
 */
export async function redeemDiscount(tx: Tx, input: RedeemInput): Promise<Result<Redeemed, RedeemCode>> {
  const { cartId, orderId, customerId, discountId, now } = input;
  const record = await store.cartRecord(tx, cartId, now);
  assert(record !== undefined, `cart ${cartId} vanished while being checked out`);
  const subtotal = subtotalOfRecord(record);
  const redeemed = await store.redeem(tx, {
    discountId,
    now,
    subtotal: subtotal.amount,
    hasCustomer: customerId !== null,
  });
  if (redeemed === undefined) return whyNotRedeemed(tx, input, subtotal);
  if (customerId !== null && !(await store.takeCustomerUse(tx, discountId, customerId, redeemed.perCustomerLimit))) {
    return fail('discount_exhausted', 'You have used this discount code as often as it allows.', {
      limit: 'per_customer',
    });
  }
  const amount = discountAmount(redeemed, subtotal);
  await store.insertRedemption(tx, { discountId, orderId, cartId, customerId, amount: amount.amount, redeemedAt: now });
  return ok({ code: redeemed.code, amount });
}

/** Reads the code again (this statement sees what the UPDATE waited for) to say why it did not apply. */
async function whyNotRedeemed(tx: Tx, input: RedeemInput, subtotal: Money): Promise<Failure<RedeemCode>> {
  const record = await store.cartRecord(tx, input.cartId, input.now);
  assert(record?.discount != null, `cart ${input.cartId} lost its discount while being checked out`);
  const problem = discountProblem(record.discount, { now: input.now, subtotal, customerId: input.customerId });
  return problem ?? fail('discount_raced', 'The discount changed while the cart was being checked out.');
}
