import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Body, PageQuery, replyResult } from '@mercato/platform/http';
import { PaymentInputSchema } from '@mercato/payments/contract';
import { ShippingAddressSchema, shippingMethodIds } from '@mercato/shipping/contract';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { type CheckoutApi, checkoutLimits, OrderPageSchema, OrderSchema } from './contract.ts';
import { adminRoutes } from './http/admin.ts';
import { returnRoutes } from './http/returns.ts';
import { checkoutStatuses, unavailableRetryAfterSeconds } from './http/statuses.ts';

export { checkoutStatuses } from './http/statuses.ts';

const tags = ['checkout'];

const CheckoutBody = Body({
  cartId: Type.String({ minLength: 1, maxLength: 64 }),
  email: Type.String({ minLength: 3, maxLength: checkoutLimits.emailLengthMax, pattern: '^[^\\s@]+@[^\\s@]+$' }),
  shippingAddress: ShippingAddressSchema,
  shippingMethod: Type.Enum([...shippingMethodIds]),
  payment: PaymentInputSchema,
});

const OrderAnswer = Type.Object({ order: OrderSchema });
const OrderParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
const TokenQuery = Type.Object({
  token: Type.Optional(Type.String({ minLength: 1, maxLength: 128, description: "A guest's order access token." })),
});

/**
 * Idempotency keys are the caller's: a customer's, or for a guest the cart's, so two
 * anonymous shoppers who happen to pick the same key never see each other's answer.
 */
function idempotencyScope(request: FastifyRequest): string {
  if (request.principal !== null) return request.principal.id;
  const cartId = (request.body as { cartId?: unknown } | undefined)?.cartId;
  return `cart:${typeof cartId === 'string' ? cartId : ''}`;
}

const unavailable = new Set([
  'inventory_unavailable',
  'payment_provider_unavailable',
  'shipping_carrier_unavailable',
  'checkout_unavailable',
]);

/** `POST /api/checkout` and the orders endpoints of API.md; the staff's in `http/admin.ts`. */
export function checkoutRoutes(api: CheckoutApi) {
  return (fastify: FastifyInstance): void => {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

    app.post(
      '/api/checkout',
      {
        config: { auth: 'public', idempotency: 'required', idempotencyScope },
        schema: { tags, body: CheckoutBody, response: { 201: OrderAnswer, 202: OrderAnswer } },
      },
      async (request, reply) => {
        const key = request.headers['idempotency-key'];
        const result = await api.checkout({
          ...request.body,
          customerId: request.principal?.id ?? null,
          ...(typeof key === 'string' ? { requestKey: `${idempotencyScope(request)}\u0000${key}` } : {}),
        });
        if (!result.ok && unavailable.has(result.code)) {
          reply.header('retry-after', String(unavailableRetryAfterSeconds));
        }
        return replyResult(reply, result, checkoutStatuses, ({ outcome, order }) =>
          reply.code(outcome === 'placed' ? 201 : 202).send({ order }),
        );
      },
    );

    app.get(
      '/api/orders',
      {
        config: { auth: 'customer' },
        schema: { tags, querystring: Type.Object({ ...PageQuery }), response: { 200: OrderPageSchema } },
      },
      async (request, reply) => {
        const result = await api.listOrders(request.principal!.id, request.query);
        return replyResult(reply, result, checkoutStatuses);
      },
    );

    app.get(
      '/api/orders/:id',
      {
        config: { auth: 'public' },
        schema: { tags, params: OrderParams, querystring: TokenQuery, response: { 200: OrderSchema } },
      },
      async (request, reply) => {
        const access = {
          customerId: request.principal?.id ?? null,
          ...(request.query.token === undefined ? {} : { token: request.query.token }),
        };
        const result = await api.getOrder(request.params.id, access);
        return replyResult(reply, result, checkoutStatuses);
      },
    );

    app.post(
      '/api/orders/:id/cancel',
      {
        config: { auth: 'public' },
        schema: { tags, params: OrderParams, querystring: TokenQuery, response: { 200: OrderSchema } },
      },
      async (request, reply) => {
        const access = {
          customerId: request.principal?.id ?? null,
          ...(request.query.token === undefined ? {} : { token: request.query.token }),
        };
        const result = await api.cancelOrder(request.params.id, access);
        return replyResult(reply, result, checkoutStatuses);
      },
    );

    adminRoutes(fastify, api);
    returnRoutes(fastify, api);
  };
}
