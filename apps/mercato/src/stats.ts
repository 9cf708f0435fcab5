/**
 * `GET /api/admin/stats` (API.md "Admin"): the dashboard's figures, composed by the app
 * from the platform's own metrics (the request-duration histogram) and the modules'
 * public APIs (checkout's order list, inventory's levels and stock events). No module
 * owns them, and no SQL here names a module's schema.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { CheckoutApi } from '@mercato/checkout/contract';
import { type InventoryApi, inventoryEvents } from '@mercato/inventory/contract';
import type { Transport } from '@mercato/platform/bus';
import { type HttpApp, MoneySchema } from '@mercato/platform/http';
import type { Clock } from '@mercato/platform/kernel';
import { periodicJob } from '@mercato/platform/module';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { type Static, Type } from 'typebox';
import { type HistogramValue, latencyTotals } from './stats/latency.ts';
import { createStatsSampler, type Stats, type StatsOptions } from './stats/sampler.ts';

export { type Stats, type StatsOptions, statsDefaults } from './stats/sampler.ts';

const SampleProperties = {
  at: Type.String({ description: 'ISO 8601 time of the reading.' }),
  ordersPerMinute: Type.Integer({
    minimum: 0,
    description: 'Orders placed in the minute before `at` (not pending, not failed).',
  }),
  revenueToday: MoneySchema,
  p99LatencyMs: Type.Union([Type.Number(), Type.Null()], {
    description: '99th percentile duration of `/api/` requests over the trailing minute; null without requests.',
  }),
  errorRate: Type.Number({
    minimum: 0,
    maximum: 1,
    description: 'Share of `/api/` requests answered 5xx over the trailing minute.',
  }),
  requestsPerMinute: Type.Integer({ minimum: 0 }),
};

export const StatsSchema = Type.Object({
  ...SampleProperties,
  revenueTodayComplete: Type.Boolean({
    description: 'false when today had more orders than one reading lists (see the app README).',
  }),
  lowStock: Type.Array(
    Type.Object({ sku: Type.String(), available: Type.Integer(), onHand: Type.Integer(), reserved: Type.Integer() }),
    { description: 'SKUs with total available stock at or below `lowStockThreshold`, lowest first.' },
  ),
  lowStockThreshold: Type.Integer({ minimum: 0 }),
  lowStockComplete: Type.Boolean({ description: 'false when the first scan of stock levels was cut at its limit.' }),
  series: Type.Array(Type.Object(SampleProperties), {
    description: 'Readings taken every sampleIntervalMs, oldest first (one hour by default).',
  }),
});
export type StatsAnswer = Static<typeof StatsSchema>;

export type StatsDeps = {
  readonly checkout: Pick<CheckoutApi, 'adminListOrders'>;
  readonly inventory: Pick<InventoryApi, 'listLevels'>;
  readonly metrics: Registry;
  readonly transport: Pick<Transport, 'listen'>;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly currency: string;
  readonly options?: Partial<StatsOptions>;
};

const histogramName = 'http_request_duration_seconds';

/**
 * Registers the route, listens for stock changes, and samples on a timer from the
 * server's `onReady` until its `onClose`. Call before `ready()`/`listen()`.
 */
export async function registerStats(http: HttpApp, deps: StatsDeps): Promise<{ stats(): Promise<Stats> }> {
  const sampler = createStatsSampler({
    checkout: deps.checkout,
    inventory: deps.inventory,
    clock: deps.clock,
    currency: deps.currency,
    ...(deps.options === undefined ? {} : { options: deps.options }),
    readLatency: async () => {
      const histogram = deps.metrics.getSingleMetric(histogramName);
      if (histogram === undefined) return latencyTotals([]);
      const { values } = await histogram.get();
      return latencyTotals(values as HistogramValue[]);
    },
  });
  await deps.transport.listen([inventoryEvents.stockChanged], (event) => sampler.hear(event));

  http.withTypeProvider<TypeBoxTypeProvider>().get(
    '/api/admin/stats',
    {
      config: { auth: { roles: ['admin', 'catalog', 'support'] } },
      schema: { tags: ['stats admin'], response: { 200: StatsSchema } },
    },
    async () => sampler.stats(),
  );

  // A slow reading is never stacked: the next starts an interval after it ends.
  const sampling = periodicJob('stats sample', () => sampler.sample(), sampler.options.sampleIntervalMs, deps.logger);
  http.addHook('onReady', async () => sampling.start());
  http.addHook('onClose', () => sampling.stop());
  return { stats: () => sampler.stats() };
}
