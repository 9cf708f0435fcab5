import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { canMove, normalizeLines, planCommit, planSpread } from './reservation.ts';

describe('normalizeLines', () => {
  it('adds up lines of the same SKU and sorts by SKU in code-point order', () => {
    assert.deepEqual(
      normalizeLines([
        { sku: 'b', quantity: 1 },
        { sku: 'B', quantity: 2 },
        { sku: 'b', quantity: 3 },
      ]),
      [
        { sku: 'B', quantity: 2 },
        { sku: 'b', quantity: 4 },
      ],
    );
  });

  it('refuses empty requests, bad SKUs and quantities outside 1..1,000,000', () => {
    for (const lines of [
      [],
      [{ sku: '', quantity: 1 }],
      [{ sku: 'A', quantity: 0 }],
      [{ sku: 'A', quantity: 1.5 }],
      [{ sku: 'A', quantity: 1_000_001 }],
    ]) {
      assert.equal(typeof normalizeLines(lines), 'string', JSON.stringify(lines));
    }
    assert.equal(
      typeof normalizeLines(Array.from({ length: 101 }, (_, index) => ({ sku: `S${index}`, quantity: 1 }))),
      'string',
    );
  });
});

describe('planSpread', () => {
  it('takes from the location with most available first and answers takes in location order', () => {
    const plan = planSpread(
      [
        { locationId: 'loc_a', available: 2 },
        { locationId: 'loc_b', available: 5 },
        { locationId: 'loc_c', available: 3 },
      ],
      7,
    );
    assert.deepEqual(plan, [
      { locationId: 'loc_b', quantity: 5 },
      { locationId: 'loc_c', quantity: 2 },
    ]);
  });

  it('answers undefined when the locations together hold too little', () => {
    assert.equal(planSpread([{ locationId: 'loc_a', available: 2 }], 3), undefined);
  });

  it('always takes exactly the quantity, never more than a location has (property)', () => {
    const locations = fc.uniqueArray(
      fc.record({ locationId: fc.stringMatching(/^loc_[a-z]{1,3}$/), available: fc.nat(50) }),
      {
        selector: (location) => location.locationId,
        maxLength: 6,
      },
    );
    fc.assert(
      fc.property(locations, fc.integer({ min: 1, max: 200 }), (levels, quantity) => {
        const plan = planSpread(levels, quantity);
        const total = levels.reduce((sum, level) => sum + level.available, 0);
        if (plan === undefined) return total < quantity;
        const byId = new Map(levels.map((level) => [level.locationId, level.available]));
        return (
          plan.reduce((sum, take) => sum + take.quantity, 0) === quantity &&
          plan.every((take) => take.quantity > 0 && take.quantity <= (byId.get(take.locationId) ?? 0))
        );
      }),
    );
  });
});

describe('reservation transitions', () => {
  it('moves active to committed or released, and nothing out of committed or released', () => {
    assert.ok(canMove('active', 'committed'));
    assert.ok(canMove('active', 'released'));
    assert.ok(!canMove('committed', 'released'));
    assert.ok(!canMove('released', 'active'));
    assert.ok(!canMove('released', 'committed'));
  });
});

describe('planCommit', () => {
  const held = [
    { sku: 'MUG', locationId: 'loc_b', quantity: 2, committed: 0 },
    { sku: 'MUG', locationId: 'loc_a', quantity: 3, committed: 1 },
    { sku: 'CUP', locationId: 'loc_a', quantity: 1, committed: 1 },
  ];

  it('takes the uncommitted units in location order, across locations when one holds too few', () => {
    assert.deepEqual(planCommit(held, [{ sku: 'MUG', quantity: 3 }]), {
      ok: true,
      takes: [
        { sku: 'MUG', locationId: 'loc_a', quantity: 2 },
        { sku: 'MUG', locationId: 'loc_b', quantity: 1 },
      ],
    });
  });

  it('answers every SKU whose uncommitted units fall short', () => {
    assert.deepEqual(
      planCommit(held, [
        { sku: 'CUP', quantity: 1 },
        { sku: 'MUG', quantity: 5 },
        { sku: 'NOPE', quantity: 1 },
      ]),
      {
        ok: false,
        short: [
          { sku: 'CUP', requested: 1, reserved: 0 },
          { sku: 'MUG', requested: 5, reserved: 4 },
          { sku: 'NOPE', requested: 1, reserved: 0 },
        ],
      },
    );
  });
});
