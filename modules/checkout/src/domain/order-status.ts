import { fail, ok, type Result } from '@mercato/platform/kernel';
import type { OrderStatus } from '../contract.ts';

/**
 * Which status may follow which: the only way an order's status changes. Every change
 * is checked against this table (and then made with a conditional UPDATE on the
 * status read), so a wrong status is refused, never silently ignored.
 *
 * - pending: the place-order saga is running.
 * - placed: stock held, payment authorized, shipment booked.
 * - fulfilled: payment captured, stock committed, handed to the carrier.
 * - partially_refunded → partially_refunded: a second partial refund.
 * - failed, cancelled, refunded: final.
 */
export const orderTransitions: { readonly [From in OrderStatus]: readonly OrderStatus[] } = {
  pending: ['placed', 'failed'],
  placed: ['fulfilled', 'cancelled'],
  fulfilled: ['delivered', 'partially_refunded', 'refunded'],
  delivered: ['partially_refunded', 'refunded'],
  partially_refunded: ['partially_refunded', 'refunded'],
  refunded: [],
  cancelled: [],
  failed: [],
};

export function canTransition(from: OrderStatus, to: OrderStatus): boolean {
  return orderTransitions[from].includes(to);
}

/** The refusal names the change, e.g. `order_not_cancellable`, from the caller's table. */
export function checkTransition<Code extends string>(
  from: OrderStatus,
  to: OrderStatus,
  refusal: Code,
): Result<{ from: OrderStatus; to: OrderStatus }, Code> {
  return canTransition(from, to)
    ? ok({ from, to })
    : fail(refusal, `An order that is ${from.replace('_', ' ')} cannot become ${to.replace('_', ' ')}.`, {
        status: from,
      });
}

/** Statuses in which an order still holds a payment authorization it needs. */
export function holdsAuthorization(status: OrderStatus): boolean {
  return status === 'pending' || status === 'placed';
}

/** Orders of these statuses were placed at some point (customer-visible history). */
export function wasPlaced(status: OrderStatus): boolean {
  return status !== 'pending' && status !== 'failed';
}
