import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseInventoryConfig, inventoryDefaults } from './config.ts';

describe('inventory config', () => {
  it('fills gaps with defaults', () => {
    assert.deepEqual(parseInventoryConfig({}), inventoryDefaults);
    assert.equal(parseInventoryConfig({ sweepIntervalMs: 0 }).sweepIntervalMs, 0);
  });

  it('refuses nonsense at boot', () => {
    assert.throws(() => parseInventoryConfig({ reservationTtlMs: 0 }), /reservationTtlMs/);
    assert.throws(() => parseInventoryConfig({ sweepBatchSize: 10_000 }), /sweepBatchSize/);
    assert.throws(() => parseInventoryConfig({ sweepIntervalMs: 1.5 }), /sweepIntervalMs/);
  });
});
