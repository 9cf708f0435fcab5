import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { errorBody, PageQuery, replyResult } from '@mercato/platform/http';
import type { ObjectStore } from '@mercato/platform/storage';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { type CatalogApi, CategorySchema, ProductPageSchema, ProductSchema, productSorts } from './contract.ts';
import { keyOfImagePath } from './domain/image.ts';
import { queryLimits } from './domain/query.ts';
import { adminRoutes } from './http/admin.ts';
import { catalogStatuses } from './http/statuses.ts';

/**
 * The read cache hands out the same object for every hit until an event replaces it,
 * so its JSON text is made once per object (with the route's response serializer) and
 * sent as is afterwards: a cached page costs no serialization.
 */
const serializedReads = new WeakMap<object, string>();

function sendCachedJson(reply: FastifyReply, value: object): FastifyReply {
  let text = serializedReads.get(value);
  if (text === undefined) {
    text = String(reply.serialize(value));
    serializedReads.set(value, text);
  }
  return reply.type('application/json; charset=utf-8').send(text);
}

export { catalogStatuses } from './http/statuses.ts';

const ListProductsQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: queryLimits.queryLengthMax })),
  category: Type.Optional(Type.String({ minLength: 1, maxLength: 120, pattern: '^[a-z0-9]+(-[a-z0-9]+)*$' })),
  minPrice: Type.Optional(Type.Integer({ minimum: 0, description: 'Lowest price, minor units, inclusive.' })),
  maxPrice: Type.Optional(Type.Integer({ minimum: 0, description: 'Highest price, minor units, inclusive.' })),
  inStock: Type.Optional(Type.Boolean({ description: 'true: only products with a variant in stock.' })),
  sort: Type.Optional(Type.Enum([...productSorts], { description: 'Default: relevance with q, newest without.' })),
  ...PageQuery,
});

const ProductParams = Type.Object({ idOrSlug: Type.String({ minLength: 1, maxLength: 200 }) });
const ImageParams = Type.Object({ hash: Type.String({ maxLength: 200 }), file: Type.String({ maxLength: 200 }) });

/** Served images never change (their URL is their content hash). */
const immutable = 'public, max-age=31536000, immutable';

/** The catalog's routes: the public reads and images here, the staff writes in `http/admin.ts`. */
export function catalogRoutes(api: CatalogApi, objects: ObjectStore) {
  return (fastify: FastifyInstance): void => {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

    app.get(
      '/api/products',
      {
        config: { auth: 'public' },
        schema: { tags: ['catalog'], querystring: ListProductsQuery, response: { 200: ProductPageSchema } },
      },
      async (request, reply) => {
        const result = await api.listProducts(request.query);
        return replyResult(reply, result, catalogStatuses, (value) => sendCachedJson(reply, value));
      },
    );

    app.get(
      '/api/products/:idOrSlug',
      {
        config: { auth: 'public' },
        schema: { tags: ['catalog'], params: ProductParams, response: { 200: ProductSchema } },
      },
      async (request, reply) => {
        const result = await api.getProduct(request.params.idOrSlug);
        return replyResult(reply, result, catalogStatuses, (value) => sendCachedJson(reply, value));
      },
    );

    app.get(
      '/api/categories',
      {
        config: { auth: 'public' },
        schema: { tags: ['catalog'], response: { 200: Type.Object({ items: Type.Array(CategorySchema) }) } },
      },
      async (_request, reply) => sendCachedJson(reply, await api.listCategories()),
    );

    app.get(
      '/images/:hash/:file',
      { config: { auth: 'public' }, schema: { tags: ['catalog'], params: ImageParams } },
      async (request, reply) => {
        const key = keyOfImagePath(request.params.hash, request.params.file);
        const stored = key === undefined ? undefined : await objects.get(key);
        if (stored === undefined) return reply.code(404).send(errorBody('image_not_found', 'No such image.'));
        const etag = `"${request.params.hash.slice(0, 32)}-${request.params.file}"`;
        reply.header('cache-control', immutable).header('etag', etag);
        if (request.headers['if-none-match'] === etag) return reply.code(304).send();
        return reply
          .type(stored.contentType)
          .send(Buffer.from(stored.bytes.buffer, stored.bytes.byteOffset, stored.bytes.byteLength));
      },
    );

    adminRoutes(fastify, api);
  };
}
