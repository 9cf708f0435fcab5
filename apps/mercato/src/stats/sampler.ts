/**
 * The dashboard's figures now and over time. Every figure is a trailing-minute window
 * at its moment: orders placed in the minute, and p99 latency and error rate of the
 * API requests since the reading about a minute earlier. A bounded ring of samples, one
 * per `sampleIntervalMs`, is the "over time" series; it lives in this process only (a
 * restart starts a new series; each instance of a distributed deployment has its own).
 */
import type { CheckoutApi } from '@mercato/checkout/contract';
import type { InventoryApi } from '@mercato/inventory/contract';
import type { Clock, Money } from '@mercato/platform/kernel';
import { emptyLatencyTotals, type LatencyTotals, latencyWindow } from './latency.ts';
import { type LowStockItem, type LowStockOptions, lowStockDefaults, lowStockTracker } from './low-stock.ts';
import { readSales, salesDefaults } from './sales.ts';

export type StatsOptions = {
  readonly sampleIntervalMs: number;
  /** Samples kept: 360 × 10 s = the last hour. */
  readonly samplesMax: number;
  /** A figure asked for again within this time is answered from the last reading. */
  readonly freshMs: number;
  /** Pages of 100 orders one reading may list (see sales.ts). */
  readonly orderPagesMax: number;
  readonly lowStock: LowStockOptions;
  /** Low-stock SKUs answered at most. */
  readonly lowStockItemsMax: number;
};

export const statsDefaults: StatsOptions = Object.freeze({
  sampleIntervalMs: 10_000,
  samplesMax: 360,
  freshMs: 2_000,
  orderPagesMax: salesDefaults.pagesMax,
  lowStock: lowStockDefaults,
  lowStockItemsMax: 20,
});

export type StatsSample = {
  readonly at: string;
  readonly ordersPerMinute: number;
  readonly revenueToday: Money;
  readonly p99LatencyMs: number | null;
  readonly errorRate: number;
  readonly requestsPerMinute: number;
};

export type Stats = StatsSample & {
  readonly revenueTodayComplete: boolean;
  readonly lowStock: LowStockItem[];
  readonly lowStockThreshold: number;
  readonly lowStockComplete: boolean;
  /** Oldest first, at most `samplesMax`. */
  readonly series: StatsSample[];
};

export type StatsSamplerDeps = {
  readonly checkout: Pick<CheckoutApi, 'adminListOrders'>;
  readonly inventory: Pick<InventoryApi, 'listLevels'>;
  /** Reads the request-duration histogram now. */
  readonly readLatency: () => Promise<LatencyTotals>;
  readonly clock: Clock;
  readonly currency: string;
  readonly options?: Partial<StatsOptions>;
};

type Reading = { readonly sample: StatsSample; readonly totals: LatencyTotals; readonly revenueTodayComplete: boolean };

const minuteMs = 60_000;

export function createStatsSampler(deps: StatsSamplerDeps) {
  const options = { ...statsDefaults, ...deps.options };
  const lowStock = lowStockTracker(deps.inventory, options.lowStock);
  const ring: Reading[] = [];
  let fresh: { at: number; reading: Promise<Reading> } | undefined;

  /**
   * What the window starts from: the newest reading at least a minute old, else the
   * oldest kept, else zero counts (the process start, of unknown age: taken as a minute).
   */
  function baseline(now: number): { totals: LatencyTotals; windowMs: number } {
    let chosen: Reading | undefined;
    for (const reading of ring) {
      if (Date.parse(reading.sample.at) <= now - minuteMs) chosen = reading;
    }
    chosen ??= ring[0];
    if (chosen === undefined) return { totals: emptyLatencyTotals, windowMs: minuteMs };
    return { totals: chosen.totals, windowMs: Math.max(1, now - Date.parse(chosen.sample.at)) };
  }

  async function read(): Promise<Reading> {
    const at = deps.clock.now();
    const [sales, totals] = await Promise.all([
      readSales(deps.checkout, { at, currency: deps.currency, pagesMax: options.orderPagesMax }),
      deps.readLatency(),
    ]);
    const base = baseline(at.getTime());
    const window = latencyWindow(base.totals, totals);
    const sample: StatsSample = {
      at: at.toISOString(),
      ordersPerMinute: sales.ordersPerMinute,
      revenueToday: sales.revenueToday,
      p99LatencyMs: window.p99LatencyMs,
      errorRate: Math.round(window.errorRate * 10_000) / 10_000,
      // A window shorter than a minute (just started) is not scaled up: it would guess.
      requestsPerMinute: Math.round((window.requests * minuteMs) / Math.max(base.windowMs, minuteMs)),
    };
    return { sample, totals, revenueTodayComplete: sales.complete };
  }

  /** One reading, shared by callers within `freshMs`; a failed one is not kept. */
  function current(): Promise<Reading> {
    const now = deps.clock.now().getTime();
    if (fresh !== undefined && now - fresh.at < options.freshMs) return fresh.reading;
    const reading = read();
    fresh = { at: now, reading };
    reading.catch(() => {
      if (fresh?.reading === reading) fresh = undefined;
    });
    return reading;
  }

  return {
    options,
    /** Hears `inventory.stock_changed`. */
    hear: lowStock.hear,
    /** Takes one sample into the ring (the timer calls it). */
    async sample(): Promise<void> {
      const reading = await current();
      if (ring.at(-1) === reading) return;
      ring.push(reading);
      if (ring.length > options.samplesMax) ring.shift();
    },
    /** The figures now, with the series so far. */
    async stats(): Promise<Stats> {
      const [reading, low] = await Promise.all([current(), lowStock.list(options.lowStockItemsMax)]);
      return {
        ...reading.sample,
        revenueTodayComplete: reading.revenueTodayComplete,
        lowStock: low.items,
        lowStockThreshold: options.lowStock.threshold,
        lowStockComplete: low.complete,
        series: ring.map((kept) => kept.sample),
      };
    },
  };
}

export type StatsSampler = ReturnType<typeof createStatsSampler>;
