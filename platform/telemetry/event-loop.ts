import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { Metric, Registry } from 'prom-client';

const resolutionMs = 10;
const quantiles = [0.5, 0.9, 0.99, 1] as const;
const nanosecondsPerSecond = 1e9;
const resolutionSeconds = resolutionMs / 1000;

/** A sample is the time between two timer ticks; the delay is what exceeds the tick. */
function delaySeconds(nanoseconds: number): number {
  return Math.max(0, nanoseconds / nanosecondsPerSecond - resolutionSeconds);
}

export type EventLoopDelayMetric = { stop(): void };

/**
 * Exposes `nodejs_eventloop_delay_seconds` as a Prometheus summary read from
 * perf_hooks' event-loop delay histogram. Quantiles cover the window since the
 * previous scrape (the histogram is reset after each read, so a long-ago stall does
 * not hide today's latency), while `_sum` and `_count` keep growing, so `rate()`
 * over them stays meaningful.
 */
export function registerEventLoopDelay(registry: Registry): EventLoopDelayMetric {
  const histogram = monitorEventLoopDelay({ resolution: resolutionMs });
  histogram.enable();
  let sumSeconds = 0;
  let count = 0;
  const name = 'nodejs_eventloop_delay_seconds';
  const metric = {
    name,
    help: 'Event loop delay sampled by perf_hooks.monitorEventLoopDelay (quantiles since the previous scrape).',
    type: 'summary',
    aggregator: 'average',
    async get() {
      const samples = histogram.count;
      const values = quantiles.map((quantile) => ({
        labels: { quantile },
        value: samples === 0 ? 0 : delaySeconds(histogram.percentile(quantile * 100)),
      }));
      if (samples > 0) {
        sumSeconds += delaySeconds(histogram.mean) * samples;
        count += samples;
      }
      histogram.reset();
      return {
        name,
        help: metric.help,
        type: 'summary',
        aggregator: 'average',
        values: [
          ...values,
          { metricName: `${name}_sum`, labels: {}, value: sumSeconds },
          { metricName: `${name}_count`, labels: {}, value: count },
        ],
      };
    },
    reset() {
      histogram.reset();
    },
  };
  // prom-client has no summary fed from an external histogram; a registry accepts any
  // object with `name`, `help`, `type` and `get()`, which is what this is.
  registry.registerMetric(metric as unknown as Metric);
  return { stop: () => histogram.disable() };
}
