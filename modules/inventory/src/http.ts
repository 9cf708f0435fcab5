import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { actorOf, Body, PageQuery, replyResult } from '@mercato/platform/http';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { type InventoryApi, inventoryLimits, StockLevelPageSchema, StockLevelSchema } from './contract.ts';
import { inventoryStatuses } from './http/statuses.ts';

export { inventoryStatuses } from './http/statuses.ts';

const tags = ['inventory admin'];
/** No role hierarchy: every role that may call a route is listed. */
const stockReaders = { roles: ['admin', 'catalog', 'support'] } as const;
const stockWriters = { roles: ['admin', 'catalog'] } as const;

const Sku = Type.String({
  minLength: 1,
  maxLength: inventoryLimits.skuLengthMax,
  pattern: '^[A-Za-z0-9][A-Za-z0-9._-]*$',
});

const ListQuery = Type.Object({
  sku: Type.Optional(
    Type.String({ maxLength: inventoryLimits.skuLengthMax, description: 'One SKU; empty or absent lists every SKU.' }),
  ),
  ...PageQuery,
});
const SkuParams = Type.Object({ sku: Sku });
const AdjustmentBody = Body({
  delta: Type.Integer({
    minimum: -inventoryLimits.adjustmentDeltaMax,
    maximum: inventoryLimits.adjustmentDeltaMax,
    not: { const: 0 },
    description: 'Units added (positive) or removed (negative); onHand never goes below reserved.',
  }),
  reason: Type.String({ minLength: 1, maxLength: inventoryLimits.reasonLengthMax, pattern: '\\S' }),
  locationId: Type.Optional(
    Type.String({ minLength: 1, maxLength: inventoryLimits.locationIdLengthMax, description: 'Default loc_default.' }),
  ),
});

/** `GET /api/admin/inventory` and `POST /api/admin/inventory/{sku}/adjustments` (API.md "Admin"). */
export function inventoryRoutes(api: InventoryApi) {
  return (fastify: FastifyInstance): void => {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

    app.get(
      '/api/admin/inventory',
      {
        config: { auth: stockReaders },
        schema: { tags, querystring: ListQuery, response: { 200: StockLevelPageSchema } },
      },
      async (request, reply) => {
        const { sku, limit, cursor } = request.query;
        const result = await api.listLevels({
          ...(sku === undefined || sku === '' ? {} : { sku }),
          ...(limit === undefined ? {} : { limit }),
          ...(cursor === undefined ? {} : { cursor }),
        });
        return replyResult(reply, result, inventoryStatuses);
      },
    );

    app.post(
      '/api/admin/inventory/:sku/adjustments',
      {
        config: { auth: stockWriters },
        schema: { tags, params: SkuParams, body: AdjustmentBody, response: { 200: StockLevelSchema } },
      },
      async (request, reply) => {
        const { delta, reason, locationId } = request.body;
        const { requestId, ...actor } = actorOf(request);
        const result = await api.adjust({
          sku: request.params.sku,
          delta,
          reason,
          ...(locationId === undefined ? {} : { locationId }),
          actor,
          requestId,
        });
        return replyResult(reply, result, inventoryStatuses);
      },
    );
  };
}
