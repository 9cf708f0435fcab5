import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { replyResult } from '@mercato/platform/http';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { countryPattern, type ShippingApi, ShippingMethodSchema } from './contract.ts';
import { shippingStatuses } from './http/statuses.ts';

export { shippingStatuses } from './http/statuses.ts';

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
