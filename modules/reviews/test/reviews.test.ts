import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Product } from '@mercato/catalog/contract';
import { MalformedEventError } from '@mercato/platform/bus';
import { testDbTargets } from '@mercato/platform/db/testing';
import type { Review, ReviewPostedData } from '../src/contract.ts';
import { bearer, bootReviews, eventually, outboxEvents, type ReviewsHost, value } from './support.ts';

/** Posting and reading reviews through HTTP, with real tokens from the customers module. */
for (const target of testDbTargets()) {
  describe(`reviews on ${target.name}`, { skip: target.skipReason }, () => {
    let host: ReviewsHost;

    before(async () => {
      host = await bootReviews(target);
    });

    after(() => host?.close());

    function post(productId: string, token: string | undefined, payload: unknown) {
      const headers = token === undefined ? {} : bearer(token);
      return host.app.inject({
        method: 'POST',
        url: `/api/products/${productId}/reviews`,
        headers,
        payload: payload as object,
      });
    }

    const list = (productId: string, query = '') =>
      host.app.inject({ method: 'GET', url: `/api/products/${productId}/reviews${query}` });

    const delivered = (
      customerId: string | null,
      products: Product[],
      orderId = `ord_${Math.random().toString(36).slice(2)}`,
    ) =>
      host.deliver('orders.order_delivered', {
        orderId,
        number: 'M-100001',
        customerId,
        items: products.map((product) => ({
          variantId: product.variants[0]?.id,
          productId: product.id,
          sku: 'X',
          quantity: 1,
          unitPrice: { amount: 1000, currency: 'USD' },
        })),
      });

    it('posts a review: 201 with the Review of API.md and reviews.review_posted carrying the product aggregate', async () => {
      const lamp = await host.product('Desk Lamp');
      const ada = await host.customer('Ada Lovelace');
      const response = await post(lamp.id, ada.token, { rating: 4, title: 'Bright', body: 'Lights my desk.' });
      assert.equal(response.statusCode, 201, response.body);
      const review = response.json() as Review;
      assert.deepEqual(Object.keys(review).sort(), [
        'authorName',
        'body',
        'createdAt',
        'id',
        'productId',
        'rating',
        'title',
        'verifiedPurchase',
      ]);
      assert.match(review.id, /^rev_/);
      assert.deepEqual(
        { ...review, id: '', createdAt: '' },
        {
          id: '',
          productId: lamp.id,
          authorName: 'Ada Lovelace',
          rating: 4,
          title: 'Bright',
          body: 'Lights my desk.',
          verifiedPurchase: false,
          createdAt: '',
        },
      );
      assert.ok(!Number.isNaN(Date.parse(review.createdAt)));
      const [event] = await outboxEvents(host, lamp.id);
      assert.equal(event?.type, 'reviews.review_posted');
      const data = event?.data as ReviewPostedData;
      assert.equal(data.reviewId, review.id);
      assert.equal(data.customerId, ada.id);
      assert.deepEqual(data.productRating, { count: 1, sum: 4, average: 4, version: 1 });
    });

    it('answers 401 without a token, and 400 for a bad rating, a blank title or an unknown field', async () => {
      const lamp = await host.product('Floor Lamp');
      const anonymous = await post(lamp.id, undefined, { rating: 5, title: 'Nice', body: '' });
      assert.equal(anonymous.statusCode, 401);
      assert.equal(anonymous.json().error.code, 'unauthorized');
      const bob = await host.customer();
      for (const payload of [
        { rating: 0, title: 'Zero', body: '' },
        { rating: 6, title: 'Six', body: '' },
        { rating: 4.5, title: 'Half', body: '' },
        { rating: 4, title: '   ', body: '' },
        { rating: 4, title: 'Extra', body: '', verifiedPurchase: true },
      ]) {
        const response = await post(lamp.id, bob.token, payload);
        assert.equal(response.statusCode, 400, JSON.stringify(payload));
      }
      assert.equal((await list(lamp.id)).json().items.length, 0);
    });

    it('answers 404 product_not_found for an unknown or archived product', async () => {
      const bob = await host.customer();
      const missing = await post('prod_missing', bob.token, { rating: 3, title: 'Where', body: '' });
      assert.equal(missing.statusCode, 404);
      assert.equal(missing.json().error.code, 'product_not_found');
      const gone = await host.product('Archived Kettle');
      value(await host.apis.catalog.archiveProduct(gone.id));
      await eventually(async () => !(await host.apis.catalog.getProduct(gone.id)).ok);
      assert.equal((await post(gone.id, bob.token, { rating: 3, title: 'Gone', body: '' })).statusCode, 404);
      assert.equal((await list(gone.id)).statusCode, 404);
      assert.equal((await list('prod_missing')).json().error.code, 'product_not_found');
    });

    it('answers 409 already_reviewed to a second review by the same customer, racing ones included', async () => {
      const chair = await host.product('Chair');
      const cleo = await host.customer();
      const responses = await Promise.all(
        [1, 2, 3, 4, 5].map((rating) => post(chair.id, cleo.token, { rating, title: `Take ${rating}`, body: '' })),
      );
      const statuses = responses.map((response) => response.statusCode).sort();
      assert.deepEqual(statuses, [201, 409, 409, 409, 409]);
      const refused = responses.find((response) => response.statusCode === 409);
      assert.equal(refused?.json().error.code, 'already_reviewed');
      const { rows } = await host.db.query('SELECT id FROM reviews.reviews WHERE product_id = $1', [chair.id]);
      assert.equal(rows.length, 1);
      const events = await outboxEvents(host, chair.id);
      assert.deepEqual(
        events.map((event) => (event.data as ReviewPostedData).productRating.count),
        [1],
      );
    });

    it('flags verifiedPurchase only for a customer with a delivered order containing the product', async () => {
      const [mug, plate] = [await host.product('Mug'), await host.product('Plate')];
      const [buyer, other, guestLike] = [await host.customer(), await host.customer(), await host.customer()];
      await delivered(buyer.id, [mug]);
      await delivered(other.id, [plate]);
      await delivered(null, [mug]);
      const verified = await post(mug.id, buyer.token, { rating: 5, title: 'Mine', body: '' });
      assert.equal(verified.json().verifiedPurchase, true);
      const unverified = await post(mug.id, other.token, { rating: 2, title: 'Not bought', body: '' });
      assert.equal(unverified.json().verifiedPurchase, false);
      const guest = await post(mug.id, guestLike.token, { rating: 3, title: 'Guest', body: '' });
      assert.equal(guest.json().verifiedPurchase, false, 'a guest order verifies nobody');
    });

    it('verifies a review when the delivery is handled after it was posted, once for a repeated event', async () => {
      const vase = await host.product('Vase');
      const early = await host.customer();
      const posted = value(
        await host.apis.reviews.postReview(early.id, vase.id, { rating: 4, title: 'Early', body: '' }),
      );
      assert.equal(posted.verifiedPurchase, false);
      await delivered(early.id, [vase], 'ord_repeat');
      await host.deliver(
        'orders.order_delivered',
        { orderId: 'ord_repeat', customerId: early.id, items: [{ productId: vase.id }] },
        'evt_repeat',
      );
      await host.deliver(
        'orders.order_delivered',
        { orderId: 'ord_repeat', customerId: early.id, items: [{ productId: vase.id }] },
        'evt_repeat',
      );
      const page = value(await host.apis.reviews.listReviews(vase.id, {}));
      assert.deepEqual(
        page.items.map((review) => [review.id, review.verifiedPurchase]),
        [[posted.id, true]],
      );
      const { rows } = await host.db.query('SELECT order_id FROM reviews.delivered_purchases WHERE customer_id = $1', [
        early.id,
      ]);
      assert.deepEqual(rows, [{ order_id: 'ord_repeat' }]);
    });

    it('fails a malformed delivery event, naming the field, and records nothing of it', async () => {
      const malformed: [data: unknown, problem: RegExp][] = [
        [{ orderId: 'ord_bad', customerId: 'cus_x', items: [{ productId: 42 }] }, /data\/items\/0\/productId/],
        [null, /: data must be object/],
      ];
      for (const [data, problem] of malformed) {
        await assert.rejects(
          host.deliver('orders.order_delivered', data),
          (error: Error) => error instanceof MalformedEventError && problem.test(error.message),
        );
      }
      const { rows } = await host.db.query("SELECT 1 FROM reviews.delivered_purchases WHERE order_id = 'ord_bad'");
      assert.equal(rows.length, 0);
    });

    it('lists visible reviews newest first, a page at a time, and refuses a cursor it did not give out', async () => {
      const desk = await host.product('Desk');
      const authors = [await host.customer(), await host.customer(), await host.customer()];
      const posted: Review[] = [];
      for (const [index, author] of authors.entries()) {
        posted.push(
          (await post(desk.id, author.token, { rating: index + 3, title: `Review ${index}`, body: 'Text' })).json(),
        );
      }
      // Newest first; reviews of the same millisecond by id, descending.
      const newestFirst = posted
        .toSorted((a, b) => b.createdAt.localeCompare(a.createdAt) || (a.id < b.id ? 1 : -1))
        .map((review) => review.id);
      const first = (await list(desk.id, '?limit=2')).json();
      assert.deepEqual(
        first.items.map((review: Review) => review.id),
        newestFirst.slice(0, 2),
      );
      assert.deepEqual(
        first.items[0],
        posted.find((review) => review.id === newestFirst[0]),
      );
      assert.equal(typeof first.nextCursor, 'string');
      const second = (await list(desk.id, `?limit=2&cursor=${first.nextCursor}`)).json();
      assert.deepEqual(
        second.items.map((review: Review) => review.id),
        newestFirst.slice(2),
      );
      assert.equal(second.nextCursor, null);
      const bad = await list(desk.id, '?cursor=bm90LWEtY3Vyc29y');
      assert.equal(bad.statusCode, 400);
      assert.equal(bad.json().error.code, 'invalid_cursor');
      assert.equal((await list(desk.id, '?limit=101')).statusCode, 400);
    });

    it('feeds the catalog rating read model through the relayed events', async () => {
      const lamp = await host.product('Rated Lamp');
      for (const rating of [5, 4, 4]) {
        const author = await host.customer();
        assert.equal((await post(lamp.id, author.token, { rating, title: 'Ok', body: '' })).statusCode, 201);
      }
      await eventually(async () => value(await host.apis.catalog.getProduct(lamp.id)).rating.count === 3);
      assert.deepEqual(value(await host.apis.catalog.getProduct(lamp.id)).rating, { average: 4.33, count: 3 });
      const page = value(await host.apis.catalog.listProducts({ q: 'rated lamp', sort: 'rating' }));
      assert.deepEqual(page.items[0]?.rating, { average: 4.33, count: 3 });
      assert.ok(page.facets.rating.some((facet) => facet.stars === 4 && facet.count >= 1));
    });
  });
}
