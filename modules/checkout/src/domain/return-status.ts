import { fail, ok, type Result } from '@mercato/platform/kernel';
import type { ReturnStatus } from '../contract.ts';

/**
 * Which return status may follow which. Every change is checked against this table and
 * made with a conditional UPDATE on the status read.
 *
 * - requested: the customer asked; staff decide.
 * - accepted: the goods may come back; rejected: they may not (the units may be asked for again).
 * - received: the goods are back in stock.
 * - refunded → refunded: a second refund tied to the same return.
 */
export const returnTransitions: { readonly [From in ReturnStatus]: readonly ReturnStatus[] } = {
  requested: ['accepted', 'rejected'],
  accepted: ['received'],
  rejected: [],
  received: ['refunded'],
  refunded: ['refunded'],
};

export function canMoveReturn(from: ReturnStatus, to: ReturnStatus): boolean {
  return returnTransitions[from].includes(to);
}

/** The refusal names the change, e.g. `return_not_acceptable`, from the caller's table. */
export function checkReturnMove<Code extends string>(
  from: ReturnStatus,
  to: ReturnStatus,
  refusal: Code,
): Result<{ from: ReturnStatus; to: ReturnStatus }, Code> {
  return canMoveReturn(from, to)
    ? ok({ from, to })
    : fail(refusal, `A return that is ${from} cannot become ${to}.`, { status: from });
}

/** Returns whose units count as returned: every one staff did not reject. */
export function holdsUnits(status: ReturnStatus): boolean {
  return status !== 'rejected';
}
