import { build } from 'hdr-histogram-js';

/**
 * Latencies are recorded in microseconds in an HDR histogram: autocannon's own
 * histogram keeps whole milliseconds, too coarse for a bare route answering in
 * well under one.
 */
export type LatencySummary = {
  readonly count: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  readonly meanMs: number;
};

export type LatencyRecorder = {
  record(latencyMs: number): void;
  summary(): LatencySummary;
};

/** A minute is far beyond any request the harness waits for (autocannon times out at 10 s). */
const latencyMaxUs = 60_000_000;

function roundMs(us: number): number {
  return Math.round(us / 10) / 100;
}

export function latencyRecorder(): LatencyRecorder {
  const histogram = build({
    bitBucketSize: 32,
    lowestDiscernibleValue: 1,
    highestTrackableValue: latencyMaxUs,
    numberOfSignificantValueDigits: 3,
  });
  return {
    record(latencyMs) {
      const us = Math.round(latencyMs * 1000);
      histogram.recordValue(Math.min(latencyMaxUs, Math.max(1, us)));
    },
    summary() {
      const count = histogram.totalCount;
      if (count === 0) return { count: 0, p50Ms: 0, p99Ms: 0, maxMs: 0, meanMs: 0 };
      return {
        count,
        p50Ms: roundMs(histogram.getValueAtPercentile(50)),
        p99Ms: roundMs(histogram.getValueAtPercentile(99)),
        maxMs: roundMs(histogram.maxValue),
        meanMs: roundMs(histogram.mean),
      };
    },
  };
}
