/**
 * Low-stock alerts, once per crossing: staff hear about a SKU when its available units
 * fall below its threshold, and not again until stock has risen back to the threshold
 * (which re-arms the alert). Events older than the last one applied are ignored, so a
 * redelivered stale `stock_changed` cannot re-arm or re-fire an alert.
 */
export type AlertState = { readonly low: boolean; readonly available: number; readonly eventAt: Date };

export type StockReading = { readonly available: number; readonly threshold: number; readonly eventAt: Date };

export type AlertDecision = {
  /** The state to store, or undefined to leave it as it is (a stale event). */
  readonly next: AlertState | undefined;
  /** True when staff must be told now. */
  readonly alert: boolean;
};

/** A SKU is low when fewer than `threshold` units are available; threshold 0 never is. */
export function isLow(available: number, threshold: number): boolean {
  return available < threshold;
}

/** A SKU never seen before counts as not low, so one first seen below its threshold is reported. */
export function decideAlert(previous: AlertState | undefined, reading: StockReading): AlertDecision {
  if (previous !== undefined && reading.eventAt.getTime() < previous.eventAt.getTime())
    return { next: undefined, alert: false };
  const low = isLow(reading.available, reading.threshold);
  const wasLow = previous?.low ?? false;
  return { next: { low, available: reading.available, eventAt: reading.eventAt }, alert: low && !wasLow };
}
