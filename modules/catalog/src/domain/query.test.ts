import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { facetsKey, filtersOf, normalizeQuery, pageKey, searchTerms, tsqueryText } from './query.ts';

describe('searchTerms', () => {
  it('lowercases, drops accents and punctuation, and dedupes', () => {
    assert.deepEqual(searchTerms('  Blue  T-Shirt, blue CAFÉ! '), ['blue', 't', 'shirt', 'cafe']);
  });
  it('keeps only letters and digits, so operators never reach the tsquery', () => {
    assert.deepEqual(searchTerms("a & b | !c:* 'd' <-> (e)"), ['a', 'b', 'c', 'd', 'e']);
  });
  it('bounds the number and length of terms', () => {
    assert.equal(searchTerms('a b c d e f g h i j k').length, 8);
    assert.equal(searchTerms('x'.repeat(100))[0]?.length, 40);
  });
});

describe('normalizeQuery', () => {
  it('sorts by relevance when there are words and by newest otherwise', () => {
    assert.equal(normalizeQuery({ q: 'shirt' }).sort, 'relevance');
    assert.equal(normalizeQuery({}).sort, 'newest');
    assert.equal(normalizeQuery({ q: '  !! ', sort: 'relevance' }).sort, 'newest');
    assert.equal(normalizeQuery({ q: 'shirt', sort: 'price_asc' }).sort, 'price_asc');
  });
  it('clamps the page size and treats empty values as absent', () => {
    assert.equal(normalizeQuery({ limit: 1000 }).limit, 100);
    assert.equal(normalizeQuery({ limit: 0 }).limit, 1);
    assert.equal(normalizeQuery({}).limit, 20);
    assert.equal(normalizeQuery({ category: '', cursor: '' }).category, null);
    assert.equal(normalizeQuery({ cursor: '' }).cursor, null);
  });
  it('gives equivalent queries one cache key', () => {
    const a = normalizeQuery({ q: 'Blue  shirt', category: 'Clothing', inStock: false });
    const b = normalizeQuery({ q: 'blue shirt!', category: 'clothing', sort: 'relevance', limit: 20 });
    assert.equal(pageKey(a), pageKey(b));
    assert.notEqual(pageKey(a), pageKey({ ...a, cursor: 'x' }));
  });
  it('shares facets across pages and sorts but not across filters', () => {
    const first = normalizeQuery({ q: 'shirt' });
    const later = normalizeQuery({ q: 'shirt', sort: 'price_desc', cursor: 'abc', limit: 5 });
    assert.equal(facetsKey(filtersOf(first)), facetsKey(filtersOf(later)));
    assert.notEqual(facetsKey(filtersOf(first)), facetsKey(filtersOf(normalizeQuery({ q: 'shirt', inStock: true }))));
  });
});

describe('tsqueryText', () => {
  it('requires every term, as itself or a correction, as prefixes', () => {
    const corrections = new Map([
      ['hedphones', ['headphones']],
      ['blu', ['blue', 'blu']],
    ]);
    assert.equal(
      tsqueryText(['hedphones', 'blu', 'x'], corrections),
      '(hedphones:* | headphones:*) & (blu:* | blue:*) & x:*',
    );
  });
  it('drops anything that is not a plain word', () => {
    assert.equal(tsqueryText(['ok', 'a&b'], new Map([['ok', ["x'y", 'fine']]])), '(ok:* | fine:*)');
  });
});
