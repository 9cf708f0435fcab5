import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createDemoCatalog, type DemoProduct, demoCategories, priceCents } from './demo-catalog.ts';
import { affinePermutation, createRandom, mulberry32 } from './prng.ts';
import { buildTitleSlots, romanNumeral, slugify, titleFor } from './titles.ts';
import { departments } from './taxonomy/index.ts';

const sampleSize = 20_000;

function generate(count: number, seed: number): DemoProduct[] {
  const products: DemoProduct[] = [];
  for (const batch of createDemoCatalog({ seed }).batches(count, 1000)) products.push(...batch);
  return products;
}

// One shared sample keeps the suite fast; the tests below only read it.
const sample = generate(sampleSize, 42);
const variants = sample.flatMap((product) => product.variants);

describe('demo catalog › determinism', () => {
  test('the same seed gives identical first and last products', () => {
    const again = createDemoCatalog({ seed: 42 });
    assert.deepEqual(again.productAt(0), sample[0]);
    assert.deepEqual(again.productAt(sampleSize - 1), sample[sampleSize - 1]);
  });

  test('a product is the same whether generated alone or in a batch of any size', () => {
    const catalog = createDemoCatalog({ seed: 42 });
    const [, , third] = [...catalog.batches(3, 1)].flat();
    assert.deepEqual(createDemoCatalog({ seed: 42 }).productAt(2), third);
    assert.deepEqual(catalog.productAt(12_345), sample[12_345]);
  });

  test('another seed gives another catalog', () => {
    const other = createDemoCatalog({ seed: 43 });
    assert.notEqual(other.productAt(0).title, sample[0]!.title);
    assert.notDeepEqual(other.productAt(1).variants, sample[1]!.variants);
  });
});

describe('demo catalog › categories', () => {
  const categories = demoCategories();
  const departmentsOnly = categories.filter((category) => category.parentSlug === null);

  test('has at least ten top-level categories, each with two to four children', () => {
    assert.ok(departmentsOnly.length >= 10, `only ${departmentsOnly.length} departments`);
    for (const department of departmentsOnly) {
      const children = categories.filter((category) => category.parentSlug === department.slug);
      assert.ok(children.length >= 2 && children.length <= 4, `${department.slug} has ${children.length} children`);
    }
  });

  test('lists parents before children, with unique valid slugs', () => {
    const seen = new Set<string>();
    for (const category of categories) {
      if (category.parentSlug !== null) assert.ok(seen.has(category.parentSlug), `${category.slug} before its parent`);
      assert.ok(!seen.has(category.slug), `duplicate category slug ${category.slug}`);
      assert.match(category.slug, /^[a-z0-9]+(?:-[a-z0-9]+)*$/);
      seen.add(category.slug);
    }
  });

  test('every product belongs to a leaf category', () => {
    const leaves = new Set(
      categories.filter((category) => category.parentSlug !== null).map((category) => category.slug),
    );
    for (const product of sample) assert.ok(leaves.has(product.categorySlug), product.categorySlug);
    const used = new Set(sample.map((product) => product.categorySlug));
    assert.equal(used.size, leaves.size, 'every leaf category gets products');
  });
});

