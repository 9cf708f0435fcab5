import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Body, PageQuery, replyResult } from '@mercato/platform/http';
import { assert } from '@mercato/platform/kernel';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { type ReviewsApi, ReviewPageSchema, ReviewSchema, reviewLimits } from './contract.ts';
import { adminRoutes } from './http/admin.ts';
import { reviewsStatuses } from './http/statuses.ts';

export { reviewsStatuses } from './http/statuses.ts';

const tags = ['reviews'];
const ProductParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: reviewLimits.idLengthMax }) });
const NewReviewBody = Body({
  rating: Type.Integer({ minimum: reviewLimits.ratingMin, maximum: reviewLimits.ratingMax }),
  title: Type.String({ minLength: 1, maxLength: reviewLimits.titleLengthMax, pattern: '\\S' }),
  body: Type.String({ maxLength: reviewLimits.bodyLengthMax }),
});

/** The public review routes of API.md, and the staff moderation routes (`http/admin.ts`). */
export function reviewsRoutes(api: ReviewsApi) {
  return (fastify: FastifyInstance): void => {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

    app.get(
      '/api/products/:id/reviews',
      {
        config: { auth: 'public' },
        schema: {
          tags,
          params: ProductParams,
          querystring: Type.Object({ ...PageQuery }),
          response: { 200: ReviewPageSchema },
        },
      },
      async (request, reply) => {
        const result = await api.listReviews(request.params.id, request.query);
        return replyResult(reply, result, reviewsStatuses);
      },
    );

    app.post(
      '/api/products/:id/reviews',
      {
        config: { auth: 'customer' },
        schema: {
          tags,
          description:
            'One review per customer and product; `verifiedPurchase` when the customer has a delivered order with it.',
          params: ProductParams,
          body: NewReviewBody,
          response: { 201: ReviewSchema },
        },
      },
      async (request, reply) => {
        const principal = request.principal;
        assert(principal !== null, 'a customer route ran without a principal');
        const result = await api.postReview(principal.id, request.params.id, request.body);
        return replyResult(reply, result, reviewsStatuses, (value) => reply.code(201).send(value));
      },
    );

    adminRoutes(fastify, api);
  };
}
