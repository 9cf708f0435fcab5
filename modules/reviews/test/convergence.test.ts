import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { EventEnvelope } from '@mercato/platform/bus';
import { testDbTargets } from '@mercato/platform/db/testing';
import fc from 'fast-check';
import { averageOf } from '../src/domain/rating.ts';
import { bootReviews, outboxEvents, type ReviewsHost, value } from './support.ts';

/**
 * The catalog's rating read model converges to the truth of the reviews module: random
 * sequences of posts, hides and restores run through the reviews API, and the events
 * they publish reach the catalog's handler shuffled, each at least twice, some more.
 * Deliveries go straight to the handler, past the inbox, so that repeats really reach
 * it (the inbox would otherwise drop them by event id): the version check alone must
 * make late and repeated events harmless.
 */

const authorsCount = 5;
const staff = { id: 'stf_moderator', role: 'support' };

type Command =
  | { readonly kind: 'post'; readonly author: number; readonly rating: number }
  | { readonly kind: 'hide' | 'restore'; readonly target: number };

const command: fc.Arbitrary<Command> = fc.oneof(
  fc.record({
    kind: fc.constant('post' as const),
    author: fc.nat({ max: authorsCount - 1 }),
    rating: fc.integer({ min: 1, max: 5 }),
  }),
  fc.record({ kind: fc.constantFrom('hide' as const, 'restore' as const), target: fc.nat({ max: 20 }) }),
);

/** The commands, and how their events travel: sort keys that shuffle them, and extra repeats. */
const scenario = fc.record({
  commands: fc.array(command, { minLength: 1, maxLength: 16 }),
  shuffleKeys: fc.array(fc.nat({ max: 1000 }), { minLength: 1, maxLength: 40 }),
  repeats: fc.array(fc.nat(), { maxLength: 8 }),
});
type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

/** Every event twice plus the repeats, in the order the shuffle keys give. */
function deliveryOrder(events: readonly EventEnvelope[], { shuffleKeys, repeats }: Scenario): EventEnvelope[] {
  if (events.length === 0) return [];
  const deliveries = [...events, ...events, ...repeats.map((index) => events[index % events.length] as EventEnvelope)];
  return deliveries
    .map((event, index) => ({ event, index, key: shuffleKeys[index % shuffleKeys.length] ?? 0 }))
    .sort((a, b) => a.key - b.key || a.index - b.index)
    .map(({ event }) => event);
}

type Apply = (event: EventEnvelope) => Promise<void>;

for (const target of testDbTargets()) {
  describe(`review aggregates in the catalog on ${target.name}`, { skip: target.skipReason }, () => {
    let host: ReviewsHost;
    let authors: { id: string }[];
    let catalogHandler: Apply;

    before(async () => {
      // Relays stay still: the test alone moves events, in the order it chooses.
      host = await bootReviews(target, { start: false });
      authors = [];
      for (let index = 0; index < authorsCount; index++) authors.push(await host.customer());
      const catalogSubscriptions = host.host.instances.get('catalog')?.subscriptions ?? [];
      const subscription = catalogSubscriptions.find((candidate) => candidate.types.includes('reviews.review_hidden'));
      assert.ok(subscription, 'the catalog consumes reviews.review_hidden');
      assert.deepEqual([...subscription.types].sort(), [
        'reviews.review_hidden',
        'reviews.review_posted',
        'reviews.review_restored',
      ]);
      catalogHandler = (event) => host.db.transaction((tx) => subscription.handle(event, tx));
    });

    after(() => host?.close());

    /** Runs the commands on a new product and answers the truth: count and sum of its visible ratings. */
    async function runCommands(
      productId: string,
      commands: readonly Command[],
    ): Promise<{ count: number; sum: number }> {
      const truth = new Map<string, { rating: number; visible: boolean }>();
      const posted: string[] = [];
      for (const next of commands) {
        if (next.kind === 'post') {
          const author = authors[next.author]?.id ?? '';
          const result = await host.apis.reviews.postReview(author, productId, {
            rating: next.rating,
            title: 'Rated',
            body: '',
          });
          if (!result.ok) {
            assert.equal(result.code, 'already_reviewed');
            continue;
          }
          truth.set(result.value.id, { rating: next.rating, visible: true });
          posted.push(result.value.id);
          continue;
        }
        const reviewId = posted[next.target % Math.max(posted.length, 1)];
        if (reviewId === undefined) continue;
        const { reviews } = host.apis;
        const result =
          next.kind === 'hide'
            ? await reviews.hideReview(staff, reviewId)
            : await reviews.restoreReview(staff, reviewId);
        if (!result.ok) {
          assert.equal(result.code, next.kind === 'hide' ? 'review_already_hidden' : 'review_already_visible');
          continue;
        }
        const review = truth.get(reviewId);
        assert.ok(review !== undefined);
        review.visible = next.kind === 'restore';
      }
      const visible = [...truth.values()].filter((review) => review.visible);
      return { count: visible.length, sum: visible.reduce((total, review) => total + review.rating, 0) };
    }

    /** One scenario end to end: true when the catalog ends on the truth. */
    async function converges(input: Scenario, apply: Apply): Promise<boolean> {
      const product = await host.product('Convergent Kettle');
      const truth = await runCommands(product.id, input.commands);
      // The owner's own aggregate and public list agree with the model first.
      const page = value(await host.apis.reviews.listReviews(product.id, { limit: 100 }));
      assert.equal(page.items.length, truth.count, 'hidden reviews are not listed');
      for (const event of deliveryOrder(await outboxEvents(host, product.id), input)) await apply(event);
      const { rows } = await host.db.query<{ count: number; sum: number; average: number }>(
        'SELECT rating_count AS count, rating_sum AS sum, rating_average AS average FROM catalog.products WHERE id = $1',
        [product.id],
      );
      const row = rows[0];
      return (
        row !== undefined &&
        row.count === truth.count &&
        row.sum === truth.sum &&
        row.average === averageOf(truth.count, truth.sum)
      );
    }

    it('converges to the average of the visible reviews whatever the order and repeats of delivery', async () => {
      await fc.assert(
        fc.asyncProperty(scenario, (input) => converges(input, catalogHandler)),
        { numRuns: 50 },
      );
    });

    it('would not converge with a consumer that lets the last delivered event win (the test can fail)', async () => {
      const lastWins: Apply = async (event) => {
        const { productId, productRating } = event.data as {
          productId: string;
          productRating: { count: number; sum: number };
        };
        await host.db.query('UPDATE catalog.products SET rating_count = $2, rating_sum = $3 WHERE id = $1', [
          productId,
          productRating.count,
          productRating.sum,
        ]);
      };
      const details = await fc.check(
        fc.asyncProperty(scenario, (input) => converges(input, lastWins)),
        { numRuns: 25, endOnFailure: true },
      );
      assert.equal(details.failed, true, 'some delivery order leaves a last-writer-wins consumer on a stale aggregate');
    });
  });
}
