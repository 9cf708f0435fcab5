import { inResultTransaction } from '@mercato/platform/db';
import { assert, type Failure, ok, type Result } from '@mercato/platform/kernel';
import {
  type Cart,
  type CartCheckedOutData,
  type CartReopenedData,
  cartEvents,
  type CheckOutCode,
  type DiscountProblemCode,
  type ReopenCode,
} from '../contract.ts';
import { assertTransition, checkOutOutcome, reopenOutcome } from '../domain/cart.ts';
import * as store from '../store.ts';
import { type CartDeps, transactionOptions, writeTimes } from './deps.ts';
import { type RedeemCode, type Redeemed, redeemDiscount } from './discounts.ts';
import { loadCart } from './read.ts';
import { toCart } from './views.ts';

/** An UPDATE that lost to a concurrent change is tried again this many times at most. */
const attemptsMax = 3;

/**
 * Checkout's two calls: freeze a cart for an order, and (compensation) open it again.
 * Each is one conditional UPDATE. When it changes nothing, the cart is read to say why;
 * a read that finds the cart still eligible means a concurrent change won the row in
 * between, and the UPDATE runs again (bounded). The freeze redeems the cart's discount
 * code in its own transaction, and reopening gives the use back in its own.
 */
export function createCheckoutFreeze(deps: CartDeps) {
  const { db, clock } = deps;

  /** The freeze, and the redemption of the cart's code, in one transaction: both or neither. */
  async function freeze(cartId: string, orderId: string): Promise<Result<Cart | undefined, RedeemCode>> {
    const { now, expiresAt } = writeTimes(deps);
    return inResultTransaction(
      db,
      async (tx) => {
        const held = await store.checkOutCart(tx, cartId, orderId, now, expiresAt);
        if (held === undefined) return ok(undefined);
        let discount: Redeemed | null = null;
        if (held.discountId !== null) {
          const redeemed = await redeemDiscount(tx, {
            cartId,
            orderId,
            customerId: held.customerId,
            discountId: held.discountId,
            now,
          });
          if (!redeemed.ok) return redeemed;
          discount = redeemed.value;
        }
        const cart = await loadCart(deps, tx, cartId);
        const data: CartCheckedOutData = {
          cartId,
          orderId,
          customerId: cart.customerId,
          subtotal: cart.totals.subtotal,
          lineCount: cart.items.length,
          discount,
        };
        await deps.outbox.append(tx, [{ type: cartEvents.cartCheckedOut, data }]);
        return ok(cart);
      },
      transactionOptions,
    );
  }

  async function checkOutOnce(cartId: string, orderId: string): Promise<Result<Cart, CheckOutCode> | undefined> {
    assertTransition('open', 'checked_out');
    const frozen = await freeze(cartId, orderId);
    if (!frozen.ok) return frozen.code === 'discount_raced' ? undefined : (frozen as Failure<DiscountProblemCode>);
    if (frozen.value !== undefined) return ok(frozen.value);
    const record = await store.cartRecord(db, cartId, clock.now());
    const outcome = checkOutOutcome(record, orderId);
    if (outcome === undefined || !outcome.ok) return outcome;
    assert(record !== undefined, 'checkOutOutcome is ok only for an existing cart');
    return ok(toCart(record));
  }

  async function reopenOnce(cartId: string, orderId: string): Promise<Result<Cart, ReopenCode> | undefined> {
    assertTransition('checked_out', 'open');
    const { now, expiresAt } = writeTimes(deps);
    const reopened = await db.transaction(async (tx) => {
      if (!(await store.reopenCart(tx, cartId, orderId, now, expiresAt))) return undefined;
      // The compensation gives back the use this order's checkout took (if it took one).
      await store.releaseRedemption(tx, cartId, orderId);
      const data: CartReopenedData = { cartId, orderId };
      await deps.outbox.append(tx, [{ type: cartEvents.cartReopened, data }]);
      return loadCart(deps, tx, cartId);
    });
    if (reopened !== undefined) return ok(reopened);
    const record = await store.cartRecord(db, cartId, clock.now());
    const outcome = reopenOutcome(record, orderId);
    if (outcome === undefined || !outcome.ok) return outcome;
    assert(record !== undefined, 'reopenOutcome is ok only for an existing cart');
    return ok(toCart(record));
  }

  return {
    async markCheckedOut(cartId: string, orderId: string): Promise<Result<Cart, CheckOutCode>> {
      for (let attempt = 1; attempt <= attemptsMax; attempt++) {
        const result = await checkOutOnce(cartId, orderId);
        if (result !== undefined) return result;
      }
      throw new Error(`cart ${cartId} kept changing while being checked out; try again`);
    },

    async reopenCart(cartId: string, orderId: string): Promise<Result<Cart, ReopenCode>> {
      for (let attempt = 1; attempt <= attemptsMax; attempt++) {
        const result = await reopenOnce(cartId, orderId);
        if (result !== undefined) return result;
      }
      throw new Error(`cart ${cartId} kept changing while being reopened; try again`);
    },
  };
}
