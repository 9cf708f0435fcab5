import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { averageOf, productRating } from './rating.ts';

describe('averageOf', () => {
  it('is 0 without reviews and the mean rounded half up to two decimals otherwise', () => {
    assert.equal(averageOf(0, 0), 0);
    assert.equal(averageOf(3, 13), 4.33);
    assert.equal(averageOf(3, 14), 4.67);
    assert.equal(averageOf(8, 9), 1.13);
    assert.equal(averageOf(2, 7), 3.5);
  });

  it('stays between 1 and 5 and within half a hundredth of the exact mean', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 500 }), (ratings) => {
        const sum = ratings.reduce((total, rating) => total + rating, 0);
        const average = averageOf(ratings.length, sum);
        return average >= 1 && average <= 5 && Math.abs(average - sum / ratings.length) <= 0.005 + 1e-9;
      }),
    );
  });
});

describe('productRating', () => {
  it('carries count, sum, version and the average', () => {
    assert.deepEqual(productRating({ count: 2, sum: 9, version: 7 }), { count: 2, sum: 9, average: 4.5, version: 7 });
  });
});
