import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { encodeCursor } from '@mercato/platform/kernel';
import { testDbTargets } from '@mercato/platform/db/testing';
import type { ProductQuery, ProductSort, ProductSummary } from '../src/contract.ts';
import { bootCatalog, type CatalogHost, deliverRatings, product, value, variant } from './helpers.ts';

const start = Date.UTC(2026, 0, 1);
const minutes = (n: number) => new Date(start + n * 60_000);

/** Titles, lowest prices, stock, creation minute and ratings of the fixture catalog. */
const fixture = [
  { title: 'Blue Oxford Shirt', price: 2999, stock: 5, minute: 1, category: 'shirts', ratings: [4] },
  { title: 'Red Flannel Shirt', price: 3499, stock: 0, minute: 2, category: 'shirts', ratings: [] },
  { title: 'Running Shoes', price: 8999, stock: 3, minute: 3, category: 'shoes', ratings: [3] },
  { title: 'Wireless Headphones', price: 10999, stock: 7, minute: 4, category: 'headphones', ratings: [5, 4] },
  { title: 'Studio Headphones', price: 19999, stock: 0, minute: 5, category: 'headphones', ratings: [] },
  { title: 'Desk Lamp', price: 2999, stock: 2, minute: 5, category: 'home', ratings: [4, 4] },
  { title: 'Blue Ceramic Mug', price: 1299, stock: 9, minute: 6, category: 'home', ratings: [2] },
  { title: 'Trail Shoes', price: 8999, stock: 4, minute: 7, category: 'shoes', ratings: [] },
] as const;

type Truth = {
  id: string;
  price: number;
  createdAt: number;
  average: number;
  count: number;
  inStock: boolean;
  category: string;
};

