import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testDbTargets } from '@mercato/platform/db/testing';
import { probeAdminRoutes } from '@mercato/platform/http/testing';
import type { AdminReview, Review, ReviewModeratedData } from '../src/contract.ts';
import { bearer, bootReviews, eventually, outboxEvents, type ReviewsHost, value } from './support.ts';

/** Staff moderation: who may, what hiding and restoring change, and what they record. */
for (const target of testDbTargets()) {
  describe(`review moderation on ${target.name}`, { skip: target.skipReason }, () => {
    let host: ReviewsHost;
    let moderator: { id: string; token: string };

    before(async () => {
      host = await bootReviews(target);
      moderator = await host.staff('support');
    });

    after(() => host?.close());

    const moderate = (reviewId: string, action: 'hide' | 'restore', token = moderator.token) =>
      host.app.inject({ method: 'POST', url: `/api/admin/reviews/${reviewId}/${action}`, headers: bearer(token) });

    const publicIds = async (productId: string) =>
      value(await host.apis.reviews.listReviews(productId, {})).items.map((review: Review) => review.id);

    /** Waits until the catalog shows this rating (events travel through the relays). */
    async function ratingBecomes(productId: string, rating: { average: number; count: number }): Promise<void> {
      const current = async () => value(await host.apis.catalog.getProduct(productId)).rating;
      await eventually(async () => JSON.stringify(await current()) === JSON.stringify(rating));
      assert.deepEqual(await current(), rating);
    }

    async function reviewed(ratings: readonly number[]) {
      const product = await host.product('Moderated Pot');
      const reviews: Review[] = [];
      for (const rating of ratings) {
        const author = await host.customer();
        reviews.push(
          value(
            await host.apis.reviews.postReview(author.id, product.id, { rating, title: `Rated ${rating}`, body: '' }),
          ),
        );
      }
      return { product, reviews };
    }

    it('lets admin and support call the staff routes, and answers 401 to nobody and 403 to others', async () => {
      assert.deepEqual(await probeAdminRoutes(host.app, await host.probeTokens()), []);
    });

    it('hides a review from the public list and restores it; a second hide or restore is 409', async () => {
      const { product, reviews } = await reviewed([5, 1]);
      const [five, one] = reviews;
      assert.ok(five !== undefined && one !== undefined);
      const hidden = await moderate(one.id, 'hide');
      assert.equal(hidden.statusCode, 200, hidden.body);
      const body = hidden.json() as AdminReview;
      assert.equal(body.status, 'hidden');
      assert.equal(body.customerId.startsWith('cus_'), true);
      assert.equal(typeof body.moderatedAt, 'string');
      assert.deepEqual(await publicIds(product.id), [five.id]);
      const again = await moderate(one.id, 'hide');
      assert.equal(again.statusCode, 409);
      assert.equal(again.json().error.code, 'review_already_hidden');

      const restored = await moderate(one.id, 'restore');
      assert.equal(restored.statusCode, 200);
      assert.equal(restored.json().status, 'visible');
      assert.deepEqual((await publicIds(product.id)).sort(), [five.id, one.id].sort());
      const twice = await moderate(one.id, 'restore');
      assert.equal(twice.statusCode, 409);
      assert.equal(twice.json().error.code, 'review_already_visible');
      const unknown = await moderate('rev_missing', 'hide');
      assert.equal(unknown.statusCode, 404);
      assert.equal(unknown.json().error.code, 'review_not_found');
    });

    it('publishes each change with the product aggregate at the next version, and the catalog follows', async () => {
      const { product, reviews } = await reviewed([5, 2]);
      const [five] = reviews;
      assert.ok(five !== undefined);
      assert.equal((await moderate(five.id, 'hide')).statusCode, 200);
      const events = await outboxEvents(host, product.id);
      assert.deepEqual(
        events.map((event) => [event.type, (event.data as ReviewModeratedData).productRating]),
        [
          ['reviews.review_posted', { count: 1, sum: 5, average: 5, version: 1 }],
          ['reviews.review_posted', { count: 2, sum: 7, average: 3.5, version: 2 }],
          ['reviews.review_hidden', { count: 1, sum: 2, average: 2, version: 3 }],
        ],
      );
      await ratingBecomes(product.id, { average: 2, count: 1 });
      assert.equal((await moderate(five.id, 'restore')).statusCode, 200);
      await ratingBecomes(product.id, { average: 3.5, count: 2 });
      const { rows } = await host.db.query('SELECT rating_version FROM catalog.products WHERE id = $1', [product.id]);
      assert.deepEqual(rows, [{ rating_version: 4 }]);
    });

    it('records who hid and restored, with the review before and after, in the audit log', async () => {
      const { reviews } = await reviewed([3]);
      const [three] = reviews;
      assert.ok(three !== undefined);
      await moderate(three.id, 'hide');
      await moderate(three.id, 'restore');
      const { rows } = await host.db.query<{
        action: string;
        actor_id: string;
        actor_role: string;
        before: AdminReview;
        after: AdminReview;
      }>(
        'SELECT action, actor_id, actor_role, before, after FROM reviews.audit_log WHERE entity_id = $1 ORDER BY occurred_at, action',
        [three.id],
      );
      assert.deepEqual(
        rows.map((row) => [row.action, row.actor_id, row.actor_role, row.before.status, row.after.status]),
        [
          ['reviews.hide_review', moderator.id, 'support', 'visible', 'hidden'],
          ['reviews.restore_review', moderator.id, 'support', 'hidden', 'visible'],
        ],
      );
      assert.equal(rows[0]?.before.moderatedAt, null);
      assert.equal(rows[1]?.before.moderatedAt, rows[0]?.after.moderatedAt);
    });

    it('lists every review for staff, filtered by status and product, a page at a time', async () => {
      const { product, reviews } = await reviewed([4, 4, 2]);
      const hiddenId = reviews[2]?.id ?? '';
      await moderate(hiddenId, 'hide');
      const get = async (query: string) => {
        const response = await host.app.inject({
          method: 'GET',
          url: `/api/admin/reviews${query}`,
          headers: bearer(moderator.token),
        });
        assert.equal(response.statusCode, 200, response.body);
        return response.json() as { items: AdminReview[]; nextCursor: string | null };
      };
      const all = await get(`?productId=${product.id}`);
      assert.deepEqual(all.items.map((review) => review.id).sort(), reviews.map((review) => review.id).sort());
      const hidden = await get(`?productId=${product.id}&status=hidden`);
      assert.deepEqual(
        hidden.items.map((review) => [review.id, review.status]),
        [[hiddenId, 'hidden']],
      );
      const firstPage = await get(`?productId=${product.id}&limit=2`);
      assert.equal(firstPage.items.length, 2);
      const secondPage = await get(`?productId=${product.id}&limit=2&cursor=${firstPage.nextCursor}`);
      assert.equal(secondPage.items.length, 1);
      assert.equal(secondPage.nextCursor, null);
      const queue = await get('?status=hidden&limit=100');
      assert.ok(queue.items.every((review) => review.status === 'hidden'));
      const refused = await host.app.inject({
        method: 'GET',
        url: '/api/admin/reviews?status=deleted',
        headers: bearer(moderator.token),
      });
      assert.equal(refused.statusCode, 400);
    });
  });
}
