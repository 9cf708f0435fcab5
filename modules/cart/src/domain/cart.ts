import { assert, type Failure, fail, ok, type Result } from '@mercato/platform/kernel';
import {
  type CallerId,
  type CartStatus,
  type CartWriteCode,
  cartLimits,
  type CheckOutCode,
  type ReopenCode,
} from '../contract.ts';

/** What the rules need to know of a cart. */
export type CartState = {
  readonly id: string;
  readonly customerId: string | null;
  readonly status: CartStatus;
  readonly orderId: string | null;
  readonly lineCount: number;
};

/**
 * The cart's state machine. Every status change goes through `assertTransition`; the
 * conditional UPDATEs in store/carts.ts only ever ask for one of these.
 */
export const cartTransitions: Readonly<Record<CartStatus, readonly CartStatus[]>> = {
  open: ['checked_out', 'merged'],
  // Compensation: the order that froze the cart failed.
  checked_out: ['open'],
  merged: [],
};

export function assertTransition(from: CartStatus, to: CartStatus): void {
  assert(cartTransitions[from].includes(to), `a cart cannot go from ${from} to ${to}`);
}

export function isValidQuantity(quantity: number, min: 0 | 1): boolean {
  return Number.isInteger(quantity) && quantity >= min && quantity <= cartLimits.quantityMax;
}

export function cartNotFound(): Failure<'cart_not_found'> {
  return fail('cart_not_found', 'No cart has this id.');
}

/**
 * An anonymous cart is reachable by its id alone (the id is the secret); a customer's
 * cart by that customer only. Anyone else is told it does not exist.
 */
export function visibleTo(cart: CartState | undefined, caller: CallerId): cart is CartState {
  return cart !== undefined && (cart.customerId === null || cart.customerId === caller);
}

/** Why a cart takes no item changes, or undefined when it does. */
export function writeRefusal(cart: CartState | undefined, caller: CallerId): Failure<CartWriteCode> | undefined {
  if (!visibleTo(cart, caller)) return cartNotFound();
  if (cart.status === 'checked_out')
    return fail('cart_already_checked_out', 'This cart has been checked out; it takes no more changes.');
  if (cart.status === 'merged')
    return fail('cart_merged', 'This cart was merged into your account cart at login; use that one.');
  return undefined;
}

export type AddCheck = {
  readonly lineCount: number;
  /** Units of the variant already in the cart, 0 when it has no line. */
  readonly existingQuantity: number;
  readonly quantity: number;
  /** What inventory says can be reserved now. */
  readonly available: number;
  readonly sku: string;
};

/** The rules of adding units of a variant, in the order a client should hear them. */
export function addRefusal(
  check: AddCheck,
): Failure<'cart_full' | 'quantity_limit_exceeded' | 'insufficient_stock'> | undefined {
  const { lineCount, existingQuantity, quantity, available, sku } = check;
  const wanted = existingQuantity + quantity;
  if (existingQuantity === 0 && lineCount >= cartLimits.linesMax) {
    return fail('cart_full', `A cart holds at most ${cartLimits.linesMax} different items.`, {
      linesMax: cartLimits.linesMax,
    });
  }
  if (wanted > cartLimits.quantityMax) {
    return fail('quantity_limit_exceeded', `A line holds at most ${cartLimits.quantityMax} units.`, {
      quantityMax: cartLimits.quantityMax,
      inCart: existingQuantity,
    });
  }
  return stockRefusal(sku, wanted, existingQuantity, available);
}

/** Raising a line to `wanted` units needs that many available; lowering it never does. */
export function stockRefusal(
  sku: string,
  wanted: number,
  current: number,
  available: number,
): Failure<'insufficient_stock'> | undefined {
  if (wanted <= current || wanted <= available) return undefined;
  return fail('insufficient_stock', `Only ${available} of this item can be ordered now.`, {
    sku,
    requested: wanted,
    available,
  });
}

export type LineRef = { readonly id: string; readonly variantId: string; readonly quantity: number };

/** How the lines of an anonymous cart fold into a customer's cart. */
export type MergePlan = {
  /** Lines of the target whose quantity grows (capped at 999). */
  readonly raise: readonly { readonly id: string; readonly quantity: number }[];
  /** Lines of the source that move to the target as they are (with their quoted price). */
  readonly move: readonly string[];
};

export function planMerge(target: readonly LineRef[], source: readonly LineRef[]): Result<MergePlan, 'cart_full'> {
  const byVariant = new Map(target.map((line) => [line.variantId, line]));
  const raise: { id: string; quantity: number }[] = [];
  const move: string[] = [];
  for (const line of source) {
    const existing = byVariant.get(line.variantId);
    if (existing === undefined) move.push(line.id);
    else raise.push({ id: existing.id, quantity: Math.min(existing.quantity + line.quantity, cartLimits.quantityMax) });
  }
  if (target.length + move.length > cartLimits.linesMax) {
    return fail('cart_full', `Together the carts would hold more than ${cartLimits.linesMax} different items.`, {
      linesMax: cartLimits.linesMax,
    });
  }
  return ok({ raise, move });
}

/**
 * Why `markCheckedOut` did not freeze the cart, read after its conditional UPDATE
 * changed nothing: `ok` when this very order froze it before (idempotent retry).
 * `undefined` means the cart is open with lines, so the UPDATE lost a race with a
 * concurrent change and may be tried again.
 */
export function checkOutOutcome(
  cart: CartState | undefined,
  orderId: string,
): Result<'already', CheckOutCode> | undefined {
  if (cart === undefined) return cartNotFound();
  if (cart.status === 'checked_out') {
    return cart.orderId === orderId
      ? ok('already')
      : fail('cart_already_checked_out', 'This cart has been checked out by another order.');
  }
  if (cart.status === 'merged') return fail('cart_merged', 'This cart was merged into an account cart at login.');
  if (cart.lineCount === 0) return fail('cart_empty', 'The cart has no items.');
  return undefined;
}

/**
 * Same for `reopenCart`: a cart not held by this order is left as it is, and that is
 * fine (already reopened, or never frozen by it). `undefined`: still held by this order,
 * so the UPDATE should be tried again.
 */
export function reopenOutcome(
  cart: CartState | undefined,
  orderId: string,
): Result<'unchanged', ReopenCode> | undefined {
  if (cart === undefined) return cartNotFound();
  if (cart.status !== 'checked_out') return ok('unchanged');
  if (cart.orderId === orderId) return undefined;
  return fail('cart_checked_out_by_another_order', 'This cart is held by another order; it stays checked out.');
}
