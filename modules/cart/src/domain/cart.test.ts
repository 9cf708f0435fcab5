import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AssertionError } from '@mercato/platform/kernel';
import {
  addRefusal,
  assertTransition,
  type CartState,
  checkOutOutcome,
  planMerge,
  reopenOutcome,
  visibleTo,
  writeRefusal,
} from './cart.ts';

const open: CartState = { id: 'cart_1', customerId: null, status: 'open', orderId: null, lineCount: 1 };
const code = (failure: { code: string } | undefined) => failure?.code;

describe('cart rules', () => {
  it('shows an anonymous cart to anyone and a customer’s cart to that customer only', () => {
    assert.equal(visibleTo(open, null), true);
    assert.equal(visibleTo(open, 'cus_a'), true);
    const owned = { ...open, customerId: 'cus_a' };
    assert.equal(visibleTo(owned, 'cus_a'), true);
    assert.equal(visibleTo(owned, 'cus_b'), false);
    assert.equal(visibleTo(owned, null), false);
    assert.equal(visibleTo(undefined, 'cus_a'), false);
  });

  it('takes writes only on an open cart the caller may see', () => {
    assert.equal(writeRefusal(open, null), undefined);
    assert.equal(code(writeRefusal({ ...open, customerId: 'cus_a' }, 'cus_b')), 'cart_not_found');
    assert.equal(
      code(writeRefusal({ ...open, status: 'checked_out', orderId: 'ord_1' }, null)),
      'cart_already_checked_out',
    );
    assert.equal(code(writeRefusal({ ...open, status: 'merged' }, null)), 'cart_merged');
  });

  it('refuses a new line beyond 50, a line beyond 999 units, and more than is available', () => {
    const base = { lineCount: 3, existingQuantity: 0, quantity: 2, available: 5, sku: 'S' };
    assert.equal(addRefusal(base), undefined);
    assert.equal(code(addRefusal({ ...base, lineCount: 50 })), 'cart_full');
    assert.equal(addRefusal({ ...base, lineCount: 50, existingQuantity: 1 }), undefined);
    assert.equal(code(addRefusal({ ...base, existingQuantity: 998, available: 5000 })), 'quantity_limit_exceeded');
    const short = addRefusal({ ...base, existingQuantity: 4 });
    assert.deepEqual(short?.details, { sku: 'S', requested: 6, available: 5 });
  });

  it('folds same variants into existing lines (capped at 999) and moves the rest', () => {
    const target = [
      { id: 'item_t1', variantId: 'var_a', quantity: 600 },
      { id: 'item_t2', variantId: 'var_b', quantity: 1 },
    ];
    const source = [
      { id: 'item_s1', variantId: 'var_a', quantity: 500 },
      { id: 'item_s2', variantId: 'var_c', quantity: 2 },
    ];
    const plan = planMerge(target, source);
    assert.deepEqual(plan, { ok: true, value: { raise: [{ id: 'item_t1', quantity: 999 }], move: ['item_s2'] } });
  });

  it('refuses a merge that would hold more than 50 lines, counting only lines that move', () => {
    const lines = (prefix: string, count: number) =>
      Array.from({ length: count }, (_, i) => ({
        id: `item_${prefix}${i}`,
        variantId: `var_${prefix}${i}`,
        quantity: 1,
      }));
    assert.equal(planMerge(lines('a', 30), lines('b', 20)).ok, true);
    assert.equal(code(planMerge(lines('a', 30), lines('b', 21)) as { code: string }), 'cart_full');
    assert.equal(planMerge(lines('a', 50), lines('a', 50)).ok, true);
  });

  it('says why a checkout did not freeze the cart, and ok for the order that already froze it', () => {
    assert.deepEqual(checkOutOutcome({ ...open, status: 'checked_out', orderId: 'ord_1' }, 'ord_1'), {
      ok: true,
      value: 'already',
    });
    assert.equal(
      code(checkOutOutcome({ ...open, status: 'checked_out', orderId: 'ord_1' }, 'ord_2') as { code: string }),
      'cart_already_checked_out',
    );
    assert.equal(code(checkOutOutcome({ ...open, lineCount: 0 }, 'ord_1') as { code: string }), 'cart_empty');
    assert.equal(code(checkOutOutcome({ ...open, status: 'merged' }, 'ord_1') as { code: string }), 'cart_merged');
    assert.equal(code(checkOutOutcome(undefined, 'ord_1') as { code: string }), 'cart_not_found');
    // Open with lines: the UPDATE lost a race and may run again.
    assert.equal(checkOutOutcome(open, 'ord_1'), undefined);
  });

  it('reopens only for the order that holds the cart, and leaves other carts as they are', () => {
    assert.deepEqual(reopenOutcome(open, 'ord_1'), { ok: true, value: 'unchanged' });
    assert.equal(
      code(reopenOutcome({ ...open, status: 'checked_out', orderId: 'ord_2' }, 'ord_1') as { code: string }),
      'cart_checked_out_by_another_order',
    );
    assert.equal(reopenOutcome({ ...open, status: 'checked_out', orderId: 'ord_1' }, 'ord_1'), undefined);
  });

  it('allows only the transitions of the table', () => {
    assertTransition('open', 'checked_out');
    assertTransition('checked_out', 'open');
    assertTransition('open', 'merged');
    assert.throws(() => assertTransition('merged', 'open'), AssertionError);
    assert.throws(() => assertTransition('checked_out', 'merged'), AssertionError);
  });
});
