import { join } from 'node:path';
import { parseArgs } from 'node:util';

/**
 * Command-line options of `npm run bench -- <scenario> [flags]`, parsed and checked
 * once, here, so scenarios receive a frozen object of plain values.
 */
export type BenchOptions = {
  readonly scenario: string;
  readonly durationS: number;
  readonly warmupS: number;
  readonly connections: number;
  readonly products: number;
  /** Route names to measure; `undefined` means every route of the scenario. */
  readonly routes: readonly string[] | undefined;
  readonly outPath: string;
  /** Run the server with its catalog read cache effectively off (1 ms entries). */
  readonly uncached: boolean;
  /** Concurrent buyers: checkout's levels, or the flash sale's crowd; `undefined` means the scenario's default. */
  readonly buyers: readonly number[] | undefined;
  /** Flash sale: the units the hot SKU is set to. */
  readonly units: number;
  /** Checkout: at most this many checkouts per concurrency level (warm-up and measurement each). */
  readonly checkoutsMax: number;
  /** Lighthouse: runs per page (the median run is reported). */
  readonly runs: number;
  /** Lighthouse: sequential requests of a product page for its server response time. */
  readonly requests: number;
};

export class UsageError extends Error {
  override name = 'UsageError';
}

export const usage = `Usage: npm run bench -- <scenario> [options]

Scenarios:
  catalog               list page, search, filtered and faceted search, product page,
                        each against the bare /healthz route of the same server
  checkout              full guest checkouts (cart, two items, check out) at 8, 32 and
                        64 concurrent buyers, against a bare database transaction
  flash-sale            one SKU with --units units and --buyers buyers checking out at once
  lighthouse            Lighthouse (mobile) on home, search, product and cart; their
                        JavaScript on first load; a product page's server response time

Options:
  --duration S          seconds measured per route or checkout level (default 20)
  --warmup S            seconds of discarded load before each (default 2)
  --connections N       catalog: concurrent connections (default 32)
  --products N          products in the demo catalog (default 1000; above 1000 the
                        seeded data directory is cached in bench/.data/)
  --routes a,b          catalog: only these routes (the baseline is always measured);
                        lighthouse: only these pages (home, search, product, cart)
  --uncached            turn the catalog's read cache off (every request reaches the database)
  --buyers N[,N…]       checkout: concurrency levels (default 8,32,64);
                        flash-sale: buyers (default 300)
  --units N             flash-sale: units of the hot SKU (default 100)
  --checkouts N         checkout: at most N checkouts per level, warm-up and measurement
                        each (default 50000; the duration usually ends a level first)
  --runs N              lighthouse: runs per page, the median is reported (default 3)
  --requests N          lighthouse: sequential product-page requests timed (default 200)
  --out PATH            JSON result file (default bench/results/<scenario>-<timestamp>.json)
  -h, --help            this text`;

const limits = {
  durationS: { min: 1, max: 600 },
  warmupS: { min: 0, max: 60 },
  connections: { min: 1, max: 1024 },
  products: { min: 1, max: 1_000_000 },
  buyers: { min: 1, max: 2000 },
  buyerLevelsMax: 10,
  units: { min: 1, max: 100_000 },
  checkoutsMax: { min: 1, max: 1_000_000 },
  runs: { min: 1, max: 9 },
  requests: { min: 10, max: 10_000 },
} as const;

function wholeNumber(flag: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw)) throw new UsageError(`--${flag} must be a whole number, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max) throw new UsageError(`--${flag} must be between ${min} and ${max}, got ${value}`);
  return value;
}

function routeList(raw: string | undefined): readonly string[] | undefined {
  if (raw === undefined) return undefined;
  const names = raw
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  if (names.length === 0) throw new UsageError('--routes needs at least one route name');
  return Object.freeze([...new Set(names)]);
}

function buyerList(raw: string | undefined): readonly number[] | undefined {
  if (raw === undefined) return undefined;
  const parts = raw.split(',').map((part) => part.trim());
  if (parts.length > limits.buyerLevelsMax)
    throw new UsageError(`--buyers takes at most ${limits.buyerLevelsMax} levels`);
  const levels = parts.map((part) => wholeNumber('buyers', part, 0, limits.buyers.min, limits.buyers.max));
  return Object.freeze([...new Set(levels)]);
}

/** A file-name-safe UTC timestamp: 2025-01-31T12-00-00Z. */
export function fileTimestamp(date: Date): string {
  return date
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replaceAll(':', '-');
}

/**
 * Parses argv (without node and the script). Answers `undefined` when help was asked
 * for; throws UsageError for anything malformed.
 */
export function parseBenchArgs(argv: readonly string[], benchDir: string, now: Date): BenchOptions | undefined {
  let parsed: ReturnType<typeof parseArgsStrict>;
  try {
    parsed = parseArgsStrict(argv);
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { positionals, values } = parsed;
  if (values.help) return undefined;
  const scenario = positionals[0];
  if (scenario === undefined) throw new UsageError('name a scenario, e.g. `npm run bench -- catalog`');
  if (positionals.length > 1) throw new UsageError(`unexpected argument "${positionals[1]}"`);
  return Object.freeze({
    scenario,
    durationS: wholeNumber('duration', values.duration, 20, limits.durationS.min, limits.durationS.max),
    warmupS: wholeNumber('warmup', values.warmup, 2, limits.warmupS.min, limits.warmupS.max),
    connections: wholeNumber('connections', values.connections, 32, limits.connections.min, limits.connections.max),
    products: wholeNumber('products', values.products, 1000, limits.products.min, limits.products.max),
    routes: routeList(values.routes),
    outPath: values.out ?? join(benchDir, 'results', `${scenario}-${fileTimestamp(now)}.json`),
    uncached: values.uncached === true,
    buyers: buyerList(values.buyers),
    units: wholeNumber('units', values.units, 100, limits.units.min, limits.units.max),
    checkoutsMax: wholeNumber('checkouts', values.checkouts, 50_000, limits.checkoutsMax.min, limits.checkoutsMax.max),
    runs: wholeNumber('runs', values.runs, 3, limits.runs.min, limits.runs.max),
    requests: wholeNumber('requests', values.requests, 200, limits.requests.min, limits.requests.max),
  });
}

function parseArgsStrict(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      duration: { type: 'string' },
      uncached: { type: 'boolean' },
      warmup: { type: 'string' },
      connections: { type: 'string' },
      products: { type: 'string' },
      routes: { type: 'string' },
      buyers: { type: 'string' },
      units: { type: 'string' },
      checkouts: { type: 'string' },
      runs: { type: 'string' },
      requests: { type: 'string' },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}
