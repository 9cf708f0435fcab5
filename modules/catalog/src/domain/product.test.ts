import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { NewProduct } from '../contract.ts';
import { categoryIssues, newProductIssues, patchIssues } from './product.ts';

const valid: NewProduct = {
  title: 'Blue Shirt',
  description: 'Cotton.',
  variants: [
    {
      sku: 'SHIRT-BLUE-M',
      title: 'M',
      options: { size: 'M' },
      price: { amount: 1999, currency: 'USD' },
      initialStock: 5,
    },
  ],
};

function paths(issues: { path: string }[]): string[] {
  return issues.map((issue) => issue.path);
}

describe('newProductIssues', () => {
  it('accepts a well-formed product', () => {
    assert.deepEqual(newProductIssues(valid, 'USD'), []);
  });
  it('names each bad field', () => {
    const input: NewProduct = {
      title: ' ',
      slug: 'Not A Slug',
      description: 'x',
      variants: [
        { sku: 'bad sku', title: 'a', options: {}, price: { amount: -1, currency: 'EUR' }, initialStock: 1.5 },
        { sku: 'bad sku', title: 'b', options: {}, price: { amount: 1, currency: 'USD' } },
      ],
    };
    assert.deepEqual(paths(newProductIssues(input, 'USD')), [
      'title',
      'slug',
      'variants[0].sku',
      'variants[0].price.amount',
      'variants[0].price.currency',
      'variants[0].initialStock',
      'variants[1].sku',
      'variants[1].sku',
    ]);
  });
  it('requires at least one variant', () => {
    assert.deepEqual(paths(newProductIssues({ ...valid, variants: [] }, 'USD')), ['variants']);
  });
});

describe('patchIssues', () => {
  it('checks only the fields present', () => {
    assert.deepEqual(patchIssues({ title: 'New title' }, 'USD'), []);
    assert.deepEqual(
      paths(patchIssues({ variants: [{ id: 'var_1', price: { amount: 1.5, currency: 'USD' } }] }, 'USD')),
      ['variants[0].price.amount'],
    );
  });
  it('refuses naming one variant twice', () => {
    assert.deepEqual(paths(patchIssues({ variants: [{ id: 'var_1' }, { id: 'var_1' }] }, 'USD')), ['variants']);
  });
});

describe('categoryIssues', () => {
  it('refuses a bad slug and an empty name', () => {
    assert.deepEqual(paths(categoryIssues({ slug: 'Audio!', name: '' })), ['slug', 'name']);
    assert.deepEqual(categoryIssues({ slug: 'audio', name: 'Audio', parentId: null, position: 2 }), []);
  });
});
