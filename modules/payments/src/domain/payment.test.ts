import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { paymentStatuses } from '../contract.ts';
import {
  canTransition,
  isValidAmount,
  isValidKey,
  paymentTransitions,
  sourcesOf,
  statusAfterRefund,
} from './payment.ts';

describe('payment state machine', () => {
  it('lists every status, and terminal ones lead nowhere', () => {
    assert.deepEqual(Object.keys(paymentTransitions).sort(), [...paymentStatuses].sort());
    for (const terminal of ['refunded', 'voided', 'failed'] as const)
      assert.deepEqual(paymentTransitions[terminal], []);
  });

  it('captures or voids only an authorization', () => {
    assert.deepEqual(sourcesOf('captured'), ['authorized']);
    assert.deepEqual(sourcesOf('voided'), ['authorized']);
  });

  it('refuses to void after capture', () => {
    assert.equal(canTransition('captured', 'voided'), false);
  });

  it('refunds only what was captured, partially until it is all refunded', () => {
    assert.deepEqual(sourcesOf('partially_refunded', 'refunded').sort(), ['captured', 'partially_refunded']);
    assert.equal(statusAfterRefund(1000, 400), 'partially_refunded');
    assert.equal(statusAfterRefund(1000, 1000), 'refunded');
  });
});

describe('amounts and keys', () => {
  it('accepts positive integer minor units within the limit and currency', () => {
    assert.equal(isValidAmount({ amount: 1, currency: 'USD' }, 100), true);
    assert.equal(isValidAmount({ amount: 100, currency: 'USD' }, 100, 'USD'), true);
  });

  it('refuses zero, negatives, fractions, amounts over the limit and another currency', () => {
    assert.equal(isValidAmount({ amount: 0, currency: 'USD' }, 100), false);
    assert.equal(isValidAmount({ amount: -5, currency: 'USD' }, 100), false);
    assert.equal(isValidAmount({ amount: 1.5, currency: 'USD' }, 100), false);
    assert.equal(isValidAmount({ amount: 101, currency: 'USD' }, 100), false);
    assert.equal(isValidAmount({ amount: 10, currency: 'EUR' }, 100, 'USD'), false);
    assert.equal(isValidAmount({ amount: 10, currency: 'usd' }, 100), false);
  });

  it('takes idempotency keys of 1 to 255 characters', () => {
    assert.equal(isValidKey('ord_1:authorize'), true);
    assert.equal(isValidKey(''), false);
    assert.equal(isValidKey('k'.repeat(256)), false);
  });
});
