import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AssertionError } from './assert.ts';
import { manualClock } from './clock.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { idGenerator, sequentialIds } from './ids.ts';
import { addMoney, money, multiplyMoney } from './money.ts';
import { fail, ok } from './result.ts';

describe('ids', () => {
  it('carries the prefix and sorts by creation time', () => {
    const clock = manualClock();
    const ids = idGenerator(clock);
    const first = ids.next('prod');
    clock.advance(1);
    const second = ids.next('prod');
    assert.match(first, /^prod_[0-9a-z]{26}$/);
    assert.ok(first < second);
  });
  it('refuses a prefix that is not lowercase letters', () => {
    assert.throws(() => sequentialIds().next('Prod'), AssertionError);
  });
  it('hands out random bytes of the size asked, and refuses sizes out of bounds', () => {
    const ids = idGenerator(manualClock());
    const first = ids.random(32);
    assert.equal(first.length, 32);
    assert.notDeepEqual(ids.random(32), first);
    assert.throws(() => ids.random(0), AssertionError);
    assert.throws(() => ids.random(1025), AssertionError);
  });
  it('sequential ids repeat their random bytes from the same start, without shifting the ids', () => {
    const one = sequentialIds();
    const other = sequentialIds();
    const first = one.random(40);
    assert.deepEqual(other.random(40), first);
    assert.notDeepEqual(one.random(40), first);
    assert.equal(one.next('prod'), 'prod_000000000001');
    assert.equal(one.random(33).length, 33);
  });
});

describe('money', () => {
  it('adds and multiplies in minor units', () => {
    assert.deepEqual(addMoney(money(150, 'USD'), money(250, 'USD')), { amount: 400, currency: 'USD' });
    assert.deepEqual(multiplyMoney(money(199, 'USD'), 3), { amount: 597, currency: 'USD' });
  });
  it('refuses floats and mixed currencies', () => {
    assert.throws(() => money(1.5, 'USD'), AssertionError);
    assert.throws(() => addMoney(money(1, 'USD'), money(1, 'EUR')), AssertionError);
  });
});

describe('cursor', () => {
  it('round-trips sort keys', () => {
    assert.deepEqual(decodeCursor(encodeCursor([1999, 'prod_1', null])), [1999, 'prod_1', null]);
  });
  it('answers undefined for garbage instead of throwing', () => {
    assert.equal(decodeCursor('not base64 json!'), undefined);
    assert.equal(decodeCursor(Buffer.from('{"a":1}').toString('base64url')), undefined);
  });
});

describe('result', () => {
  it('builds successes and failures', () => {
    assert.deepEqual(ok(1), { ok: true, value: 1 });
    assert.deepEqual(fail('product_not_found', 'No such product.'), {
      ok: false,
      code: 'product_not_found',
      message: 'No such product.',
    });
  });
});
