import { createHash } from 'node:crypto';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { inventoryLimits } from '@mercato/inventory/contract';
import { actorOf, Body, PageQuery, replyResult } from '@mercato/platform/http';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { type CheckoutApi, checkoutLimits, ReturnPageSchema, ReturnSchema, returnStatuses } from '../contract.ts';
import { ItemQuantityBody } from './shared.ts';
import { checkoutStatuses } from './statuses.ts';

const ReturnBody = Body({
  items: Type.Array(ItemQuantityBody, { minItems: 1, maxItems: checkoutLimits.requestItemsMax }),
  reason: Type.String({ minLength: 1, maxLength: checkoutLimits.returnReasonLengthMax, pattern: '\\S' }),
});
const ReceiveBody = Body({
  locationId: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: inventoryLimits.locationIdLengthMax,
      description: 'Where the goods go back into stock; default loc_default.',
    }),
  ),
});
const OrderParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
const ReturnParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
const TokenQuery = Type.Object({
  token: Type.Optional(Type.String({ minLength: 1, maxLength: 128, description: "A guest's order access token." })),
});
const ListQuery = Type.Object({ status: Type.Optional(Type.Enum([...returnStatuses])), ...PageQuery });
const ReturnAnswer = Type.Object({ return: ReturnSchema });

/** No role hierarchy: every role that may call a route is listed. */
const returnStaff = { roles: ['admin', 'support'] } as const;

/**
 * Idempotency keys of a return request are the customer's, or for a guest the order's
 * and token's (hashed: the scope is stored), so two guests never share a key.
 */
function guestScope(request: FastifyRequest): string {
  if (request.principal !== null) return request.principal.id;
  const id = (request.params as { id?: unknown } | undefined)?.id;
  const token = (request.query as { token?: unknown } | undefined)?.token;
  const hash = createHash('sha256')
    .update(typeof token === 'string' ? token : '')
    .digest('hex')
    .slice(0, 32);
  return `order:${typeof id === 'string' ? id : ''}:${hash}`;
}

/** `POST /api/orders/{id}/returns` (API.md) and the staff's return routes. */
export function returnRoutes(fastify: FastifyInstance, api: CheckoutApi): void {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.post(
    '/api/orders/:id/returns',
    {
      config: { auth: 'public', idempotencyScope: guestScope },
      schema: {
        tags: ['checkout'],
        params: OrderParams,
        querystring: TokenQuery,
        body: ReturnBody,
        response: { 201: ReturnAnswer },
      },
    },
    async (request, reply) => {
      const access = {
        customerId: request.principal?.id ?? null,
        ...(request.query.token === undefined ? {} : { token: request.query.token }),
      };
      const result = await api.requestReturn(request.params.id, access, request.body);
      return replyResult(reply, result, checkoutStatuses, (value) => reply.code(201).send({ return: value }));
    },
  );

  const tags = ['returns admin'];

  app.get(
    '/api/admin/returns',
    { config: { auth: returnStaff }, schema: { tags, querystring: ListQuery, response: { 200: ReturnPageSchema } } },
    async (request, reply) => {
      const result = await api.adminListReturns(request.query);
      return replyResult(reply, result, checkoutStatuses);
    },
  );

  app.post(
    '/api/admin/returns/:id/accept',
    { config: { auth: returnStaff }, schema: { tags, params: ReturnParams, response: { 200: ReturnSchema } } },
    async (request, reply) => {
      const result = await api.acceptReturn(actorOf(request), request.params.id);
      return replyResult(reply, result, checkoutStatuses);
    },
  );

  app.post(
    '/api/admin/returns/:id/reject',
    { config: { auth: returnStaff }, schema: { tags, params: ReturnParams, response: { 200: ReturnSchema } } },
    async (request, reply) => {
      const result = await api.rejectReturn(actorOf(request), request.params.id);
      return replyResult(reply, result, checkoutStatuses);
    },
  );

  app.post(
    '/api/admin/returns/:id/receive',
    {
      config: { auth: returnStaff },
      schema: { tags, params: ReturnParams, body: ReceiveBody, response: { 200: ReturnSchema } },
      // The body is optional (`{}` by default): a POST without one still validates.
      preValidation: async (request) => {
        request.body ??= {};
      },
    },
    async (request, reply) => {
      const result = await api.receiveReturn(actorOf(request), request.params.id, request.body);
      return replyResult(reply, result, checkoutStatuses);
    },
  );
}
