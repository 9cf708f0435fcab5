import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { encodeCursor } from '@mercato/platform/kernel';
import { decodeReviewCursor, encodeReviewCursor } from './cursor.ts';

describe('review cursors', () => {
  it('decode what they encode', () => {
    const keys = { createdAtMs: 1_767_225_600_123, id: 'rev_01jh0000000000000000000000' };
    assert.deepEqual(decodeReviewCursor(encodeReviewCursor(keys)), keys);
  });

  it('refuse cursors this module did not make', () => {
    const foreign = [
      encodeCursor(['x', 'rev_1']),
      encodeCursor([1, 'prod_1']),
      encodeCursor([-1, 'rev_1']),
      encodeCursor([1, 'rev_1', 2]),
    ];
    for (const cursor of ['', 'abc', ...foreign]) assert.equal(decodeReviewCursor(cursor), undefined, cursor);
  });
});
