import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { countDelta, invalidReview, moderationTransitions } from './review.ts';

describe('invalidReview', () => {
  it('accepts a rating of 1 to 5 with a title and a body that may be empty', () => {
    assert.equal(invalidReview({ rating: 1, title: 'Fine', body: '' }), undefined);
    assert.equal(invalidReview({ rating: 5, title: 'x'.repeat(200), body: 'y'.repeat(5000) }), undefined);
  });

  it('refuses ratings outside 1 to 5 or not whole, blank or long titles, and long bodies', () => {
    for (const rating of [0, 6, 2.5, Number.NaN])
      assert.match(invalidReview({ rating, title: 'T', body: '' }) ?? '', /rating/);
    for (const title of ['', '   ', 'x'.repeat(201)])
      assert.match(invalidReview({ rating: 3, title, body: '' }) ?? '', /title/);
    assert.match(invalidReview({ rating: 3, title: 'T', body: 'y'.repeat(5001) }) ?? '', /body/);
  });
});

describe('moderationTransitions', () => {
  it('hide moves visible to hidden and restore the reverse, each removing or adding the rating', () => {
    assert.deepEqual([moderationTransitions.hide.from, moderationTransitions.hide.to], ['visible', 'hidden']);
    assert.deepEqual([moderationTransitions.restore.from, moderationTransitions.restore.to], ['hidden', 'visible']);
    assert.equal(countDelta(moderationTransitions.hide.to), -1);
    assert.equal(countDelta(moderationTransitions.restore.to), 1);
  });
});
