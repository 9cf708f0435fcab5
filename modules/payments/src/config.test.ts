import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkPaymentsConfig, paymentsDefaults } from './config.ts';

describe('checkPaymentsConfig', () => {
  it('fills the gaps with defaults: the test provider, tok_slow at 2 s', () => {
    assert.deepEqual(checkPaymentsConfig({}), paymentsDefaults);
    assert.equal(checkPaymentsConfig(undefined).testProvider.slowDelayMs, 2000);
    assert.equal(checkPaymentsConfig({ testProvider: { slowDelayMs: 5 } }).amountMax, paymentsDefaults.amountMax);
  });

  it('refuses an unknown provider, a negative delay and a non-positive amount limit', () => {
    assert.throws(() => checkPaymentsConfig({ provider: 'stripe' as 'test' }), /provider/);
    assert.throws(() => checkPaymentsConfig({ testProvider: { slowDelayMs: -1 } }), /slowDelayMs/);
    assert.throws(() => checkPaymentsConfig({ amountMax: 0 }), /amountMax/);
  });
});
