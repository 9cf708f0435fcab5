/**
 * p99 latency and error rate of the API from the platform's own histogram
 * `http_request_duration_seconds{method,route,status_code}` (platform/http). The
 * histogram is cumulative since the process started, so a window is the difference of
 * two readings. Pure functions: the caller reads the registry and keeps the readings.
 */

/** One reading of the histogram, summed over every `/api/` route and method. */
export type LatencyTotals = {
  /** Cumulative counts per upper bound in seconds, ascending; the last is `Infinity`. */
  readonly buckets: readonly { readonly le: number; readonly count: number }[];
  readonly requests: number;
  /** Requests answered with a 5xx status. */
  readonly errors: number;
};

export type LatencyWindow = {
  /** null when the window saw no request. */
  readonly p99LatencyMs: number | null;
  /** Share of requests answered 5xx, 0..1. */
  readonly errorRate: number;
  readonly requests: number;
};

/** The shape prom-client's `Histogram.get()` answers (only what is read here). */
export type HistogramValue = {
  readonly value: number;
  readonly labels: Readonly<Record<string, string | number | undefined>>;
  readonly metricName?: string;
};

export const emptyLatencyTotals: LatencyTotals = Object.freeze({ buckets: [], requests: 0, errors: 0 });

/**
 * Web pages, documents and unmatched paths are left out: the figure is the API's.
 * (Operational routes are also observed by the platform; they are outside `/api/`.)
 */
function isApiRoute(route: string | number | undefined): boolean {
  return typeof route === 'string' && route.startsWith('/api/');
}

function upperBound(le: string | number | undefined): number {
  if (le === '+Inf' || le === undefined) return Number.POSITIVE_INFINITY;
  return typeof le === 'number' ? le : Number(le);
}

/** Sums the histogram's series into one reading. */
export function latencyTotals(values: readonly HistogramValue[]): LatencyTotals {
  const perBound = new Map<number, number>();
  let requests = 0;
  let errors = 0;
  for (const { value, labels, metricName } of values) {
    if (!isApiRoute(labels['route'])) continue;
    if (metricName?.endsWith('_bucket')) {
      const le = upperBound(labels['le']);
      perBound.set(le, (perBound.get(le) ?? 0) + value);
    } else if (metricName?.endsWith('_count')) {
      requests += value;
      if (Number(labels['status_code']) >= 500) errors += value;
    }
  }
  const buckets = [...perBound.entries()].sort(([a], [b]) => a - b).map(([le, count]) => ({ le, count }));
  return { buckets, requests, errors };
}

/**
 * The window between two readings: p99 by linear interpolation inside the bucket that
 * holds the 99th percentile (as Prometheus' `histogram_quantile` does); a p99 in the
 * open `+Inf` bucket is reported as the largest finite bound. A reading lower than the
 * earlier one (a reset) counts from zero.
 */
export function latencyWindow(earlier: LatencyTotals, later: LatencyTotals): LatencyWindow {
  const reset = later.requests < earlier.requests;
  const base = reset ? emptyLatencyTotals : earlier;
  const requests = later.requests - base.requests;
  if (requests <= 0) return { p99LatencyMs: null, errorRate: 0, requests: 0 };
  const errorRate = Math.max(0, later.errors - base.errors) / requests;
  const before = new Map(base.buckets.map((bucket) => [bucket.le, bucket.count]));
  const deltas = later.buckets.map(({ le, count }) => ({ le, count: count - (before.get(le) ?? 0) }));
  return { p99LatencyMs: quantileMs(deltas, 0.99), errorRate, requests };
}

function quantileMs(buckets: readonly { le: number; count: number }[], quantile: number): number | null {
  const total = buckets.at(-1)?.count ?? 0;
  if (total <= 0) return null;
  const rank = quantile * total;
  let lowerBound = 0;
  let lowerCount = 0;
  let largestFinite = 0;
  for (const { le, count } of buckets) {
    if (count >= rank && count > lowerCount) {
      const seconds = Number.isFinite(le)
        ? lowerBound + ((le - lowerBound) * (rank - lowerCount)) / (count - lowerCount)
        : largestFinite;
      return Math.round(seconds * 10_000) / 10; // milliseconds, to a tenth
    }
    if (Number.isFinite(le)) {
      lowerBound = le;
      largestFinite = le;
    }
    lowerCount = count;
  }
  return Math.round(largestFinite * 10_000) / 10;
}
