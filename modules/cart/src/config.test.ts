import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cartDefaults, checkConfig } from './config.ts';

describe('cart config', () => {
  it('fills gaps with the defaults', () => {
    assert.deepEqual(checkConfig({}), cartDefaults);
    assert.equal(checkConfig({ idleTtlMs: 3_600_000 }).idleTtlMs, 3_600_000);
  });

  it('replaces the whole tax table when one is given', () => {
    assert.deepEqual(checkConfig({ taxRatesBasisPoints: { SE: 2500 } }).taxRatesBasisPoints, { SE: 2500 });
  });

  it('refuses nonsense at boot', () => {
    assert.throws(() => checkConfig({ currency: 'usd' }), /currency/);
    assert.throws(() => checkConfig({ idleTtlMs: 0 }), /idleTtlMs/);
    assert.throws(() => checkConfig({ sweepBatchSize: 100_000 }), /sweepBatchSize/);
    assert.throws(() => checkConfig({ taxRatesBasisPoints: { de: 1900 } }), /ISO country/);
    assert.throws(() => checkConfig({ taxRatesBasisPoints: { DE: 19.5 } }), /DE/);
    assert.throws(() => checkConfig({ taxRateDefaultBasisPoints: 10_001 }), /taxRateDefaultBasisPoints/);
  });
});
