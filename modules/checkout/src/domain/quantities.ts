import { fail, ok, type Result } from '@mercato/platform/kernel';
import type { ItemQuantity } from '../contract.ts';

/** An order line with what happened to it so far. */
export type LineState = {
  readonly id: string;
  readonly sku: string;
  readonly quantity: number;
  /** Units shipped in every parcel so far. */
  readonly fulfilled: number;
  /** Units in returns that were not rejected. */
  readonly returned: number;
};

/** A line of a parcel or a return, with its SKU. */
export type PlannedLine = { readonly orderItemId: string; readonly sku: string; readonly quantity: number };

export type Shortfall = { readonly orderItemId: string; readonly requested: number; readonly available: number };

/** Units left to ship. */
export const unfulfilled = (line: LineState) => line.quantity - line.fulfilled;
/** Units shipped and not yet returned. */
export const returnable = (line: LineState) => line.fulfilled - line.returned;

/**
 * Checks a request for units of an order's lines against what each line has
 * `available`: every id known and named once, quantities whole and positive, none above
 * what is available. The rule list of fulfillments and returns alike.
 */
export function takeUnits<Exceeds extends string>(
  lines: readonly LineState[],
  requested: readonly ItemQuantity[],
  available: (line: LineState) => number,
  exceeds: Exceeds,
): Result<PlannedLine[], 'invalid_items' | Exceeds> {
  if (requested.length === 0) return fail('invalid_items', 'Name at least one item.');
  const byId = new Map(lines.map((line) => [line.id, line]));
  const seen = new Set<string>();
  const planned: PlannedLine[] = [];
  const short: Shortfall[] = [];
  for (const item of requested) {
    const line = byId.get(item.orderItemId);
    if (line === undefined)
      return fail('invalid_items', `The order has no item ${item.orderItemId}.`, { orderItemId: item.orderItemId });
    if (seen.has(item.orderItemId))
      return fail('invalid_items', `Item ${item.orderItemId} is named twice.`, { orderItemId: item.orderItemId });
    if (!Number.isSafeInteger(item.quantity) || item.quantity < 1)
      return fail('invalid_items', 'Quantities are whole numbers from 1.');
    seen.add(item.orderItemId);
    if (item.quantity > available(line))
      short.push({ orderItemId: line.id, requested: item.quantity, available: available(line) });
    planned.push({ orderItemId: line.id, sku: line.sku, quantity: item.quantity });
  }
  if (short.length > 0) return fail(exceeds, 'Some items have fewer units left than asked.', { items: short });
  return ok(planned);
}

/** A parcel: the named units, or all that is left to ship when none are named. */
export function planFulfillment(
  lines: readonly LineState[],
  requested: readonly ItemQuantity[] | undefined,
): Result<PlannedLine[], 'invalid_items' | 'fulfillment_exceeds_remaining'> {
  const all = lines
    .filter((line) => unfulfilled(line) > 0)
    .map((line) => ({ orderItemId: line.id, quantity: unfulfilled(line) }));
  if (requested === undefined && all.length === 0)
    return fail('fulfillment_exceeds_remaining', 'Nothing is left to ship.', { items: [] });
  return takeUnits(lines, requested ?? all, unfulfilled, 'fulfillment_exceeds_remaining');
}

/** True when the parcel ships the last units of every line. */
export function completesOrder(lines: readonly LineState[], parcel: readonly PlannedLine[]): boolean {
  const shipped = new Map(parcel.map((line) => [line.orderItemId, line.quantity]));
  return lines.every((line) => unfulfilled(line) === (shipped.get(line.id) ?? 0));
}

/** A return: only shipped units, never more than were shipped and not yet returned. */
export function planReturn(
  lines: readonly LineState[],
  requested: readonly ItemQuantity[],
): Result<PlannedLine[], 'invalid_items' | 'return_exceeds_delivered'> {
  return takeUnits(lines, requested, returnable, 'return_exceeds_delivered');
}

/** True while some unit may still be asked back. */
export function anythingReturnable(lines: readonly LineState[]): boolean {
  return lines.some((line) => returnable(line) > 0);
}
