import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { actorOf, PageQuery, replyResult } from '@mercato/platform/http';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import {
  AdminReviewPageSchema,
  AdminReviewSchema,
  type ReviewsApi,
  reviewLimits,
  reviewStatuses,
} from '../contract.ts';
import { reviewsStatuses } from './statuses.ts';

const tags = ['reviews admin'];
/** Moderation is customer care's work as much as an admin's; no role hierarchy, so both are listed. */
const moderators = { roles: ['admin', 'support'] } as const;

const ReviewIdParams = Type.Object({
  id: Type.String({ minLength: 1, maxLength: reviewLimits.idLengthMax, examples: ['rev_example'] }),
});
const AdminListQuery = Type.Object({
  status: Type.Optional(Type.Enum([...reviewStatuses], { description: 'Only reviews in this status.' })),
  productId: Type.Optional(
    Type.String({ maxLength: reviewLimits.idLengthMax, description: 'Only reviews of this product.' }),
  ),
  ...PageQuery,
});

/** `GET /api/admin/reviews`, `POST /api/admin/reviews/{id}/hide` and `/restore`. */
export function adminRoutes(fastify: FastifyInstance, api: ReviewsApi): void {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/api/admin/reviews',
    {
      config: { auth: moderators },
      schema: { tags, querystring: AdminListQuery, response: { 200: AdminReviewPageSchema } },
    },
    async (request, reply) => {
      const result = await api.adminListReviews(request.query);
      return replyResult(reply, result, reviewsStatuses);
    },
  );

  app.post(
    '/api/admin/reviews/:id/hide',
    {
      config: { auth: moderators },
      schema: {
        tags,
        description: 'Takes the review out of lists and ratings.',
        params: ReviewIdParams,
        response: { 200: AdminReviewSchema },
      },
    },
    async (request, reply) => {
      const result = await api.hideReview(actorOf(request), request.params.id);
      return replyResult(reply, result, reviewsStatuses);
    },
  );

  app.post(
    '/api/admin/reviews/:id/restore',
    {
      config: { auth: moderators },
      schema: {
        tags,
        description: 'Shows a hidden review again.',
        params: ReviewIdParams,
        response: { 200: AdminReviewSchema },
      },
    },
    async (request, reply) => {
      const result = await api.restoreReview(actorOf(request), request.params.id);
      return replyResult(reply, result, reviewsStatuses);
    },
  );
}
