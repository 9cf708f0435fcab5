import { inventoryLimits, type ReservationStatus, type ReserveLine } from '../contract.ts';

/**
 * Reservation rules, pure. A reservation moves only along this table; every other move
 * is refused by the service (idempotent repeats are answered before asking it).
 */
export const reservationTransitions: Readonly<Record<ReservationStatus, readonly ReservationStatus[]>> = {
  active: ['committed', 'released'],
  committed: [],
  released: [],
};

export function canMove(from: ReservationStatus, to: ReservationStatus): boolean {
  return reservationTransitions[from].includes(to);
}

const skuPattern = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

export function isSku(value: unknown): value is string {
  return typeof value === 'string' && value.length <= inventoryLimits.skuLengthMax && skuPattern.test(value);
}

export function isOrderId(value: unknown): value is string {
  return typeof value === 'string' && value.length >= 1 && value.length <= inventoryLimits.orderIdLengthMax;
}

/**
 * The lines of a reservation request, merged by SKU and sorted by SKU: the fixed order in
 * which every transaction takes its row locks, so two reservations never deadlock.
 * Answers a description of the first problem instead when the lines are malformed.
 */
export function normalizeLines(lines: readonly ReserveLine[]): ReserveLine[] | string {
  if (!Array.isArray(lines) || lines.length === 0) return 'a reservation needs at least one line';
  if (lines.length > inventoryLimits.reservationLinesMax) return `at most ${inventoryLimits.reservationLinesMax} lines`;
  const quantities = new Map<string, number>();
  for (const line of lines) {
    if (!isSku(line.sku)) return `invalid sku: ${JSON.stringify(line.sku)}`;
    const { quantity } = line;
    if (!Number.isSafeInteger(quantity) || quantity < 1 || quantity > inventoryLimits.quantityMax) {
      return `quantity of ${line.sku} must be an integer from 1 to ${inventoryLimits.quantityMax}`;
    }
    const total = (quantities.get(line.sku) ?? 0) + quantity;
    if (total > inventoryLimits.quantityMax) return `quantity of ${line.sku} exceeds ${inventoryLimits.quantityMax}`;
    quantities.set(line.sku, total);
  }
  return [...quantities].map(([sku, quantity]) => ({ sku, quantity })).sort((a, b) => compareText(a.sku, b.sku));
}

/** Code-point order, the same as PostgreSQL's `COLLATE "C"`, independent of locale. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export type LocationAvailability = { readonly locationId: string; readonly available: number };
export type Take = { readonly locationId: string; readonly quantity: number };

/**
 * How to take `quantity` units from several locations when no single one has enough:
 * most available first (fewest locations touched), ties by location id. The takes come
 * back sorted by location id, the order their row locks are taken in. Undefined when the
 * locations together hold too little.
 */
export function planSpread(locations: readonly LocationAvailability[], quantity: number): Take[] | undefined {
  const byAvailable = locations
    .filter((location) => location.available > 0)
    .sort((a, b) => b.available - a.available || compareText(a.locationId, b.locationId));
  const takes: Take[] = [];
  let remaining = quantity;
  for (const location of byAvailable) {
    if (remaining === 0) break;
    const take = Math.min(remaining, location.available);
    takes.push({ locationId: location.locationId, quantity: take });
    remaining -= take;
  }
  if (remaining > 0) return undefined;
  return takes.sort((a, b) => compareText(a.locationId, b.locationId));
}

/** A reservation line and how many of its units already left stock. */
export type CommittableLine = {
  readonly sku: string;
  readonly locationId: string;
  readonly quantity: number;
  readonly committed: number;
};
export type CommitShortfall = { readonly sku: string; readonly requested: number; readonly reserved: number };

/**
 * Where the units of a partial commit come from: for each requested SKU, the
 * reservation's uncommitted units in location order (the same order as the row locks),
 * until the quantity is met. `lines` must be normalized (merged, sorted by SKU). Answers
 * the takes sorted by sku then location, or every SKU that holds too few units.
 */
export function planCommit(
  held: readonly CommittableLine[],
  lines: readonly ReserveLine[],
):
  | { readonly ok: true; readonly takes: ReservationLineTake[] }
  | { readonly ok: false; readonly short: CommitShortfall[] } {
  const takes: ReservationLineTake[] = [];
  const short: CommitShortfall[] = [];
  for (const line of lines) {
    const candidates = held
      .filter((candidate) => candidate.sku === line.sku && candidate.quantity > candidate.committed)
      .sort((a, b) => compareText(a.locationId, b.locationId));
    const reserved = candidates.reduce((sum, candidate) => sum + candidate.quantity - candidate.committed, 0);
    if (reserved < line.quantity) {
      short.push({ sku: line.sku, requested: line.quantity, reserved });
      continue;
    }
    let remaining = line.quantity;
    for (const candidate of candidates) {
      if (remaining === 0) break;
      const take = Math.min(remaining, candidate.quantity - candidate.committed);
      takes.push({ sku: line.sku, locationId: candidate.locationId, quantity: take });
      remaining -= take;
    }
  }
  return short.length > 0 ? { ok: false, short } : { ok: true, takes };
}

/** Units of one SKU taken at one location. */
export type ReservationLineTake = { readonly sku: string; readonly locationId: string; readonly quantity: number };
