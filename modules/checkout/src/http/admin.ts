import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { actorOf, Body, MoneySchema, PageQuery, replyResult } from '@mercato/platform/http';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { type CheckoutApi, checkoutLimits, OrderPageSchema, OrderSchema, orderStatuses } from '../contract.ts';
import { ItemQuantityBody } from './shared.ts';
import { checkoutStatuses } from './statuses.ts';

const tags = ['orders admin'];
/** No role hierarchy: every role that may call a route is listed. */
const orderStaff = { roles: ['admin', 'support'] } as const;
const refunders = { roles: ['admin'] } as const;

const OrderParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
const ListQuery = Type.Object({ status: Type.Optional(Type.Enum([...orderStatuses])), ...PageQuery });
const FulfillBody = Body({
  carrier: Type.String({ minLength: 1, maxLength: checkoutLimits.carrierLengthMax, pattern: '\\S' }),
  trackingNumber: Type.String({ minLength: 1, maxLength: checkoutLimits.trackingNumberLengthMax, pattern: '\\S' }),
  items: Type.Optional(
    Type.Array(ItemQuantityBody, {
      minItems: 1,
      maxItems: checkoutLimits.requestItemsMax,
      description: 'The parcel’s units; absent: everything not yet fulfilled.',
    }),
  ),
});
const RefundBody = Body({
  amount: MoneySchema,
  reason: Type.String({ minLength: 1, maxLength: checkoutLimits.refundReasonLengthMax, pattern: '\\S' }),
  returnId: Type.Optional(
    Type.String({ minLength: 1, maxLength: 64, description: 'The received return this refund pays back.' }),
  ),
});

/** API.md "Admin": the staff's order list and the fulfill, deliver and refund writes. */
export function adminRoutes(fastify: FastifyInstance, api: CheckoutApi): void {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/api/admin/orders',
    { config: { auth: orderStaff }, schema: { tags, querystring: ListQuery, response: { 200: OrderPageSchema } } },
    async (request, reply) => {
      const result = await api.adminListOrders(request.query);
      return replyResult(reply, result, checkoutStatuses);
    },
  );

  app.get(
    '/api/admin/orders/:id',
    { config: { auth: orderStaff }, schema: { tags, params: OrderParams, response: { 200: OrderSchema } } },
    async (request, reply) => {
      const result = await api.adminGetOrder(request.params.id);
      return replyResult(reply, result, checkoutStatuses);
    },
  );

  app.post(
    '/api/admin/orders/:id/fulfill',
    {
      config: { auth: orderStaff },
      schema: { tags, params: OrderParams, body: FulfillBody, response: { 200: OrderSchema } },
    },
    async (request, reply) => {
      const result = await api.fulfillOrder(actorOf(request), request.params.id, request.body);
      return replyResult(reply, result, checkoutStatuses);
    },
  );

  app.post(
    '/api/admin/orders/:id/deliver',
    { config: { auth: orderStaff }, schema: { tags, params: OrderParams, response: { 200: OrderSchema } } },
    async (request, reply) => {
      const result = await api.deliverOrder(actorOf(request), request.params.id);
      return replyResult(reply, result, checkoutStatuses);
    },
  );

  app.post(
    '/api/admin/orders/:id/refund',
    {
      config: { auth: refunders },
      schema: { tags, params: OrderParams, body: RefundBody, response: { 200: OrderSchema } },
    },
    async (request, reply) => {
      const result = await api.refundOrder(actorOf(request), request.params.id, request.body);
      return replyResult(reply, result, checkoutStatuses);
    },
  );
}
