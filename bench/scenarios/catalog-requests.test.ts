import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  buildCatalogRequests,
  type CatalogSample,
  misspell,
  searchTerms,
  titleWords,
  wordsByFrequency,
} from './catalog-requests.ts';
import { categorySlugs } from './catalog-sample.ts';

const adjectives = [
  'Classic',
  'Vintage',
  'Modern',
  'Rugged',
  'Elegant',
  'Compact',
  'Sturdy',
  'Bright',
  'Silent',
  'Gentle',
];
const nouns = [
  'Leather Boots',
  'Coffee Grinder',
  'Wool Sweater',
  'Desk Lamp',
  'Garden Chair',
  'Travel Mug',
  'Running Shoes',
  'Table Clock',
];
const titles = adjectives.flatMap((adjective) => nouns.map((noun) => `${adjective} ${noun}`));

function sample(): CatalogSample {
  const products = titles.map((title, i) => ({
    slug: title.toLowerCase().replaceAll(' ', '-'),
    title,
    priceAmount: 1000 + i * 137,
  }));
  return {
    products,
    listCursors: ['c2', 'c3'],
    categories: [
      { slug: 'shoes', products: products.slice(0, 20), nextCursor: 'shoes-2' },
      { slug: 'home', products: products.slice(20, 40), nextCursor: null },
      { slug: 'empty', products: [], nextCursor: null },
    ],
  };
}

describe('titleWords', () => {
  it('keeps lower-case words of four letters or more', () => {
    assert.deepEqual(titleWords('The Big Leather-Boots, 2 pairs'), ['leather', 'boots', 'pairs']);
  });
});

describe('misspell', () => {
  it('changes the word but keeps its first letter', () => {
    for (let variant = 0; variant < 6; variant += 1) {
      const typo = misspell('grinder', variant);
      assert.notEqual(typo, 'grinder');
      assert.equal(typo[0], 'g');
    }
  });

  it('still makes a typo where the swapped letters are equal', () => {
    assert.notEqual(misspell('coffee', 2), 'coffee');
  });
});

describe('searchTerms', () => {
  it('answers the requested number of distinct terms, with phrases and typos', () => {
    const terms = searchTerms(titles, 30, 5);
    assert.equal(terms.length, 30);
    assert.equal(new Set(terms).size, 30);
    assert.ok(
      terms.some((term) => term.includes(' ')),
      'some two-word phrases',
    );
    const known = new Set(titles.flatMap(titleWords));
    const typos = terms.filter((term) => !term.includes(' ') && !known.has(term));
    assert.equal(typos.length, 5);
  });

  it('is deterministic, so runs compare', () => {
    assert.deepEqual(searchTerms(titles, 20, 3), searchTerms(titles, 20, 3));
  });

  it('answers fewer terms when the titles hold fewer words, never repeats', () => {
    const terms = searchTerms(['Desk Lamp'], 50, 5);
    assert.ok(terms.length <= 3);
    assert.equal(new Set(terms).size, terms.length);
  });
});

describe('buildCatalogRequests', () => {
  const requests = buildCatalogRequests(sample());

  it('lists pages across cursors and categories', () => {
    assert.ok(requests.list.includes('/api/products?limit=20'));
    assert.ok(requests.list.includes('/api/products?limit=20&cursor=c3'));
    assert.ok(requests.list.includes('/api/products?category=shoes&limit=20&cursor=shoes-2'));
    assert.ok(requests.list.includes('/api/products?category=shoes&sort=price_asc&limit=20'));
  });

  it('searches fifty distinct terms', () => {
    assert.equal(requests.search.length, 50);
    assert.equal(new Set(requests.search).size, 50);
    assert.ok(requests.search.every((path) => path.startsWith('/api/products?q=')));
  });

  it('filters searches by a non-empty category and a price band from its own prices', () => {
    assert.ok(requests.facets.length > 10);
    for (const path of requests.facets) {
      const params = new URL(path, 'http://127.0.0.1').searchParams;
      assert.ok(['shoes', 'home'].includes(params.get('category') ?? ''), path);
      assert.ok(Number(params.get('minPrice')) <= Number(params.get('maxPrice')), path);
      assert.ok((params.get('q') ?? '').length >= 4, path);
    }
  });

  it('opens product pages by slug, at most two hundred', () => {
    assert.equal(requests.product.length, titles.length);
    assert.equal(requests.product[0], '/api/products/classic-leather-boots');
  });
});

describe('categorySlugs', () => {
  it('takes categories with products, parents before children', () => {
    const tree = [
      {
        slug: 'a',
        productCount: 3,
        children: [
          { slug: 'a1', productCount: 3 },
          { slug: 'a2', productCount: 0 },
        ],
      },
      { slug: 'b', productCount: 0, children: [{ slug: 'b1', productCount: 1, children: [] }] },
    ];
    assert.deepEqual(categorySlugs(tree), ['a', 'a1', 'b1']);
  });
});

describe('wordsByFrequency', () => {
  it('puts the most frequent title words first', () => {
    assert.deepEqual(
      wordsByFrequency(['Acme Wireless Headphones', 'Zeta Wireless Speaker', 'Wireless Headphones Mini']),
      ['wireless', 'headphones', 'acme', 'zeta', 'speaker', 'mini'],
    );
  });
});
