import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { replyResult, type StatusTable } from '@mercato/platform/http';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { countryPattern, type ShippingApi, type ShippingCode, ShippingMethodSchema } from './contract.ts';

/**
 * Every shipping failure code and its HTTP status; the compiler refuses a missing code.
 * Checkout answers these for its own routes when a shipping step fails.
 */
export const shippingStatuses: StatusTable<ShippingCode> = {
  invalid_country: 400,
  shipping_method_unavailable: 422,
  address_undeliverable: 422,
  invalid_shipment: 400,
  shipment_already_booked: 409,
  shipment_not_found: 404,
  shipment_not_cancellable: 409,
  shipment_status_conflict: 409,
  idempotency_key_reused: 422,
};

const MethodsQuery = Type.Object({
  country: Type.String({ pattern: countryPattern, description: 'ISO 3166-1 alpha-2, upper case (US).' }),
});

/**
 * `GET /api/shipping-methods?country=`: public. A malformed country is 400
 * `invalid_request`; a country the shop does not ship to answers `{ items: [] }`.
 */
export function shippingRoutes(api: ShippingApi) {
  return (fastify: FastifyInstance): void => {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
    app.get(
      '/api/shipping-methods',
      {
        config: { auth: 'public' },
        schema: {
          tags: ['shipping'],
          querystring: MethodsQuery,
          response: { 200: Type.Object({ items: Type.Array(ShippingMethodSchema) }) },
        },
      },
      async (request, reply) => {
        const result = await api.listMethods(request.query.country);
        return replyResult(reply, result, shippingStatuses);
      },
    );
  };
}
