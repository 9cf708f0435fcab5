import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cartDefaults, parseCartConfig } from './config.ts';

describe('cart config', () => {
  it('fills gaps with the defaults', () => {
    assert.deepEqual(parseCartConfig({}), cartDefaults);
    assert.equal(parseCartConfig({ idleTtlMs: 3_600_000 }).idleTtlMs, 3_600_000);
  });

  it('replaces the whole tax table when one is given', () => {
    assert.deepEqual(parseCartConfig({ taxRatesBasisPoints: { SE: 2500 } }).taxRatesBasisPoints, { SE: 2500 });
  });

  it('refuses nonsense at boot', () => {
    assert.throws(() => parseCartConfig({ currency: 'usd' }), /currency/);
    assert.throws(() => parseCartConfig({ idleTtlMs: 0 }), /idleTtlMs/);
    assert.throws(() => parseCartConfig({ sweepBatchSize: 100_000 }), /sweepBatchSize/);
    assert.throws(() => parseCartConfig({ taxRatesBasisPoints: { de: 1900 } }), /ISO country/);
    assert.throws(() => parseCartConfig({ taxRatesBasisPoints: { DE: 19.5 } }), /DE/);
    assert.throws(() => parseCartConfig({ taxRateDefaultBasisPoints: 10_001 }), /taxRateDefaultBasisPoints/);
  });
});
