import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { anythingReturnable, completesOrder, type LineState, planFulfillment, planReturn } from './quantities.ts';

const lines: LineState[] = [
  { id: 'oi_a', sku: 'A', quantity: 3, fulfilled: 1, returned: 0 },
  { id: 'oi_b', sku: 'B', quantity: 2, fulfilled: 2, returned: 1 },
];

describe('planFulfillment', () => {
  it('ships everything left when no items are named', () => {
    assert.deepEqual(planFulfillment(lines, undefined), {
      ok: true,
      value: [{ orderItemId: 'oi_a', sku: 'A', quantity: 2 }],
    });
  });

  it('answers fulfillment_exceeds_remaining with every line asked beyond what is left', () => {
    const result = planFulfillment(lines, [
      { orderItemId: 'oi_a', quantity: 3 },
      { orderItemId: 'oi_b', quantity: 1 },
    ]);
    assert.equal(!result.ok && result.code, 'fulfillment_exceeds_remaining');
    assert.deepEqual(!result.ok && result.details, {
      items: [
        { orderItemId: 'oi_a', requested: 3, available: 2 },
        { orderItemId: 'oi_b', requested: 1, available: 0 },
      ],
    });
  });

  it('refuses unknown, repeated and empty item lists as invalid_items', () => {
    for (const items of [
      [],
      [{ orderItemId: 'oi_x', quantity: 1 }],
      [
        { orderItemId: 'oi_a', quantity: 1 },
        { orderItemId: 'oi_a', quantity: 1 },
      ],
    ]) {
      const result = planFulfillment(lines, items);
      assert.equal(!result.ok && result.code, 'invalid_items', JSON.stringify(items));
    }
  });

  it('knows when a parcel completes the order', () => {
    assert.equal(completesOrder(lines, [{ orderItemId: 'oi_a', sku: 'A', quantity: 2 }]), true);
    assert.equal(completesOrder(lines, [{ orderItemId: 'oi_a', sku: 'A', quantity: 1 }]), false);
  });

  it('never plans more than is left, and parcels planned one after another add up to the order (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 4 }),
        fc.array(fc.nat(), { maxLength: 12 }),
        (quantities, picks) => {
          let state: LineState[] = quantities.map((quantity, index) => ({
            id: `oi_${index}`,
            sku: `S${index}`,
            quantity,
            fulfilled: 0,
            returned: 0,
          }));
          for (const pick of picks) {
            const line = state[pick % state.length]!;
            const result = planFulfillment(state, [{ orderItemId: line.id, quantity: 1 + (pick % 3) }]);
            if (!result.ok) continue;
            state = state.map((candidate) => ({
              ...candidate,
              fulfilled:
                candidate.fulfilled +
                (result.value.find((planned) => planned.orderItemId === candidate.id)?.quantity ?? 0),
            }));
            assert.ok(state.every((candidate) => candidate.fulfilled <= candidate.quantity));
          }
          const rest = planFulfillment(state, undefined);
          if (rest.ok) assert.ok(completesOrder(state, rest.value));
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('planReturn', () => {
  it('allows only shipped units not yet returned', () => {
    assert.deepEqual(planReturn(lines, [{ orderItemId: 'oi_b', quantity: 1 }]), {
      ok: true,
      value: [{ orderItemId: 'oi_b', sku: 'B', quantity: 1 }],
    });
    const over = planReturn(lines, [{ orderItemId: 'oi_b', quantity: 2 }]);
    assert.equal(!over.ok && over.code, 'return_exceeds_delivered');
    assert.deepEqual(!over.ok && over.details, { items: [{ orderItemId: 'oi_b', requested: 2, available: 1 }] });
    assert.equal(anythingReturnable(lines), true);
    assert.equal(anythingReturnable([{ id: 'oi_c', sku: 'C', quantity: 1, fulfilled: 1, returned: 1 }]), false);
  });
});
