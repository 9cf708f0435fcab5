import { actorOf } from '@mercato/platform/http';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { type Product, ProductSchema, type WriteOptions } from '../contract.ts';

/** Staff with either role may change the catalog; there is no role hierarchy, so both are listed. */
export const catalogWriters = { roles: ['admin', 'catalog'] } as const;

/** A product as admin answers show it: the public shape plus whether it is archived. */
export const AdminProductSchema = Type.Object({
  ...ProductSchema.properties,
  archived: Type.Boolean({ description: 'Archived products are hidden from every public read.' }),
});

export function adminProduct(product: Product, archived: boolean) {
  return { ...product, archived };
}

/** The staff member behind a request, for the audit log. The route rule guarantees one. */
export function staffWrite(request: FastifyRequest): WriteOptions {
  const { requestId, ...actor } = actorOf(request);
  return { actor, requestId };
}

export const ProductIdParams = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 200, examples: ['prod_example'] }),
});

/** The OpenAPI tag of the catalog's staff routes. */
export const tags = ['catalog admin'];
