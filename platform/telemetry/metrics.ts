import { Gauge, Histogram, type Registry } from 'prom-client';

/**
 * Returns the histogram registered under `name`, creating it on first use. Several
 * servers or databases may be instrumented against one registry (tests, a process
 * hosting several modules); they share one metric instead of failing on a duplicate.
 */
export function histogramOf<Label extends string>(
  registry: Registry,
  config: { name: string; help: string; labelNames: readonly Label[]; buckets: number[] },
): Histogram<Label> {
  const existing = registry.getSingleMetric(config.name);
  if (existing !== undefined) return existing as Histogram<Label>;
  return new Histogram<Label>({ ...config, registers: [registry] });
}

export function gaugeOf<Label extends string>(
  registry: Registry,
  config: { name: string; help: string; labelNames: readonly Label[]; collect: (this: Gauge<Label>) => void },
): Gauge<Label> {
  const existing = registry.getSingleMetric(config.name);
  if (existing !== undefined) return existing as Gauge<Label>;
  return new Gauge<Label>({ ...config, registers: [registry] });
}

/** Latency buckets in seconds, from 0.5 ms to 10 s. */
export const latencyBucketsSeconds = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
