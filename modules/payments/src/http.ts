import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { replyResult, type StatusTable } from '@mercato/platform/http';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { type PaymentsApi, type PaymentsCode, PaymentSchema } from './contract.ts';

/**
 * Every payments failure code and its HTTP status; the compiler refuses a missing code.
 * Checkout and the admin order endpoints answer these for their own routes.
 */
export const paymentsStatuses: StatusTable<PaymentsCode> = {
  payment_declined: 402,
  payment_not_found: 404,
  payment_not_capturable: 409,
  capture_exceeds_authorized: 409,
  payment_not_voidable: 409,
  payment_not_refundable: 409,
  refund_exceeds_captured: 409,
  idempotency_key_reused: 422,
  invalid_amount: 400,
};

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
