import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isTransientConflict, sqlState, uniqueViolation } from '../index.ts';

/** Errors shaped as both adapters raise them: `pg` and PGlite expose `code` and `constraint`. */
const postgresError = (code: string, constraint?: string) =>
  Object.assign(new Error('database error'), { code, ...(constraint === undefined ? {} : { constraint }) });

describe('uniqueViolation', () => {
  it('names the constraint a unique violation (23505) broke', () => {
    assert.equal(uniqueViolation(postgresError('23505', 'orders_live_per_cart')), 'orders_live_per_cart');
  });

  it('answers an empty name when the driver gave none', () => {
    assert.equal(uniqueViolation(postgresError('23505')), '');
  });

  it('answers undefined for any other error, however shaped', () => {
    for (const error of [
      postgresError('23503', 'orders_cart_fkey'),
      postgresError('40001'),
      new Error('other'),
      { code: 23505, constraint: 'numeric_code' },
      'a string',
      null,
      undefined,
    ]) {
      assert.equal(uniqueViolation(error), undefined, String(error));
    }
  });
});

describe('sqlState and isTransientConflict', () => {
  it('reads a five-character SQLSTATE and nothing else', () => {
    assert.equal(sqlState(postgresError('23505')), '23505');
    assert.equal(sqlState(Object.assign(new Error('node'), { code: 'ECONNRESET' })), undefined);
  });

  it('treats serialization failures and deadlocks as transient, nothing else', () => {
    assert.equal(isTransientConflict(postgresError('40001')), true);
    assert.equal(isTransientConflict(postgresError('40P01')), true);
    assert.equal(isTransientConflict(postgresError('23505', 'x')), false);
  });
});
