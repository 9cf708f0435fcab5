import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseReviewsConfig } from './config.ts';

describe('reviews config', () => {
  it('is empty, and refuses any setting at boot rather than ignoring it', () => {
    assert.deepEqual(parseReviewsConfig({}), {});
    assert.deepEqual(parseReviewsConfig(undefined), {});
    assert.throws(() => parseReviewsConfig({ pageSize: 10 }), /reviews\.pageSize is not a setting/);
  });
});
