import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { orderStatuses, type OrderStatus } from '../contract.ts';
import { canTransition, checkTransition, orderTransitions } from './order-status.ts';

/** The allowed changes, written out once more by hand: the table must say exactly this. */
const allowed = new Set([
  'pending→placed',
  'pending→failed',
  'placed→fulfilled',
  'placed→cancelled',
  'fulfilled→delivered',
  'fulfilled→partially_refunded',
  'fulfilled→refunded',
  'delivered→partially_refunded',
  'delivered→refunded',
  'partially_refunded→partially_refunded',
  'partially_refunded→refunded',
]);

describe('order status transitions', () => {
  it('name every status, and only statuses, as sources and targets', () => {
    assert.deepEqual(Object.keys(orderTransitions).sort(), [...orderStatuses].sort());
    for (const targets of Object.values(orderTransitions)) {
      for (const target of targets) assert.ok(orderStatuses.includes(target), target);
    }
  });

  it('allow exactly the listed changes and refuse every other pair', () => {
    for (const from of orderStatuses) {
      for (const to of orderStatuses) {
        assert.equal(canTransition(from, to), allowed.has(`${from}→${to}`), `${from} → ${to}`);
      }
    }
  });

  it("answer a refusal with the caller's code and the current status, never a silent no-op", () => {
    const refused = checkTransition('fulfilled', 'cancelled', 'order_not_cancellable');
    assert.equal(refused.ok, false);
    assert.ok(!refused.ok && refused.code === 'order_not_cancellable' && refused.details?.['status'] === 'fulfilled');
    assert.deepEqual(checkTransition('placed', 'cancelled', 'order_not_cancellable'), {
      ok: true,
      value: { from: 'placed', to: 'cancelled' },
    });
  });

  it('keep final statuses final', () => {
    const finals: OrderStatus[] = ['failed', 'cancelled', 'refunded'];
    for (const from of finals)
      for (const to of orderStatuses) assert.equal(canTransition(from, to), false, `${from} → ${to}`);
  });

  it('refuse cancelling an order once it is fulfilled, delivered or refunded', () => {
    for (const from of ['fulfilled', 'delivered', 'partially_refunded', 'refunded'] as const) {
      assert.equal(checkTransition(from, 'cancelled', 'order_not_cancellable').ok, false, from);
    }
  });
});
