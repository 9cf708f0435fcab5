import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { replyResult } from '@mercato/platform/http';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { type PaymentsApi, PaymentSchema } from './contract.ts';
import { paymentsStatuses } from './http/statuses.ts';

export { paymentsStatuses } from './http/statuses.ts';

const PaymentParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) });

/** API.md needs no payments routes; staff may look a payment up by id. */
export function paymentsRoutes(api: PaymentsApi) {
  return (fastify: FastifyInstance): void => {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
    app.get(
      '/api/admin/payments/:id',
      {
        config: { auth: { roles: ['admin', 'support'] } },
        schema: { tags: ['payments'], params: PaymentParams, response: { 200: PaymentSchema } },
      },
      async (request, reply) => {
        const result = await api.getPayment(request.params.id);
        return replyResult(reply, result, paymentsStatuses);
      },
    );
  };
}
