import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { encodeCursor } from '@mercato/platform/kernel';
import type { ProductSort } from '../contract.ts';
import { decodeSortKeys, encodeSortKeys, keysOf } from './sort-keys.ts';

const productSorts: ProductSort[] = ['relevance', 'price_asc', 'price_desc', 'newest', 'rating'];
const row = {
  id: 'prod_1',
  createdAtMs: 1_767_225_600_000,
  price: 1999,
  ratingAverage: 4.25,
  ratingCount: 12,
  score: 60_793,
};

describe('sort keys', () => {
  it('round-trip through an opaque cursor for every sort', () => {
    for (const sort of productSorts) {
      const keys = keysOf(sort, row);
      assert.deepEqual(decodeSortKeys(sort, encodeSortKeys(keys)), keys, sort);
    }
  });
  it('refuse a cursor made for another sort', () => {
    const cursor = encodeSortKeys(keysOf('price_asc', row));
    assert.equal(decodeSortKeys('price_desc', cursor), undefined);
    assert.equal(decodeSortKeys('newest', cursor), undefined);
  });
  it('refuse garbage and keys of the wrong type or range', () => {
    assert.equal(decodeSortKeys('newest', 'garbage'), undefined);
    assert.equal(decodeSortKeys('newest', encodeCursor(['n', 'yesterday', 'prod_1'])), undefined);
    assert.equal(decodeSortKeys('price_asc', encodeCursor(['pa', -1, 'prod_1'])), undefined);
    assert.equal(decodeSortKeys('price_asc', encodeCursor(['pa', 1.5, 'prod_1'])), undefined);
    assert.equal(decodeSortKeys('rating', encodeCursor(['r', 7, 1, 'prod_1'])), undefined);
    assert.equal(decodeSortKeys('relevance', encodeCursor(['s', 1, 'prod_1', 'extra'])), undefined);
    assert.equal(decodeSortKeys('relevance', encodeCursor(['s', 1, ''])), undefined);
  });
});
