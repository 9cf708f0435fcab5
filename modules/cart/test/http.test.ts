import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Product } from '@mercato/catalog/contract';
import { testDbTargets } from '@mercato/platform/db/testing';
import type { Cart } from '../src/contract.ts';
import { as, bootCart, type CartHost, usd, value } from './support.ts';

for (const target of testDbTargets()) {
  describe(`cart HTTP on ${target.name}`, { skip: target.skipReason }, () => {
    let host: CartHost;
    let shirt: Product;
    let mug: Product;

    before(async () => {
      host = await bootCart(target);
      shirt = await host.product('Linen Shirt', [
        { sku: 'SHIRT-M', price: 4500, stock: 10 },
        { sku: 'SHIRT-L', price: 4000, stock: 2 },
      ]);
      mug = await host.product('Mug', [{ sku: 'MUG', price: 1250, stock: 5 }]);
    });

    after(() => host?.close());

    async function call(
      method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
      url: string,
      payload?: unknown,
      headers: Record<string, string> = {},
    ) {
      const response = await host.app.inject({
        method,
        url,
        headers,
        ...(payload === undefined ? {} : { payload: payload as object }),
      });
      return {
        status: response.statusCode,
        body: response.json() as Cart & { error: { code: string; details?: Record<string, unknown> } },
      };
    }

    async function newCart(headers: Record<string, string> = {}): Promise<Cart> {
      const created = await call('POST', '/api/carts', {}, headers);
      assert.equal(created.status, 201);
      return created.body;
    }

    const variantOf = (product: Product, index = 0) => product.variants[index]!.id;

    it('creates an anonymous cart with zero totals, and one owned by the caller with a token', async () => {
      const cart = await newCart();
      assert.match(cart.id, /^cart_/);
      assert.deepEqual(cart.items, []);
      assert.equal(cart.customerId, null);
      assert.equal(cart.status, 'open');
      const zero = usd(0);
      assert.deepEqual(cart.totals, { subtotal: zero, discount: zero, shipping: zero, tax: zero, total: zero });
      assert.equal((await newCart(as('cus_ann'))).customerId, 'cus_ann');
      const withoutBody = await host.app.inject({ method: 'POST', url: '/api/carts' });
      assert.equal(withoutBody.statusCode, 201);
    });

    it('adds a line at the price the catalog quotes and computes totals', async () => {
      const cart = await newCart();
      const added = await call('POST', `/api/carts/${cart.id}/items`, { variantId: variantOf(shirt), quantity: 2 });
      assert.equal(added.status, 200);
      const [line] = added.body.items;
      assert.deepEqual(
        { ...line, id: undefined },
        {
          id: undefined,
          variantId: variantOf(shirt),
          productId: shirt.id,
          title: 'Linen Shirt',
          variantTitle: 'SHIRT-M title',
          sku: 'SHIRT-M',
          quantity: 2,
          unitPrice: usd(4500),
          lineTotal: usd(9000),
          thumbnailUrl: null,
        },
      );
      const withMug = await call('POST', `/api/carts/${cart.id}/items`, { variantId: variantOf(mug), quantity: 3 });
      assert.deepEqual(withMug.body.totals.subtotal, usd(12_750));
      assert.deepEqual(withMug.body.totals.total, usd(12_750));
      assert.deepEqual((await call('GET', `/api/carts/${cart.id}`)).body, withMug.body);
    });

    it('adds to the existing line when the same variant is added again', async () => {
      const cart = await newCart();
      await call('POST', `/api/carts/${cart.id}/items`, { variantId: variantOf(shirt), quantity: 1 });
      const again = await call('POST', `/api/carts/${cart.id}/items`, { variantId: variantOf(shirt), quantity: 3 });
      assert.equal(again.body.items.length, 1);
      assert.equal(again.body.items[0]?.quantity, 4);
      assert.deepEqual(again.body.totals.subtotal, usd(18_000));
    });

    it('keeps the quoted price on the line when the catalog price changes later', async () => {
      const cart = await newCart();
      await call('POST', `/api/carts/${cart.id}/items`, { variantId: variantOf(mug), quantity: 1 });
      value(await host.apis.catalog.updateProduct(mug.id, { variants: [{ id: variantOf(mug), price: usd(1500) }] }));
      const read = await call('GET', `/api/carts/${cart.id}`);
      assert.deepEqual(read.body.items[0]?.unitPrice, usd(1250));
      // Adding to the line quotes again: one line, one (current) unit price.
      const added = await call('POST', `/api/carts/${cart.id}/items`, { variantId: variantOf(mug), quantity: 1 });
      assert.deepEqual(added.body.items[0]?.lineTotal, usd(3000));
      value(await host.apis.catalog.updateProduct(mug.id, { variants: [{ id: variantOf(mug), price: usd(1250) }] }));
    });

    it('rejects a price, or any other field, that the client sends', async () => {
      const cart = await newCart();
      const priced = await call('POST', `/api/carts/${cart.id}/items`, {
        variantId: variantOf(mug),
        quantity: 1,
        unitPrice: usd(1),
      });
      assert.equal(priced.status, 400);
      assert.equal(priced.body.error.code, 'invalid_request');
      const patched = await call('POST', `/api/carts/${cart.id}/items`, { variantId: variantOf(mug), quantity: 1 });
      const itemId = patched.body.items[0]!.id;
      const sneaky = await call('PATCH', `/api/carts/${cart.id}/items/${itemId}`, { quantity: 1, price: usd(1) });
      assert.equal(sneaky.status, 400);
      assert.equal((await call('POST', '/api/carts', { customerId: 'cus_x' })).status, 400);
      assert.deepEqual((await call('GET', `/api/carts/${cart.id}`)).body.items[0]?.unitPrice, usd(1250));
    });

    it('answers 400 for a quantity that is not an integer from 1 to 999', async () => {
      const cart = await newCart();
      for (const quantity of [0, 1000, 1.5, -1, '2', null]) {
        const response = await call('POST', `/api/carts/${cart.id}/items`, { variantId: variantOf(mug), quantity });
        assert.equal(response.status, 400, `quantity ${JSON.stringify(quantity)}`);
        assert.equal(response.body.error.code, 'invalid_request');
      }
    });

    it('answers 404 variant_not_found for an unknown or archived variant', async () => {
      const cart = await newCart();
      const unknown = await call('POST', `/api/carts/${cart.id}/items`, { variantId: 'var_nope', quantity: 1 });
      assert.equal(unknown.status, 404);
      assert.equal(unknown.body.error.code, 'variant_not_found');
      const gone = await host.product('Gone Lamp', [{ sku: 'GONE', price: 100, stock: 3 }]);
      value(await host.apis.catalog.archiveProduct(gone.id));
      const archived = await call('POST', `/api/carts/${cart.id}/items`, { variantId: variantOf(gone), quantity: 1 });
      assert.equal(archived.body.error.code, 'variant_not_found');
    });

    it('answers 409 insufficient_stock with what is available, counting units already in the cart', async () => {
      const cart = await newCart();
      const tooMany = await call('POST', `/api/carts/${cart.id}/items`, {
        variantId: variantOf(shirt, 1),
        quantity: 3,
      });
      assert.equal(tooMany.status, 409);
      assert.equal(tooMany.body.error.code, 'insufficient_stock');
      assert.equal(tooMany.body.error.details?.['available'], 2);
      await call('POST', `/api/carts/${cart.id}/items`, { variantId: variantOf(shirt, 1), quantity: 2 });
      const oneMore = await call('POST', `/api/carts/${cart.id}/items`, {
        variantId: variantOf(shirt, 1),
        quantity: 1,
      });
      assert.equal(oneMore.body.error.code, 'insufficient_stock');
      const itemId = (await call('GET', `/api/carts/${cart.id}`)).body.items[0]!.id;
      const raised = await call('PATCH', `/api/carts/${cart.id}/items/${itemId}`, { quantity: 3 });
      assert.equal(raised.status, 409);
      assert.equal(raised.body.error.details?.['available'], 2);
    });

    it('sets a quantity, removes a line with quantity 0 or DELETE, and answers 404 for an unknown item', async () => {
      const cart = await newCart();
      await call('POST', `/api/carts/${cart.id}/items`, { variantId: variantOf(shirt), quantity: 1 });
      const withMug = await call('POST', `/api/carts/${cart.id}/items`, { variantId: variantOf(mug), quantity: 1 });
      const [shirtLine, mugLine] = withMug.body.items;
      const set = await call('PATCH', `/api/carts/${cart.id}/items/${shirtLine!.id}`, { quantity: 5 });
      assert.equal(set.status, 200);
      assert.deepEqual(set.body.totals.subtotal, usd(5 * 4500 + 1250));
      const zeroed = await call('PATCH', `/api/carts/${cart.id}/items/${shirtLine!.id}`, { quantity: 0 });
      assert.deepEqual(
        zeroed.body.items.map((item) => item.sku),
        ['MUG'],
      );
      const deleted = await call('DELETE', `/api/carts/${cart.id}/items/${mugLine!.id}`);
      assert.equal(deleted.status, 200);
      assert.deepEqual(deleted.body.items, []);
      assert.deepEqual(deleted.body.totals.total, usd(0));
      const again = await call('DELETE', `/api/carts/${cart.id}/items/${mugLine!.id}`);
      assert.equal(again.status, 404);
      assert.equal(again.body.error.code, 'item_not_found');
      assert.equal(
        (await call('PATCH', `/api/carts/${cart.id}/items/item_nope`, { quantity: 2 })).body.error.code,
        'item_not_found',
      );
    });

    it('answers 404 cart_not_found for an unknown cart on every route', async () => {
      assert.equal((await call('GET', '/api/carts/cart_nope')).body.error.code, 'cart_not_found');
      assert.equal(
        (await call('POST', '/api/carts/cart_nope/items', { variantId: variantOf(mug), quantity: 1 })).status,
        404,
      );
      assert.equal((await call('PATCH', '/api/carts/cart_nope/items/item_x', { quantity: 1 })).status, 404);
      assert.equal((await call('DELETE', '/api/carts/cart_nope/items/item_x')).status, 404);
    });

    it('hides a customer’s cart from other customers and anonymous callers (404), on every route', async () => {
      const owned = await newCart(as('cus_owner'));
      const added = await call(
        'POST',
        `/api/carts/${owned.id}/items`,
        { variantId: variantOf(mug), quantity: 1 },
        as('cus_owner'),
      );
      assert.equal(added.status, 200);
      const itemId = added.body.items[0]!.id;
      for (const stranger of [as('cus_stranger'), {}]) {
        const attempts = [
          await call('GET', `/api/carts/${owned.id}`, undefined, stranger),
          await call('POST', `/api/carts/${owned.id}/items`, { variantId: variantOf(mug), quantity: 1 }, stranger),
          await call('PATCH', `/api/carts/${owned.id}/items/${itemId}`, { quantity: 3 }, stranger),
          await call('DELETE', `/api/carts/${owned.id}/items/${itemId}`, undefined, stranger),
          await call('POST', `/api/carts/${owned.id}/merge`, {}, stranger),
        ];
        for (const attempt of attempts) {
          // Anonymous merge is 401 (the route needs a sign-in); everything else says the cart does not exist.
          if (attempt.status === 401) continue;
          assert.equal(attempt.status, 404);
          assert.equal(attempt.body.error.code, 'cart_not_found');
        }
      }
      const mine = await call('GET', `/api/carts/${owned.id}`, undefined, as('cus_owner'));
      assert.deepEqual(
        mine.body.items.map((item) => item.quantity),
        [1],
      );
    });

    it('lets anyone with the id use an anonymous cart', async () => {
      const cart = await newCart();
      const added = await call(
        'POST',
        `/api/carts/${cart.id}/items`,
        { variantId: variantOf(mug), quantity: 1 },
        as('cus_someone'),
      );
      assert.equal(added.status, 200);
      assert.equal(added.body.customerId, null);
    });

    it('merges the anonymous cart into the customer’s cart at login, adding quantities capped at 999', async () => {
      const big = await host.product('Bulk Screws', [{ sku: 'SCREW', price: 5, stock: 5000 }]);
      const mine = await newCart(as('cus_merge'));
      await call('POST', `/api/carts/${mine.id}/items`, { variantId: variantOf(big), quantity: 600 }, as('cus_merge'));
      await call('POST', `/api/carts/${mine.id}/items`, { variantId: variantOf(shirt), quantity: 1 }, as('cus_merge'));
      const anonymous = await newCart();
      await call('POST', `/api/carts/${anonymous.id}/items`, { variantId: variantOf(big), quantity: 500 });
      await call('POST', `/api/carts/${anonymous.id}/items`, { variantId: variantOf(mug), quantity: 2 });

      const merged = await call('POST', `/api/carts/${anonymous.id}/merge`, {}, as('cus_merge'));
      assert.equal(merged.status, 200);
      assert.equal(merged.body.id, mine.id);
      assert.deepEqual(
        merged.body.items.map((item) => [item.sku, item.quantity]),
        [
          ['SCREW', 999],
          ['SHIRT-M', 1],
          ['MUG', 2],
        ],
      );
      const left = await call('GET', `/api/carts/${anonymous.id}`);
      assert.equal(left.body.status, 'merged');
      assert.deepEqual(left.body.items, []);
      const write = await call('POST', `/api/carts/${anonymous.id}/items`, { variantId: variantOf(mug), quantity: 1 });
      assert.equal(write.status, 409);
      assert.equal(write.body.error.code, 'cart_merged');
      // A retried merge answers the customer's cart and changes nothing; another customer learns nothing.
      assert.deepEqual((await call('POST', `/api/carts/${anonymous.id}/merge`, {}, as('cus_merge'))).body, merged.body);
      assert.equal((await call('POST', `/api/carts/${anonymous.id}/merge`, {}, as('cus_other'))).status, 404);
      assert.deepEqual((await call('GET', '/api/carts/current', undefined, as('cus_merge'))).body.id, mine.id);
    });

    it('creates the customer’s cart when merging without one, and answers it as current', async () => {
      const anonymous = await newCart();
      await call('POST', `/api/carts/${anonymous.id}/items`, { variantId: variantOf(mug), quantity: 1 });
      assert.equal((await call('GET', '/api/carts/current', undefined, as('cus_fresh'))).status, 404);
      const merged = await call('POST', `/api/carts/${anonymous.id}/merge`, undefined, as('cus_fresh'));
      assert.equal(merged.status, 200);
      assert.notEqual(merged.body.id, anonymous.id);
      assert.equal(merged.body.customerId, 'cus_fresh');
      assert.deepEqual(
        merged.body.items.map((item) => item.sku),
        ['MUG'],
      );
      const current = await call('GET', '/api/carts/current', undefined, as('cus_fresh'));
      assert.equal(current.body.id, merged.body.id);
      assert.equal((await call('GET', '/api/carts/current')).status, 401);
    });

    it('replays a retried add with the same Idempotency-Key instead of adding twice', async () => {
      const cart = await newCart();
      const add = () =>
        host.app.inject({
          method: 'POST',
          url: `/api/carts/${cart.id}/items`,
          headers: { 'idempotency-key': 'add-mug-once' },
          payload: { variantId: variantOf(mug), quantity: 1 },
        });
      const first = await add();
      const retry = await add();
      assert.equal(retry.headers['idempotent-replayed'], 'true');
      assert.equal(retry.body, first.body);
      assert.equal((await call('GET', `/api/carts/${cart.id}`)).body.items[0]?.quantity, 1);
      // The same key on another anonymous cart is another caller's key.
      const other = await newCart();
      const elsewhere = await host.app.inject({
        method: 'POST',
        url: `/api/carts/${other.id}/items`,
        headers: { 'idempotency-key': 'add-mug-once' },
        payload: { variantId: variantOf(mug), quantity: 1 },
      });
      assert.equal(elsewhere.statusCode, 200);
      assert.equal(elsewhere.headers['idempotent-replayed'], undefined);
    });

    it('documents the cart routes in the OpenAPI document', async () => {
      const document = (await host.app.inject({ method: 'GET', url: '/openapi.json' })).json() as {
        paths: Record<string, unknown>;
      };
      for (const path of [
        '/api/carts',
        '/api/carts/{id}',
        '/api/carts/{id}/items',
        '/api/carts/{id}/items/{itemId}',
        '/api/carts/{id}/merge',
      ]) {
        assert.ok(path in document.paths, path);
      }
    });
  });
}
