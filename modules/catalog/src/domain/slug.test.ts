import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isProductId, isValidSlug, productSlug, slugify } from './slug.ts';

describe('slugify', () => {
  it('lowercases, drops accents and joins words with hyphens', () => {
    assert.equal(slugify('Crème Brûlée  Set — 2 pieces!'), 'creme-brulee-set-2-pieces');
  });
  it('cuts at a word boundary under the length limit', () => {
    const slug = slugify('alpha beta gamma delta', 12);
    assert.equal(slug, 'alpha-beta');
  });
  it('never answers an empty or invalid slug', () => {
    for (const text of ['', '!!!', '日本語', 'Ok Go']) assert.ok(isValidSlug(slugify(text)), text);
  });
});

describe('productSlug', () => {
  it('uses the title slug when it is free', () => {
    assert.equal(
      productSlug('Blue Shirt', 'prod_01abc', () => false),
      'blue-shirt',
    );
  });
  it('adds a suffix from the id when the title slug is taken', () => {
    const slug = productSlug('Blue Shirt', 'prod_01hx2y3z4w5v', (s) => s === 'blue-shirt');
    assert.equal(slug, 'blue-shirt-2y3z4w5v');
    assert.ok(isValidSlug(slug));
  });
});

describe('isValidSlug', () => {
  it('refuses ids, uppercase, spaces and stray hyphens', () => {
    for (const slug of ['prod_123', 'Blue', 'a b', '-a', 'a-', 'a--b', ''])
      assert.equal(isValidSlug(slug), false, slug);
  });
  it('tells ids from slugs', () => {
    assert.equal(isProductId('prod_01abc'), true);
    assert.equal(isProductId('blue-shirt'), false);
  });
});
