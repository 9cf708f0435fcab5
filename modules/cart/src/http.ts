import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Body, replyResult } from '@mercato/platform/http';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { type CallerId, type CartApi, CartSchema, cartLimits } from './contract.ts';
import { discountAdminRoutes } from './http/admin.ts';
import { cartStatuses } from './http/statuses.ts';

export { cartStatuses } from './http/statuses.ts';

const idLengthMax = 64;
const CartParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: idLengthMax }) });
const ItemParams = Type.Object({
  id: Type.String({ minLength: 1, maxLength: idLengthMax }),
  itemId: Type.String({ minLength: 1, maxLength: idLengthMax }),
});
// Closed bodies: a price (or anything else) a client sends is an unknown field, 400.
const EmptyBody = Body({});
const AddItemBody = Body({
  variantId: Type.String({ minLength: 1, maxLength: idLengthMax }),
  quantity: Type.Integer({ minimum: 1, maximum: cartLimits.quantityMax }),
});
const UpdateItemBody = Body({
  quantity: Type.Integer({ minimum: 0, maximum: cartLimits.quantityMax, description: '0 removes the line.' }),
});
const DiscountBody = Body({
  code: Type.String({ minLength: 1, maxLength: 64, description: 'Case-insensitive; surrounding spaces are ignored.' }),
});
const answers = { 200: CartSchema };
const tags = ['cart'];

/** A signed-in caller owns what they create; everyone else is anonymous. */
function callerOf(request: FastifyRequest): CallerId {
  return request.principal?.id ?? null;
}

/**
 * Idempotency keys are scoped to the caller: the customer, or for an anonymous caller
 * the cart the request names (API.md "Idempotency"), so two anonymous shoppers' keys
 * never meet. An anonymous create names no cart yet; one shared scope would let a
 * reused key replay another shopper's new cart (its id is all it takes to use it), so
 * those keys are scoped to the client address: a retry from elsewhere at worst makes
 * a second empty cart.
 */
function cartScope(request: FastifyRequest): string {
  const principal = request.principal;
  if (principal !== null) return principal.id;
  const { id } = request.params as { id?: string };
  return id === undefined ? `anonymous:${request.ip}` : `cart:${id}`;
}

const publicRoute = { auth: 'public', idempotencyScope: cartScope } as const;

/** `{}` is the documented body of the bodiless POSTs; a request without any body means the same. */
function emptyBodyDefault(request: FastifyRequest, _reply: unknown, done: () => void): void {
  if (request.body === undefined) request.body = {};
  done();
}

/**
 * API.md "Carts" and the discount routes. Every cart route is public (anonymous carts);
 * ownership is the service's rule. The staff's discount routes are in `http/admin.ts`.
 */
export function cartRoutes(api: CartApi) {
  return (fastify: FastifyInstance): void => {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

    app.post(
      '/api/carts',
      {
        config: publicRoute,
        preValidation: emptyBodyDefault,
        schema: { tags, body: EmptyBody, response: { 201: CartSchema } },
      },
      async (request, reply) => reply.code(201).send(await api.createCart(callerOf(request))),
    );

    app.get(
      '/api/carts/current',
      { config: { auth: 'customer' }, schema: { tags, response: answers } },
      async (request, reply) => {
        const result = await api.getCurrentCart(request.principal!.id);
        return replyResult(reply, result, cartStatuses);
      },
    );

    app.get(
      '/api/carts/:id',
      { config: publicRoute, schema: { tags, params: CartParams, response: answers } },
      async (request, reply) => {
        const result = await api.getCart(request.params.id, callerOf(request));
        return replyResult(reply, result, cartStatuses);
      },
    );

    app.post(
      '/api/carts/:id/items',
      { config: publicRoute, schema: { tags, params: CartParams, body: AddItemBody, response: answers } },
      async (request, reply) => {
        const result = await api.addItem(request.params.id, callerOf(request), request.body);
        return replyResult(reply, result, cartStatuses);
      },
    );

    app.patch(
      '/api/carts/:id/items/:itemId',
      { config: publicRoute, schema: { tags, params: ItemParams, body: UpdateItemBody, response: answers } },
      async (request, reply) => {
        const { id, itemId } = request.params;
        const result = await api.updateItem(id, callerOf(request), itemId, request.body.quantity);
        return replyResult(reply, result, cartStatuses);
      },
    );

    app.delete(
      '/api/carts/:id/items/:itemId',
      { config: publicRoute, schema: { tags, params: ItemParams, response: answers } },
      async (request, reply) => {
        const result = await api.removeItem(request.params.id, callerOf(request), request.params.itemId);
        return replyResult(reply, result, cartStatuses);
      },
    );

    cartMergeAndDiscountRoutes(api)(fastify);
  };
}

/** Merging an anonymous cart into the caller's at login, and the discount code on a cart. */
function cartMergeAndDiscountRoutes(api: CartApi) {
  return (fastify: FastifyInstance): void => {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

    app.post(
      '/api/carts/:id/merge',
      {
        config: { auth: 'customer' },
        preValidation: emptyBodyDefault,
        schema: {
          tags,
          description:
            'Call right after login: merges the anonymous cart {id} into the caller’s open cart and answers that cart.',
          params: CartParams,
          body: EmptyBody,
          response: answers,
        },
      },
      async (request, reply) => {
        const result = await api.mergeCarts(request.params.id, request.principal!.id);
        return replyResult(reply, result, cartStatuses);
      },
    );

    app.post(
      '/api/carts/:id/discount',
      {
        config: publicRoute,
        schema: {
          tags,
          description: 'Puts a discount code on the cart (replacing any it held); its amount shows in totals.discount.',
          params: CartParams,
          body: DiscountBody,
          response: answers,
        },
      },
      async (request, reply) => {
        const result = await api.applyDiscount(request.params.id, callerOf(request), request.body.code);
        return replyResult(reply, result, cartStatuses);
      },
    );

    app.delete(
      '/api/carts/:id/discount',
      { config: publicRoute, schema: { tags, params: CartParams, response: answers } },
      async (request, reply) => {
        const result = await api.removeDiscount(request.params.id, callerOf(request));
        return replyResult(reply, result, cartStatuses);
      },
    );

    discountAdminRoutes(fastify, api);
  };
}
