import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { actorOf, Body, MoneySchema, PageQuery, replyResult } from '@mercato/platform/http';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import {
  type CartApi,
  DiscountPageSchema,
  DiscountSchema,
  discountCodePattern,
  discountLimits,
  discountTypes,
} from '../contract.ts';
import { cartStatuses } from './statuses.ts';

const tags = ['discounts admin'];
/** No role hierarchy: every role that may call a route is listed. Promotions are merchandising. */
const discountStaff = { roles: ['admin', 'catalog'] } as const;

const InstantOf = (description: string) => Type.String({ format: 'date-time', maxLength: 40, description });
const Instant = InstantOf('ISO 8601 instant.');
const Limit = (max: number, description: string) => Type.Integer({ minimum: 1, maximum: max, description });
const NullableLimit = (max: number, description: string) => Type.Union([Limit(max, description), Type.Null()]);

const CreateDiscountBody = Body({
  code: Type.String({
    pattern: discountCodePattern,
    maxLength: discountLimits.codeLengthMax,
    description: 'Letters, digits, "_" and "-"; case-insensitive (stored upper case).',
  }),
  type: Type.Enum([...discountTypes]),
  value: Type.Integer({
    minimum: 1,
    maximum: discountLimits.fixedAmountMax,
    description: 'percentage: whole percent, 1..100; fixed: minor units of the shop currency.',
  }),
  minSubtotal: Type.Optional(MoneySchema),
  startsAt: Type.Optional(Instant),
  endsAt: Type.Optional(InstantOf('ISO 8601 instant, exclusive.')),
  usageLimit: Type.Optional(Limit(discountLimits.usageLimitMax, 'Redemptions in all.')),
  perCustomerLimit: Type.Optional(
    Limit(discountLimits.perCustomerLimitMax, 'Redemptions per customer; needs signed-in shoppers.'),
  ),
});

const UpdateDiscountBody = Type.Object(
  {
    active: Type.Optional(Type.Boolean({ description: 'false deactivates the code.' })),
    usageLimit: Type.Optional(NullableLimit(discountLimits.usageLimitMax, 'null removes the limit.')),
    perCustomerLimit: Type.Optional(NullableLimit(discountLimits.perCustomerLimitMax, 'null removes the limit.')),
    startsAt: Type.Optional(Type.Union([Instant, Type.Null()])),
    endsAt: Type.Optional(Type.Union([Instant, Type.Null()])),
  },
  { additionalProperties: false, minProperties: 1 },
);

const DiscountParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64, examples: ['disc_example'] }) });

/** `POST`, `GET /api/admin/discounts` and `PATCH /api/admin/discounts/{id}`; writes are audited. */
export function discountAdminRoutes(fastify: FastifyInstance, api: CartApi): void {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.post(
    '/api/admin/discounts',
    { config: { auth: discountStaff }, schema: { tags, body: CreateDiscountBody, response: { 201: DiscountSchema } } },
    async (request, reply) => {
      const result = await api.createDiscount(actorOf(request), request.body);
      return replyResult(reply, result, cartStatuses, (value) => reply.code(201).send(value));
    },
  );

  app.get(
    '/api/admin/discounts',
    {
      config: { auth: discountStaff },
      schema: { tags, querystring: Type.Object({ ...PageQuery }), response: { 200: DiscountPageSchema } },
    },
    async (request, reply) => {
      const result = await api.listDiscounts(request.query);
      return replyResult(reply, result, cartStatuses);
    },
  );

  app.patch(
    '/api/admin/discounts/:id',
    {
      config: { auth: discountStaff },
      schema: { tags, params: DiscountParams, body: UpdateDiscountBody, response: { 200: DiscountSchema } },
    },
    async (request, reply) => {
      const result = await api.updateDiscount(actorOf(request), request.params.id, request.body);
      return replyResult(reply, result, cartStatuses);
    },
  );
}
