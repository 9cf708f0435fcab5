import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkConfig, inventoryDefaults } from './config.ts';

describe('inventory config', () => {
  it('fills gaps with defaults', () => {
    assert.deepEqual(checkConfig({}), inventoryDefaults);
    assert.equal(checkConfig({ sweepIntervalMs: 0 }).sweepIntervalMs, 0);
  });

  it('refuses nonsense at boot', () => {
    assert.throws(() => checkConfig({ reservationTtlMs: 0 }), /reservationTtlMs/);
    assert.throws(() => checkConfig({ sweepBatchSize: 10_000 }), /sweepBatchSize/);
    assert.throws(() => checkConfig({ sweepIntervalMs: 1.5 }), /sweepIntervalMs/);
  });
});
