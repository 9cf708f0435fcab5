import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { level, stockEvents } from './stock.ts';

const at = (onHand: number, reserved: number) => [level('SKU', 'loc_default', onHand, reserved)];

function types(onHand: number, reserved: number, availableDelta: number, opened = false): string[] {
  return stockEvents({
    sku: 'SKU',
    totals: { onHand, reserved },
    availableDelta,
    locations: at(onHand, reserved),
    opened,
  }).map((event) => event.type);
}

describe('stockEvents', () => {
  it('always publishes stock_changed with the totals', () => {
    const [changed] = stockEvents({
      sku: 'SKU',
      totals: { onHand: 5, reserved: 2 },
      availableDelta: -1,
      locations: at(5, 2),
    });
    assert.deepEqual(changed?.data, {
      sku: 'SKU',
      available: 3,
      onHand: 5,
      reserved: 2,
      locationId: 'loc_default',
      locations: at(5, 2),
    });
  });

  it('adds out_of_stock when the total available reaches 0, and only then', () => {
    assert.deepEqual(types(5, 5, -1), ['inventory.stock_changed', 'inventory.out_of_stock']);
    assert.deepEqual(types(5, 4, -1), ['inventory.stock_changed']);
    // A commit at 0 moves onHand and reserved together: still 0, no new transition.
    assert.deepEqual(types(0, 0, 0), ['inventory.stock_changed']);
  });

  it('adds back_in_stock when the total available rises from 0, but not for a SKU just opened', () => {
    assert.deepEqual(types(5, 4, 1), ['inventory.stock_changed', 'inventory.back_in_stock']);
    assert.deepEqual(types(5, 3, 1), ['inventory.stock_changed']);
    assert.deepEqual(types(5, 0, 5, true), ['inventory.stock_changed']);
  });
});