describe('demo catalog › products', () => {
  test(`titles, slugs and SKUs are unique over ${sampleSize} products`, () => {
    assert.equal(new Set(sample.map((product) => product.title)).size, sampleSize);
    assert.equal(new Set(sample.map((product) => product.slug)).size, sampleSize);
    assert.equal(new Set(variants.map((variant) => variant.sku)).size, variants.length);
  });

  test('slugs and SKUs are valid for the catalog', () => {
    for (const product of sample) {
      assert.match(product.slug, /^[a-z0-9]+(?:-[a-z0-9]+)*$/);
      assert.ok(product.slug.length <= 120 && product.title.length <= 200, product.title);
    }
    for (const variant of variants) assert.match(variant.sku, /^[A-Z]{3}-\d{7}-\d{2}$/);
  });

  test('has about three variants per product, two to four each, with distinct options', () => {
    const average = variants.length / sampleSize;
    assert.ok(average > 2.8 && average < 3.2, `average ${average}`);
    for (const product of sample) {
      assert.ok(product.variants.length >= 2 && product.variants.length <= 4);
      const titles = product.variants.map((variant) => variant.title);
      assert.equal(new Set(titles).size, titles.length, `repeated option values in ${product.title}`);
    }
  });

  test('prices are positive integers of US cents ending in .99 or .00', () => {
    for (const variant of variants) {
      assert.equal(variant.price.currency, 'USD');
      assert.ok(Number.isSafeInteger(variant.price.amount) && variant.price.amount > 0, String(variant.price.amount));
      assert.ok([99, 0].includes(variant.price.amount % 100), String(variant.price.amount));
    }
  });

  test('prices fit the category: phones cost more than puzzles', () => {
    const median = (slug: string) => {
      const amounts = sample.filter((p) => p.categorySlug === slug).map((p) => p.variants[0]!.price.amount);
      return amounts.sort((a, b) => a - b)[Math.floor(amounts.length / 2)]!;
    };
    assert.ok(median('smartphones') > 5 * median('puzzles'));
  });

  test('stock is mostly 5 to 200, with some variants sold out', () => {
    const stocks = variants.map((variant) => variant.initialStock);
    assert.ok(stocks.every((stock) => Number.isSafeInteger(stock) && stock >= 0 && stock <= 200));
    const soldOut = stocks.filter((stock) => stock === 0).length / stocks.length;
    const usual = stocks.filter((stock) => stock >= 5).length / stocks.length;
    assert.ok(soldOut > 0.03 && soldOut < 0.15, `sold out ${soldOut}`);
    assert.ok(usual > 0.8, `5..200 share ${usual}`);
  });

  test('creation dates spread over about two years before the cut-off', () => {
    const times = sample.map((product) => product.createdAt.getTime());
    const spreadDays = (Math.max(...times) - Math.min(...times)) / 86_400_000;
    assert.ok(spreadDays > 700 && spreadDays <= 730, `spread ${spreadDays} days`);
    assert.ok(Math.max(...times) <= Date.UTC(2025, 5, 1));
  });

  test('descriptions have two to four sentences and no unfilled placeholders', () => {
    for (const product of sample) {
      // "Co." in brand names ("Wren & Co.") does not end a sentence.
      const sentences = product.description.split(/(?<!\bCo\.)(?<=[.!?])\s+/).length;
      assert.ok(sentences >= 2 && sentences <= 4, product.description);
      assert.doesNotMatch(product.description, /[{}]/);
    }
  });

  test('image keys stay within the bounded pool', () => {
    const catalog = createDemoCatalog({ seed: 42 });
    const keys = new Set(sample.map((product) => product.image.key));
    assert.ok(keys.size <= catalog.imagePoolSizeMax && catalog.imagePoolSizeMax <= 400, `${keys.size} keys`);
  });

  test('refuses counts above a million and batches above a thousand', () => {
    const catalog = createDemoCatalog();
    assert.throws(() => catalog.batches(1_000_001, 500).next());
    assert.throws(() => catalog.batches(10, 1001).next());
    assert.throws(() => catalog.productAt(-1));
  });
});

describe('demo catalog › building blocks', () => {
  test('mulberry32 repeats its sequence for a seed', () => {
    const a = mulberry32(7);
    const b = mulberry32(7);
    for (let index = 0; index < 100; index += 1) assert.equal(a(), b());
  });

  test('affinePermutation is a bijection', () => {
    for (const size of [1, 7, 640, 8640]) {
      const permute = affinePermutation(size, 12_345);
      const seen = new Set(Array.from({ length: size }, (_, index) => permute(index)));
      assert.equal(seen.size, size);
      assert.ok([...seen].every((value) => value >= 0 && value < size));
    }
  });

  test('a title slot starts a numbered series once its combinations run out', () => {
    const slot = buildTitleSlots(departments, 1)[0]!;
    const titles = Array.from({ length: slot.space * 2 }, (_, occurrence) => titleFor(slot, occurrence).title);
    assert.equal(new Set(titles).size, titles.length);
    assert.match(titles[slot.space]!, / II$/);
  });

  test('romanNumeral and slugify', () => {
    assert.equal(romanNumeral(2), 'II');
    assert.equal(romanNumeral(1994), 'MCMXCIV');
    assert.equal(slugify("Wren & Co. Kids' Hoodie"), 'wren-and-co-kids-hoodie');
    assert.equal(slugify('Crème Brûlée: 2-in-1'), 'creme-brulee-2-in-1');
  });

  test('priceCents ends in .99 or .00 and rounds big tickets to tens', () => {
    assert.equal(priceCents(49.3, true), 4899);
    assert.equal(priceCents(49.3, false), 4900);
    assert.equal(priceCents(1246, true), 124_999);
    assert.equal(priceCents(0.2, true), 99);
  });

  test('createRandom.int stays within bounds', () => {
    const random = createRandom(3);
    for (let index = 0; index < 1000; index += 1) {
      const value = random.int(5, 7);
      assert.ok(value >= 5 && value <= 7);
    }
  });
});
