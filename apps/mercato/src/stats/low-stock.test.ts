import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { InventoryApi, StockLevel } from '@mercato/inventory/contract';
import type { EventEnvelope } from '@mercato/platform/bus';
import { ok } from '@mercato/platform/kernel';
import { lowStockTracker } from './low-stock.ts';

function level(sku: string, locationId: string, onHand: number, reserved = 0): StockLevel {
  return { sku, locationId, onHand, reserved, available: onHand - reserved };
}

/** Pages of 100 levels in the order the inventory gives them (SKU, then location). */
function fakeInventory(levels: readonly StockLevel[]): Pick<InventoryApi, 'listLevels'> & { calls: number } {
  const fake = {
    calls: 0,
    async listLevels(input: { limit?: number; cursor?: string }) {
      fake.calls++;
      const start = Number(input.cursor ?? 0);
      const limit = input.limit ?? 20;
      return ok({
        items: levels.slice(start, start + limit),
        nextCursor: start + limit < levels.length ? String(start + limit) : null,
      });
    },
  };
  return fake;
}

function stockChanged(sku: string, available: number, occurredAt: string): EventEnvelope {
  return {
    id: `evt_${sku}_${occurredAt}`,
    type: 'inventory.stock_changed',
    version: 1,
    occurredAt,
    traceparent: null,
    data: { sku, available, onHand: available, reserved: 0, locationId: 'loc_default', locations: [] },
  };
}

const options = { threshold: 5, scanLevelsMax: 1000, entriesMax: 100 };

describe('low stock', () => {
  it('lists SKUs whose total over locations is at or below the threshold, lowest first', async () => {
    const levels = [
      level('A', 'loc_1', 3),
      level('A', 'loc_2', 4), // 7 in all: not low
      level('B', 'loc_1', 5),
      level('C', 'loc_1', 2, 2),
      level('D', 'loc_1', 50),
    ];
    const tracker = lowStockTracker(fakeInventory(levels), options);
    const { items, complete } = await tracker.list(10);
    assert.deepEqual(
      items.map((item) => [item.sku, item.available]),
      [
        ['C', 0],
        ['B', 5],
      ],
    );
    assert.equal(complete, true);
  });

  it('sums a SKU whose levels straddle two pages', async () => {
    const levels = [
      ...Array.from({ length: 99 }, (_, i) => level(`S${String(i).padStart(3, '0')}`, 'loc_1', 100)),
      level('Z', 'loc_1', 3),
      level('Z', 'loc_2', 3),
    ];
    const tracker = lowStockTracker(fakeInventory(levels), options);
    assert.deepEqual((await tracker.list(10)).items, [], 'Z has 6, above the threshold');
  });

  it('follows stock events after the scan, and ignores an event older than one applied', async () => {
    const inventory = fakeInventory([level('A', 'loc_1', 50)]);
    const tracker = lowStockTracker(inventory, options);
    await tracker.list(10);
    tracker.hear(stockChanged('A', 1, '2026-01-01T00:00:02Z'));
    tracker.hear(stockChanged('A', 40, '2026-01-01T00:00:01Z')); // late, stale
    assert.deepEqual(
      (await tracker.list(10)).items.map((item) => item.available),
      [1],
    );
    tracker.hear(stockChanged('A', 30, '2026-01-01T00:00:03Z'));
    assert.deepEqual((await tracker.list(10)).items, []);
    assert.equal(inventory.calls, 1, 'the levels are scanned once');
  });

  it('prefers what an event said over the scan of the same SKU', async () => {
    const tracker = lowStockTracker(fakeInventory([level('A', 'loc_1', 2)]), options);
    tracker.hear(stockChanged('A', 20, '2026-01-01T00:00:00Z'));
    assert.deepEqual((await tracker.list(10)).items, []);
  });

  it('keeps the lowest SKUs when more are low than it may hold, and says a cut scan is incomplete', async () => {
    const levels = Array.from({ length: 300 }, (_, i) => level(`S${String(i).padStart(3, '0')}`, 'loc_1', i % 6));
    const tracker = lowStockTracker(fakeInventory(levels), { threshold: 5, scanLevelsMax: 200, entriesMax: 10 });
    const { items, complete } = await tracker.list(100);
    assert.equal(complete, false);
    assert.equal(items.length, 10);
    assert.ok(items.every((item) => item.available === 0));
  });
});
