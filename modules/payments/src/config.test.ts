import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parsePaymentsConfig, paymentsDefaults } from './config.ts';

describe('parsePaymentsConfig', () => {
  it('fills the gaps with defaults: the test provider, tok_slow at 2 s', () => {
    assert.deepEqual(parsePaymentsConfig({}), paymentsDefaults);
    assert.equal(parsePaymentsConfig(undefined).testProvider.slowDelayMs, 2000);
    assert.equal(parsePaymentsConfig({ testProvider: { slowDelayMs: 5 } }).amountMax, paymentsDefaults.amountMax);
  });

  it('refuses an unknown provider, a negative delay and a non-positive amount limit', () => {
    assert.throws(() => parsePaymentsConfig({ provider: 'stripe' as 'test' }), /provider/);
    assert.throws(() => parsePaymentsConfig({ testProvider: { slowDelayMs: -1 } }), /slowDelayMs/);
    assert.throws(() => parsePaymentsConfig({ amountMax: 0 }), /amountMax/);
  });
});
