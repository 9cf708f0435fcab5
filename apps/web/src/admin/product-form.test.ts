import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatOptions, parseNewProduct, parseOptions, parseProductPatch } from './product-form.ts';
import type { Product } from './types.ts';

const usd = (amount: number) => ({ amount, currency: 'USD' });

const product: Product = {
  id: 'prod_1',
  slug: 'mug',
  title: 'Mug',
  description: 'A mug.',
  price: usd(900),
  thumbnailUrl: null,
  inStock: true,
  images: [],
  categories: [{ id: 'cat_1', slug: 'kitchen', name: 'Kitchen' }],
  variants: [
    { id: 'var_1', sku: 'MUG-S', title: 'Small', options: { size: 'S' }, price: usd(900), available: 3 },
    { id: 'var_2', sku: 'MUG-L', title: 'Large', options: { size: 'L' }, price: usd(1200), available: 0 },
  ],
};

/** The edit form as the page renders it, unchanged. */
const untouched = {
  title: 'Mug',
  slug: 'mug',
  description: 'A mug.',
  categoryIds: 'cat_1',
  v_0_id: 'var_1',
  v_0_title: 'Small',
  v_0_options: 'size=S',
  v_0_price: '9.00',
  v_1_id: 'var_2',
  v_1_title: 'Large',
  v_1_options: 'size=L',
  v_1_price: '12.00',
  n_0_sku: '',
  n_0_title: '',
  n_0_options: '',
  n_0_price: '',
  n_0_stock: '',
};

describe('product forms', () => {
  it('reads options written as name=value pairs, and refuses a piece that is not one', () => {
    assert.deepEqual(parseOptions('size=M, color: Red'), { options: { size: 'M', color: 'Red' } });
    assert.deepEqual(parseOptions(''), { options: {} });
    assert.match(parseOptions('size=M, red').error ?? '', /"red" is not name=value/);
    assert.equal(formatOptions({ size: 'M', color: 'Red' }), 'size=M, color=Red');
  });

  it('builds a new product from the filled variant rows, prices in minor units', () => {
    const { value, issues } = parseNewProduct(
      {
        title: 'Tee',
        description: 'Soft.',
        currency: 'usd',
        categoryIds: ['cat_1', 'cat_2'],
        variant_0_sku: 'TEE-M',
        variant_0_title: 'M',
        variant_0_options: 'size=M',
        variant_0_price: '19.99',
        variant_0_stock: '5',
        variant_1_sku: '',
        variant_1_title: '',
        variant_1_options: '',
        variant_1_price: '',
        variant_1_stock: '',
      },
      'EUR',
    );
    assert.deepEqual(issues, []);
    assert.deepEqual(value, {
      title: 'Tee',
      description: 'Soft.',
      categoryIds: ['cat_1', 'cat_2'],
      variants: [{ sku: 'TEE-M', title: 'M', options: { size: 'M' }, price: usd(1999), initialStock: 5 }],
    });
  });

  it('names the field of a price or stock it cannot read', () => {
    const { issues } = parseNewProduct(
      {
        title: 'Tee',
        description: '',
        variant_0_sku: 'T',
        variant_0_title: 'T',
        variant_0_options: '',
        variant_0_price: 'cheap',
        variant_0_stock: '-1',
      },
      'USD',
    );
    assert.deepEqual(
      issues.map((issue) => issue.path),
      ['variant_0_price', 'variant_0_stock'],
    );
  });

  it('asks for at least one variant', () => {
    assert.equal(
      parseNewProduct({ title: 'Tee', description: '', variant_0_sku: '', variant_0_title: '' }, 'USD').issues[0]?.path,
      'variant_0_sku',
    );
  });

  it('sends nothing for an edit form sent unchanged', () => {
    assert.deepEqual(parseProductPatch(untouched, product), { value: {}, issues: [] });
  });

  it('sends only what changed: a price, the categories, a new variant', () => {
    const { value, issues } = parseProductPatch(
      {
        ...untouched,
        categoryIds: ['cat_1', 'cat_2'],
        v_1_price: '11.50',
        n_0_sku: 'MUG-XL',
        n_0_title: 'XL',
        n_0_options: 'size=XL',
        n_0_price: '14',
      },
      product,
    );
    assert.deepEqual(issues, []);
    assert.deepEqual(value, {
      categoryIds: ['cat_1', 'cat_2'],
      variants: [{ id: 'var_2', price: usd(1150) }],
      newVariants: [{ sku: 'MUG-XL', title: 'XL', options: { size: 'XL' }, price: usd(1400) }],
    });
  });

  it('clears the categories when every box is unticked', () => {
    const { categoryIds: _, ...withoutCategories } = untouched;
    assert.deepEqual(parseProductPatch(withoutCategories, product).value, { categoryIds: [] });
  });
});
