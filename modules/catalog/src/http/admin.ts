import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Body, MoneySchema, replyResult } from '@mercato/platform/http';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { type CatalogApi, CategorySchema } from '../contract.ts';
import { productLimits } from '../domain/product.ts';
import { slugLengthMax } from '../domain/slug.ts';
import { AdminProductSchema, adminProduct, catalogWriters, ProductIdParams, staffWrite, tags } from './staff.ts';
import { catalogStatuses } from './statuses.ts';
import { imageUploadRoutes } from './upload.ts';

// Bodies mirror the contract's write inputs. They are closed (`Body`), so a client-sent
// `id`, `createdAt` or `available` is a 400; the domain rules (domain/product.ts) run again
// in the service and answer 400 `invalid_product` for what a schema cannot say.

const Id = Type.String({ minLength: 1, maxLength: 200 });
const Slug = Type.String({ minLength: 1, maxLength: slugLengthMax, pattern: '^[a-z0-9]+(-[a-z0-9]+)*$' });
const Title = Type.String({ minLength: 1, maxLength: productLimits.titleLengthMax });
const Description = Type.String({ maxLength: productLimits.descriptionLengthMax });
const Options = Type.Record(Type.String(), Type.String({ maxLength: productLimits.optionLengthMax }), {
  maxProperties: productLimits.optionsMax,
  description: 'Option names to values, e.g. { "size": "M" }.',
});
const CategoryIds = Type.Array(Id, {
  maxItems: productLimits.categoriesMax,
  description: 'Replaces the product’s categories.',
});

const NewVariantBody = Body({
  sku: Type.String({ minLength: 1, maxLength: productLimits.skuLengthMax, pattern: '^[A-Za-z0-9][A-Za-z0-9._-]*$' }),
  title: Title,
  options: Options,
  price: MoneySchema,
  initialStock: Type.Optional(
    Type.Integer({ minimum: 0, maximum: productLimits.stockMax, description: 'Starting stock (default 0).' }),
  ),
});

const NewProductBody = Body({
  title: Title,
  slug: Type.Optional(Slug),
  description: Description,
  categoryIds: Type.Optional(CategoryIds),
  variants: Type.Array(NewVariantBody, { minItems: 1, maxItems: productLimits.variantsMax }),
});

const VariantPatchBody = Body({
  id: Id,
  title: Type.Optional(Title),
  options: Type.Optional(Options),
  price: Type.Optional(MoneySchema),
});

const ProductPatchBody = Body({
  title: Type.Optional(Title),
  slug: Type.Optional(Slug),
  description: Type.Optional(Description),
  categoryIds: Type.Optional(CategoryIds),
  variants: Type.Optional(
    Type.Array(VariantPatchBody, {
      maxItems: productLimits.variantsMax,
      description: 'Changes to existing variants, by id.',
    }),
  ),
  newVariants: Type.Optional(
    Type.Array(NewVariantBody, { maxItems: productLimits.variantsMax, description: 'Variants to add.' }),
  ),
});

const NewCategoryBody = Body({
  slug: Slug,
  name: Type.String({ minLength: 1, maxLength: 120 }),
  parentId: Type.Optional(Type.Union([Id, Type.Null()])),
  position: Type.Optional(
    Type.Integer({ minimum: -1_000_000, maximum: 1_000_000, description: 'Order among siblings.' }),
  ),
});

/** `POST/PATCH/DELETE /api/admin/products…` and `POST /api/admin/categories`: staff writes, each audited. */
export function adminRoutes(fastify: FastifyInstance, api: CatalogApi): void {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.post(
    '/api/admin/products',
    { config: { auth: catalogWriters }, schema: { tags, body: NewProductBody, response: { 201: AdminProductSchema } } },
    async (request, reply) => {
      const result = await api.createProduct(request.body, staffWrite(request));
      return replyResult(reply, result, catalogStatuses, (value) => reply.code(201).send(adminProduct(value, false)));
    },
  );

  app.patch(
    '/api/admin/products/:id',
    {
      config: { auth: catalogWriters },
      schema: { tags, params: ProductIdParams, body: ProductPatchBody, response: { 200: AdminProductSchema } },
    },
    async (request, reply) => {
      const result = await api.updateProduct(request.params.id, request.body, staffWrite(request));
      return replyResult(reply, result, catalogStatuses, (value) => adminProduct(value, false));
    },
  );

  app.delete(
    '/api/admin/products/:id',
    {
      config: { auth: catalogWriters },
      schema: {
        tags,
        description:
          'Archives the product: hidden from every public read, its slug and SKUs stay reserved. Archiving twice is a no-op.',
        params: ProductIdParams,
        response: { 200: AdminProductSchema },
      },
    },
    async (request, reply) => {
      const result = await api.archiveProduct(request.params.id, staffWrite(request));
      return replyResult(reply, result, catalogStatuses, (value) => adminProduct(value, true));
    },
  );

  app.post(
    '/api/admin/categories',
    { config: { auth: catalogWriters }, schema: { tags, body: NewCategoryBody, response: { 201: CategorySchema } } },
    async (request, reply) => {
      const result = await api.createCategory(request.body, staffWrite(request));
      return replyResult(reply, result, catalogStatuses, (value) => reply.code(201).send(value));
    },
  );

  imageUploadRoutes(fastify, api);
}
