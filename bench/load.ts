import autocannon, { type Result } from 'autocannon';
import { latencyRecorder } from './stats.ts';

/** What one route measured; latencies are those of every completed response. */
export type RouteMeasurement = {
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  /** Connection errors and timeouts: requests that got no answer. */
  readonly errors: number;
  readonly non2xx: number;
  /** Completed responses. */
  readonly requests: number;
  readonly durationS: number;
  readonly statusCodes: Readonly<Record<string, number>>;
};

export type LoadSettings = {
  readonly baseUrl: string;
  /** Request paths; every request takes the next one, shared by all connections. */
  readonly paths: readonly string[];
  readonly durationS: number;
  readonly warmupS: number;
  readonly connections: number;
};

const requestTimeoutS = 10;
const pathsMax = 10_000;

/** Load is only ever sent to this machine (see bench/README.md). */
export function assertLoopback(baseUrl: string): void {
  const { hostname } = new URL(baseUrl);
  if (hostname !== '127.0.0.1' && hostname !== 'localhost' && hostname !== '[::1]') {
    throw new Error(`the bench only sends load to the loopback address, not to ${hostname}`);
  }
}

/**
 * One autocannon run. A single request whose setupRequest takes the next path from a
 * counter shared by all connections, so the route is measured across the whole list
 * (many cache entries) rather than every connection repeating the first path.
 */
function fire(settings: LoadSettings, durationS: number, onLatency: (ms: number) => void): Promise<Result> {
  let next = 0;
  const { paths } = settings;
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: settings.baseUrl,
        connections: settings.connections,
        duration: durationS,
        timeout: requestTimeoutS,
        requests: [
          {
            method: 'GET',
            setupRequest: (request) => {
              const path = paths[next % paths.length]!;
              next = (next + 1) % paths.length;
              return { ...request, path };
            },
          },
        ],
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
    instance.on('response', (_client, _statusCode, _bytes, responseTimeMs) => onLatency(responseTimeMs));
  });
}

export async function measureRoute(settings: LoadSettings): Promise<RouteMeasurement> {
  assertLoopback(settings.baseUrl);
  if (settings.paths.length === 0 || settings.paths.length > pathsMax) {
    throw new Error(`a route needs 1 to ${pathsMax} request paths, got ${settings.paths.length}`);
  }
  if (settings.warmupS > 0) await fire(settings, settings.warmupS, () => {});

  const latencies = latencyRecorder();
  const result = await fire(settings, settings.durationS, (ms) => latencies.record(ms));
  const summary = latencies.summary();
  const requests = result.requests.total;
  const statusCodes: Record<string, number> = {};
  for (const [code, { count }] of Object.entries(result.statusCodeStats)) statusCodes[code] = count;
  return {
    requestsPerSecond: result.duration > 0 ? Math.round(requests / result.duration) : 0,
    p50Ms: summary.p50Ms,
    p99Ms: summary.p99Ms,
    maxMs: summary.maxMs,
    errors: result.errors,
    non2xx: result.non2xx,
    requests,
    durationS: result.duration,
    statusCodes,
  };
}
