import { Body } from '@mercato/platform/http';
import { assert } from '@mercato/platform/kernel';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { type Actor, checkoutLimits } from '../contract.ts';

/** Units of one order line in a request body (closed, like every body). */
export const ItemQuantityBody = Body({
  orderItemId: Type.String({ minLength: 1, maxLength: 64 }),
  quantity: Type.Integer({ minimum: 1, maximum: checkoutLimits.itemQuantityMax }),
});

/** The staff member behind a staff route, for the audit log. */
export function actorOf(request: FastifyRequest): Actor {
  const principal = request.principal;
  assert(principal !== null, 'a staff route ran without a principal');
  return { id: principal.id, ...(principal.role === undefined ? {} : { role: principal.role }), requestId: request.id };
}