for (const target of testDbTargets()) {
  describe(`catalog search on ${target.name}`, { skip: target.skipReason }, () => {
    let host: CatalogHost;
    const truth = new Map<string, Truth>();

    before(async () => {
      host = await bootCatalog(target);
      const { api } = host;
      const clothing = value(await api.createCategory({ slug: 'clothing', name: 'Clothing' }));
      const audio = value(await api.createCategory({ slug: 'audio', name: 'Audio' }));
      const ids: Record<string, string> = {
        clothing: clothing.id,
        shirts: value(await api.createCategory({ slug: 'shirts', name: 'Shirts', parentId: clothing.id })).id,
        shoes: value(await api.createCategory({ slug: 'shoes', name: 'Shoes', parentId: clothing.id, position: 1 })).id,
        headphones: value(await api.createCategory({ slug: 'headphones', name: 'Headphones', parentId: audio.id })).id,
        home: value(await api.createCategory({ slug: 'home', name: 'Home' })).id,
      };
      const inputs = fixture.map((entry) =>
        product(entry.title, entry.price, {
          categoryIds: [ids[entry.category]!],
          createdAt: minutes(entry.minute),
          variants:
            entry.title === 'Wireless Headphones'
              ? [variant('WH-BLACK', 12999, 0), variant('WH-WHITE', entry.price, entry.stock)]
              : [variant(`SKU-${entry.minute}-${entry.price}-${entry.stock}`, entry.price, entry.stock)],
        }),
      );
      inputs.push(product('Archived Plaid Shirt', 999, { categoryIds: [ids['shirts']!], createdAt: minutes(8) }));
      value(await api.importProducts(inputs));
      const archived = value(await api.getProduct('archived-plaid-shirt'));
      value(await api.archiveProduct(archived.id));
      for (const entry of fixture) {
        const found = value(await api.getProduct(entry.title.toLowerCase().replaceAll(' ', '-')));
        await deliverRatings(host, found.id, entry.ratings);
        const count = entry.ratings.length;
        const average = count === 0 ? 0 : Math.round((entry.ratings.reduce((a, b) => a + b, 0) / count) * 100) / 100;
        truth.set(entry.title, {
          id: found.id,
          price: entry.price,
          createdAt: minutes(entry.minute).getTime(),
          average,
          count,
          inStock: entry.stock > 0,
          category: entry.category,
        });
      }
      // Ratings arrive through events; wait until the cache has heard them.
      await host.drain();
    });

    after(() => host?.close());

    async function walk(query: ProductQuery): Promise<ProductSummary[]> {
      const items: ProductSummary[] = [];
      let cursor: string | undefined;
      for (let page = 0; page < 50; page++) {
        const result = value(await host.api.listProducts({ ...query, ...(cursor === undefined ? {} : { cursor }) }));
        items.push(...result.items);
        if (result.nextCursor === null) return items;
        cursor = result.nextCursor;
      }
      throw new Error('pagination did not end');
    }

    function titlesOf(items: readonly ProductSummary[]): string[] {
      return items.map((item) => item.title);
    }

    const compareId = (a: Truth, b: Truth) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
    const orders: Record<Exclude<ProductSort, 'relevance'>, (a: Truth, b: Truth) => number> = {
      newest: (a, b) => b.createdAt - a.createdAt || compareId(b, a),
      price_asc: (a, b) => a.price - b.price || compareId(a, b),
      price_desc: (a, b) => b.price - a.price || compareId(b, a),
      rating: (a, b) => b.average - a.average || b.count - a.count || compareId(b, a),
    };

    for (const sort of Object.keys(orders) as (keyof typeof orders)[]) {
      it(`pages through every active product sorted ${sort}, without duplicates or gaps`, async () => {
        const expected = [...truth.entries()].sort(([, a], [, b]) => orders[sort](a, b)).map(([title]) => title);
        for (const limit of [1, 3, 100])
          assert.deepEqual(titlesOf(await walk({ sort, limit })), expected, `limit ${limit}`);
      });
    }

    it('sorts by newest when there is no query', async () => {
      const first = value(await host.api.listProducts({ limit: 1 }));
      assert.equal(first.items[0]?.title, 'Trail Shoes');
    });

    it('finds products despite typos, ranking by relevance', async () => {
      assert.deepEqual(titlesOf(await walk({ q: 'hedphones' })).sort(), ['Studio Headphones', 'Wireless Headphones']);
      assert.deepEqual(titlesOf(await walk({ q: 'blu shirt' })), ['Blue Oxford Shirt']);
      assert.deepEqual(titlesOf(await walk({ q: 'wireles hedphone' })), ['Wireless Headphones']);
      assert.deepEqual(titlesOf(await walk({ q: 'shirt' })).sort(), ['Blue Oxford Shirt', 'Red Flannel Shirt']);
      assert.deepEqual(await walk({ q: 'zzzzqqq' }), []);
    });

    it('matches category names and pages relevance results one at a time without repeats', async () => {
      const clothing = titlesOf(await walk({ q: 'clothing', limit: 1 }));
      assert.deepEqual([...clothing].sort(), [
        'Blue Oxford Shirt',
        'Red Flannel Shirt',
        'Running Shoes',
        'Trail Shoes',
      ]);
    });

    it('ranks title matches above description-only and category-only matches', async () => {
      const result = value(await host.api.listProducts({ q: 'shoes' }));
      assert.deepEqual(titlesOf(result.items).slice(0, 2).sort(), ['Running Shoes', 'Trail Shoes']);
    });

    it('filters by a category and all its descendants', async () => {
      assert.deepEqual(titlesOf(await walk({ category: 'clothing', sort: 'price_asc' })), [
        'Blue Oxford Shirt',
        'Red Flannel Shirt',
        ...['Running Shoes', 'Trail Shoes'].sort((a, b) => compareId(truth.get(a)!, truth.get(b)!)),
      ]);
      assert.deepEqual(titlesOf(await walk({ category: 'shirts' })), ['Red Flannel Shirt', 'Blue Oxford Shirt']);
      assert.deepEqual(await walk({ category: 'no-such-category' }), []);
    });

    it('filters by an inclusive price range on the lowest variant price, and by stock', async () => {
      const ranged = await walk({ minPrice: 2999, maxPrice: 8999, sort: 'price_asc' });
      assert.ok(ranged.every((item) => item.price.amount >= 2999 && item.price.amount <= 8999));
      assert.equal(ranged.length, 5);
      const wireless = value(await host.api.listProducts({ q: 'wireless' })).items[0];
      assert.deepEqual(wireless?.price, { amount: 10999, currency: 'USD' });
      const inStock = titlesOf(await walk({ inStock: true }));
      assert.deepEqual(
        inStock.sort(),
        [...truth.entries()]
          .filter(([, t]) => t.inStock)
          .map(([title]) => title)
          .sort(),
      );
    });

    it('computes facets over the whole filtered result, not the page', async () => {
      const page = value(await host.api.listProducts({ category: 'clothing', limit: 1 }));
      assert.equal(page.items.length, 1);
      assert.deepEqual(page.facets.categories, [
        { slug: 'clothing', name: 'Clothing', count: 4 },
        { slug: 'shirts', name: 'Shirts', count: 2 },
        { slug: 'shoes', name: 'Shoes', count: 2 },
      ]);
      assert.deepEqual(page.facets.price, {
        min: { amount: 2999, currency: 'USD' },
        max: { amount: 8999, currency: 'USD' },
      });
      assert.deepEqual(page.facets.rating, [
        { stars: 4, count: 1 },
        { stars: 3, count: 1 },
      ]);
      const all = value(await host.api.listProducts({}));
      for (const facet of all.facets.categories) {
        assert.equal((await walk({ category: facet.slug })).length, facet.count, facet.slug);
      }
      const none = value(await host.api.listProducts({ q: 'zzzzqqq' }));
      assert.deepEqual(none.facets, { categories: [], price: { min: null, max: null }, rating: [] });
    });

    it('answers invalid_cursor for a forged cursor or one from another sort order', async () => {
      const first = value(await host.api.listProducts({ sort: 'price_asc', limit: 1 }));
      assert.ok(first.nextCursor);
      const other = await host.api.listProducts({ sort: 'price_desc', cursor: first.nextCursor });
      assert.equal(other.ok ? 'ok' : other.code, 'invalid_cursor');
      const forged = await host.api.listProducts({ cursor: encodeCursor(['n', 'not a time', 'prod_1']) });
      assert.equal(forged.ok ? 'ok' : forged.code, 'invalid_cursor');
    });

    it('never shows archived products, in lists, pages, facets or category counts', async () => {
      assert.ok(!(await walk({ q: 'plaid' })).length);
      const archived = await host.api.getProduct('archived-plaid-shirt');
      assert.equal(archived.ok ? 'ok' : archived.code, 'product_not_found');
      const tree = await host.api.listCategories();
      const clothing = tree.items.find((category) => category.slug === 'clothing');
      assert.equal(clothing?.productCount, 4);
      assert.deepEqual(
        clothing?.children.map((child) => [child.slug, child.productCount]),
        [
          ['shirts', 2],
          ['shoes', 2],
        ],
      );
    });

    it('reports each product rating from the review events it consumed', async () => {
      const wireless = value(await host.api.getProduct(truth.get('Wireless Headphones')!.id));
      assert.deepEqual(wireless.rating, { average: 4.5, count: 2 });
    });
  });
}
