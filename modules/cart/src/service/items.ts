import { inResultTransaction } from '@mercato/platform/db';
import { assert, fail, ok, type Result } from '@mercato/platform/kernel';
import type { AddItemCode, AddItemInput, CallerId, Cart, RemoveItemCode, UpdateItemCode } from '../contract.ts';
import { addRefusal, isValidQuantity, stockRefusal, writeRefusal } from '../domain/cart.ts';
import * as store from '../store.ts';
import { type CartDeps, transactionOptions, writeTimes } from './deps.ts';
import { loadCart } from './read.ts';

const invalidQuantity = (min: number) =>
  fail('invalid_quantity', `The quantity must be an integer from ${min} to 999.`);

/**
 * Changing the lines of a cart. Each write runs in one transaction that first locks
 * the cart row, so writes to one cart (and its checkout) take turns, and re-checks
 * the rules on what it locked. Calls to other modules (catalog quote, inventory
 * availability) happen before the transaction, never inside it.
 */
export function createItems(deps: CartDeps) {
  const { db, clock } = deps;

  async function quote(variantId: string): Promise<store.Quote | undefined> {
    const [ref] = await deps.catalog.getVariants([variantId]);
    if (ref === undefined) return undefined;
    // The catalog has one currency and the app configures the cart with it; a quote in
    // another is a configuration bug, not something a buyer could cause.
    assert(
      ref.price.currency === deps.config.currency,
      `catalog quoted ${ref.price.currency}, carts are in ${deps.config.currency}`,
    );
    const { price, ...names } = ref;
    return { ...names, unitPrice: price.amount, currency: price.currency };
  }

  async function available(sku: string): Promise<number> {
    return (await deps.inventory.availability([sku]))[sku] ?? 0;
  }

  async function addItem(cartId: string, caller: CallerId, input: AddItemInput): Promise<Result<Cart, AddItemCode>> {
    if (!isValidQuantity(input.quantity, 1)) return invalidQuantity(1);
    const refusal = writeRefusal(await store.cartRecord(db, cartId, clock.now()), caller);
    if (refusal !== undefined) return refusal;
    const quoted = await quote(input.variantId);
    if (quoted === undefined) return fail('variant_not_found', 'No variant of an active product has this id.');
    const availableNow = await available(quoted.sku);
    return inResultTransaction(
      db,
      async (tx) => {
        const { now, expiresAt } = writeTimes(deps);
        const cart = await store.lockCart(tx, cartId, now);
        const refused = writeRefusal(cart, caller);
        if (refused !== undefined) return refused;
        assert(cart !== undefined, 'writeRefusal lets only an existing cart through');
        const existing = await store.lineOfVariant(tx, cartId, input.variantId);
        const check = {
          lineCount: cart.lineCount,
          existingQuantity: existing?.quantity ?? 0,
          quantity: input.quantity,
          available: availableNow,
        };
        const refusedAdd = addRefusal({ ...check, sku: quoted.sku });
        if (refusedAdd !== undefined) return refusedAdd;
        await store.addToLine(tx, {
          id: deps.ids.next('item'),
          cartId,
          quantity: input.quantity,
          addedAt: now,
          quote: quoted,
        });
        await store.touchCart(tx, cartId, now, expiresAt);
        return ok(await loadCart(deps, tx, cartId));
      },
      transactionOptions,
    );
  }

  async function updateItem(
    cartId: string,
    caller: CallerId,
    itemId: string,
    quantity: number,
  ): Promise<Result<Cart, UpdateItemCode>> {
    if (!isValidQuantity(quantity, 0)) return invalidQuantity(0);
    if (quantity === 0) return removeItem(cartId, caller, itemId);
    const refusal = writeRefusal(await store.cartRecord(db, cartId, clock.now()), caller);
    if (refusal !== undefined) return refusal;
    const before = await store.lineById(db, cartId, itemId);
    if (before === undefined) return fail('item_not_found', 'This cart has no item with this id.');
    // Only raising a line needs stock; lowering it never asks inventory.
    const availableNow = quantity > before.quantity ? await available(before.sku) : quantity;
    return inResultTransaction(
      db,
      async (tx) => {
        const { now, expiresAt } = writeTimes(deps);
        const refused = writeRefusal(await store.lockCart(tx, cartId, now), caller);
        if (refused !== undefined) return refused;
        const line = await store.lineById(tx, cartId, itemId);
        if (line === undefined) return fail('item_not_found', 'This cart has no item with this id.');
        const short = stockRefusal(line.sku, quantity, line.quantity, availableNow);
        if (short !== undefined) return short;
        await store.setQuantity(tx, cartId, itemId, quantity);
        await store.touchCart(tx, cartId, now, expiresAt);
        return ok(await loadCart(deps, tx, cartId));
      },
      transactionOptions,
    );
  }

  async function removeItem(cartId: string, caller: CallerId, itemId: string): Promise<Result<Cart, RemoveItemCode>> {
    return inResultTransaction(
      db,
      async (tx) => {
        const { now, expiresAt } = writeTimes(deps);
        const refused = writeRefusal(await store.lockCart(tx, cartId, now), caller);
        if (refused !== undefined) return refused;
        if (!(await store.deleteLine(tx, cartId, itemId)))
          return fail('item_not_found', 'This cart has no item with this id.');
        await store.touchCart(tx, cartId, now, expiresAt);
        return ok(await loadCart(deps, tx, cartId));
      },
      transactionOptions,
    );
  }

  return { addItem, updateItem, removeItem };
}
