import { inResultTransaction, type Tx } from '@mercato/platform/db';
import { assert, fail, ok, type Result } from '@mercato/platform/kernel';
import { type Cart, type CartMergedData, cartEvents, type MergeCode } from '../contract.ts';
import { assertTransition, type CartState, cartNotFound, planMerge } from '../domain/cart.ts';
import * as store from '../store.ts';
import { type CartDeps, transactionOptions, writeTimes } from './deps.ts';
import { loadCart } from './read.ts';

/**
 * Folding an anonymous cart into a customer's cart at login, in one transaction. Locks
 * are taken anonymous cart first, then the customer's cart: an anonymous cart is never
 * the target of a merge, so two merges can never wait on each other in a circle.
 */
export function createMerge(deps: CartDeps) {
  /** The customer's open cart, locked, or a new one. */
  async function targetOf(tx: Tx, customerId: string): Promise<CartState> {
    const { now, expiresAt } = writeTimes(deps);
    const current = await store.openCartOf(tx, customerId, now, true);
    if (current !== undefined) return current;
    const id = deps.ids.next('cart');
    await store.insertCart(tx, { id, customerId, currency: deps.config.currency, now, expiresAt });
    return { id, customerId, status: 'open', orderId: null, lineCount: 0 };
  }

  /** Answers for a cart that is not an open anonymous cart: its own, an earlier merge, or a refusal. */
  async function alreadyDone(tx: Tx, source: CartState, customerId: string): Promise<Result<Cart, MergeCode>> {
    if (source.customerId === customerId) return ok(await loadCart(deps, tx, source.id));
    if (source.customerId !== null) return cartNotFound();
    if (source.status === 'checked_out')
      return fail('cart_already_checked_out', 'This cart has been checked out; there is nothing to merge.');
    assert(source.status === 'merged', `unexpected cart status ${source.status}`);
    // Merged before: a retry by the same customer answers their cart again.
    const intoId = await store.mergedInto(tx, source.id);
    const into = intoId === null ? undefined : await store.cartRecord(tx, intoId, deps.clock.now());
    return into !== undefined && into.customerId === customerId
      ? ok(await loadCart(deps, tx, into.id))
      : cartNotFound();
  }

  return {
    async mergeCarts(anonymousCartId: string, customerId: string): Promise<Result<Cart, MergeCode>> {
      return inResultTransaction(
        deps.db,
        async (tx) => {
          const { now, expiresAt } = writeTimes(deps);
          const source = await store.lockCart(tx, anonymousCartId, now);
          if (source === undefined) return cartNotFound();
          if (source.customerId !== null || source.status !== 'open') return alreadyDone(tx, source, customerId);
          const target = await targetOf(tx, customerId);
          const plan = planMerge(await store.lineRefs(tx, target.id), await store.lineRefs(tx, source.id));
          if (!plan.ok) return plan;
          for (const { id, quantity } of plan.value.raise) await store.setQuantity(tx, target.id, id, quantity);
          await store.moveLines(tx, plan.value.move, target.id);
          await store.deleteLinesOf(tx, source.id);
          await store.inheritDiscount(tx, target.id, source.id);
          assertTransition(source.status, 'merged');
          await store.markMerged(tx, source.id, target.id, now, expiresAt);
          await store.touchCart(tx, target.id, now, expiresAt);
          const data: CartMergedData = { cartId: source.id, intoCartId: target.id, customerId };
          await deps.outbox.append(tx, [{ type: cartEvents.cartMerged, data }]);
          return ok(await loadCart(deps, tx, target.id));
        },
        transactionOptions,
      );
    },
  };
}
