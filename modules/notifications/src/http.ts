import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Body, PageQuery, replyResult } from '@mercato/platform/http';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import {
  BackInStockSubscriptionSchema,
  MailboxPageSchema,
  type NotificationsApi,
  notificationsLimits,
} from './contract.ts';
import { notificationsStatuses } from './http/statuses.ts';

export { notificationsStatuses } from './http/statuses.ts';

/** Staff who answer customers may read what was sent to them. */
const mailboxReaders = { roles: ['admin', 'support'] } as const;

const SubscribeBody = Body({
  variantId: Type.String({ minLength: 1, maxLength: notificationsLimits.variantIdLengthMax }),
  email: Type.String({ minLength: 3, maxLength: notificationsLimits.emailLengthMax }),
});

const MailboxQuery = Type.Object({
  to: Type.Optional(
    Type.String({
      maxLength: notificationsLimits.emailLengthMax,
      description: 'One recipient; empty or absent lists every letter.',
    }),
  ),
  ...PageQuery,
});

/** `POST /api/back-in-stock` (public) and `GET /api/admin/mailbox` (staff). */
export function notificationsRoutes(api: NotificationsApi) {
  return (fastify: FastifyInstance): void => {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

    app.post(
      '/api/back-in-stock',
      {
        config: { auth: 'public' },
        schema: { tags: ['notifications'], body: SubscribeBody, response: { 201: BackInStockSubscriptionSchema } },
      },
      async (request, reply) => {
        const result = await api.subscribeBackInStock({ ...request.body, address: request.ip });
        // `rate_limited` carries `retryAfterSeconds`, which replyResult sends as Retry-After.
        return replyResult(reply, result, notificationsStatuses, (subscription) => reply.code(201).send(subscription));
      },
    );

    app.get(
      '/api/admin/mailbox',
      {
        config: { auth: mailboxReaders },
        schema: { tags: ['notifications admin'], querystring: MailboxQuery, response: { 200: MailboxPageSchema } },
      },
      async (request, reply) => {
        const { to, limit, cursor } = request.query;
        const result = await api.listMailbox({
          ...(to === undefined ? {} : { to }),
          ...(limit === undefined ? {} : { limit }),
          ...(cursor === undefined ? {} : { cursor }),
        });
        return replyResult(reply, result, notificationsStatuses);
      },
    );
  };
}
