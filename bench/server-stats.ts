import { readFile } from 'node:fs/promises';
import { latencyRecorder } from './stats.ts';

/**
 * Where the server's time goes during a load: its CPU time (from /proc, Linux only),
 * its database queries and their time (`db_query_duration_seconds` from /metrics), and
 * how long it takes to answer its bare /healthz route meanwhile (its event loop's
 * delay, seen from outside). The parsers are pure and tested in server-stats.test.ts.
 *
 * Not used: `db_pool_connections{state="waiting"}`. On PGlite it reads 0 at every
 * scrape, however long the queue: PGlite runs statements synchronously in the server's
 * thread and its lock hands over in microtasks, so the queue drains before the event
 * loop gets to the scrape.
 */

export type MetricsFacts = {
  readonly dbQueries: number;
  readonly dbQuerySeconds: number;
};

export type ServerSnapshot = MetricsFacts & {
  /** The server process's user + system CPU seconds; null where /proc cannot be read. */
  readonly cpuSeconds: number | null;
  readonly atMs: number;
};

/** What a load window cost the server, per completed flow (a checkout sequence). */
export type ServerCost = {
  /** Server CPU time over wall time, in percent of one core; null without /proc. */
  readonly cpuPercent: number | null;
  readonly dbQueriesPerFlow: number;
  /** Time inside database calls per flow, waits for the single connection included. */
  readonly dbMsPerFlow: number;
  /** Database time over wall time, in percent (PGlite runs one statement at a time). */
  readonly dbBusyPercent: number;
};

/** Linux's USER_HZ: /proc/<pid>/stat counts CPU time in these ticks. */
const ticksPerSecond = 100;
const metricsTimeoutMs = 5_000;

function sampleValue(text: string, name: string): number {
  const pattern = new RegExp(`^${name} ([0-9.eE+-]+)$`, 'm');
  const match = pattern.exec(text);
  return match === null ? 0 : Number(match[1]);
}

/** The figures the bench reads from the Prometheus text of `GET /metrics`; absent ones are 0. */
export function parseMetrics(text: string): MetricsFacts {
  return {
    dbQueries: sampleValue(text, 'db_query_duration_seconds_count'),
    dbQuerySeconds: sampleValue(text, 'db_query_duration_seconds_sum'),
  };
}

/** User + system CPU seconds from the text of /proc/<pid>/stat (fields 14 and 15). */
export function cpuSecondsFromStat(text: string): number | null {
  // The command name (field 2) may hold spaces and parentheses: count from the last ')'.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const user = Number(fields[11]);
  const system = Number(fields[12]);
  if (!Number.isFinite(user) || !Number.isFinite(system)) return null;
  return (user + system) / ticksPerSecond;
}

export function costBetween(before: ServerSnapshot, after: ServerSnapshot, flows: number): ServerCost {
  const wallSeconds = Math.max(1e-9, (after.atMs - before.atMs) / 1000);
  const dbSeconds = after.dbQuerySeconds - before.dbQuerySeconds;
  const per = (value: number) => (flows > 0 ? value / flows : 0);
  const round1 = (value: number) => Math.round(value * 10) / 10;
  return {
    cpuPercent:
      before.cpuSeconds === null || after.cpuSeconds === null
        ? null
        : round1(((after.cpuSeconds - before.cpuSeconds) / wallSeconds) * 100),
    dbQueriesPerFlow: round1(per(after.dbQueries - before.dbQueries)),
    dbMsPerFlow: Math.round(per(dbSeconds * 1000) * 100) / 100,
    dbBusyPercent: round1((dbSeconds / wallSeconds) * 100),
  };
}

async function cpuSecondsOf(pid: number | undefined): Promise<number | null> {
  if (pid === undefined) return null;
  try {
    return cpuSecondsFromStat(await readFile(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return null;
  }
}

async function metricsOf(baseUrl: string): Promise<MetricsFacts> {
  const response = await fetch(`${baseUrl}/metrics`, { signal: AbortSignal.timeout(metricsTimeoutMs) });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`GET /metrics answered ${response.status}`);
  return parseMetrics(text);
}

export async function snapshotServer(baseUrl: string, pid: number | undefined): Promise<ServerSnapshot> {
  const [metrics, cpuSeconds] = await Promise.all([metricsOf(baseUrl), cpuSecondsOf(pid)]);
  return { ...metrics, cpuSeconds, atMs: performance.now() };
}

export type HealthProbe = {
  stop(): Promise<{ readonly p50Ms: number; readonly maxMs: number; readonly samples: number }>;
};

/**
 * Sends `GET /healthz` every `intervalMs` until stopped, one at a time: its latency
 * under load is the server's event-loop delay (the route itself does nothing). A
 * request that fails is left out.
 */
export function probeHealth(baseUrl: string, intervalMs = 500): HealthProbe {
  const latencies = latencyRecorder();
  let inFlight: Promise<void> | undefined;
  const timer = setInterval(() => {
    if (inFlight !== undefined) return;
    const startedMs = performance.now();
    inFlight = fetch(`${baseUrl}/healthz`, { signal: AbortSignal.timeout(metricsTimeoutMs) })
      .then(async (response) => {
        await response.arrayBuffer();
        if (response.status === 200) latencies.record(performance.now() - startedMs);
      })
      .catch(() => {})
      .finally(() => {
        inFlight = undefined;
      });
  }, intervalMs);
  return {
    async stop() {
      clearInterval(timer);
      await inFlight;
      const summary = latencies.summary();
      return { p50Ms: summary.p50Ms, maxMs: summary.maxMs, samples: summary.count };
    },
  };
}
