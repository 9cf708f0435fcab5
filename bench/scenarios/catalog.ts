import { measureRoute, type RouteMeasurement } from '../load.ts';
import type { BenchOptions } from '../options.ts';
import { UsageError } from '../options.ts';
import {
  baselineOf,
  evaluateTarget,
  machineFacts,
  type Report,
  type RouteRow,
  ratioOf,
  renderReport,
  type TargetSpec,
  writeReport,
} from '../report.ts';
import { startServer } from '../server.ts';
import { buildCatalogRequests, type CatalogRequests } from './catalog-requests.ts';
import { preflight, sampleCatalog } from './catalog-sample.ts';

/**
 * `npm run bench -- catalog`: the storefront's read path under load, each route next to
 * the bare /healthz route of the same server, measured first and again last.
 */

type RouteName = keyof CatalogRequests;

const routeSpecs: Record<RouteName, { label: string; target: TargetSpec | null }> = {
  list: { label: 'list page', target: { ratioMin: 0.4, p99MaxMs: 20, products: 1000 } },
  search: { label: 'search', target: null },
  facets: { label: 'search, filtered and faceted', target: { ratioMin: 0.2, p99MaxMs: 50, products: 100_000 } },
  product: { label: 'product page', target: { ratioMin: 0.4, p99MaxMs: 20, products: 1000 } },
};

export const catalogRouteNames = Object.keys(routeSpecs) as RouteName[];
const baselinePath = '/healthz';

function selectedRoutes(requested: readonly string[] | undefined): RouteName[] {
  if (requested === undefined) return catalogRouteNames;
  const unknown = requested.filter((name) => !(catalogRouteNames as string[]).includes(name));
  if (unknown.length > 0) {
    throw new UsageError(`unknown route ${unknown.join(', ')}; the catalog routes are ${catalogRouteNames.join(', ')}`);
  }
  return catalogRouteNames.filter((name) => requested.includes(name));
}

function row(
  name: string,
  label: string,
  paths: readonly string[],
  measurement: RouteMeasurement,
  target: TargetSpec | null,
  context: { ratio: number; products: number },
): RouteRow {
  return {
    name,
    label,
    ...measurement,
    ratio: context.ratio,
    target,
    verdict: target === null ? null : evaluateTarget(measurement, context.ratio, target, context.products),
    paths,
  };
}

export async function runCatalog(options: BenchOptions, log: (line: string) => void): Promise<Report> {
  const routes = selectedRoutes(options.routes);
  const machine = machineFacts();
  const startedAt = new Date().toISOString();
  const server = await startServer({
    products: options.products,
    log,
    ...(options.uncached ? { env: { MERCATO_CATALOG_CACHE_TTL_MS: '1' } } : {}),
  });
  if (options.uncached) log('the catalog read cache is off: every request reaches the database');
  try {
    log('sampling the catalog for request paths');
    const requests = buildCatalogRequests(await sampleCatalog(server.baseUrl));
    for (const name of routes) {
      const { failures, firstFailure } = await preflight(server.baseUrl, requests[name]);
      const note = failures > 0 ? `; ${failures} did not answer 200, first: ${firstFailure}` : '';
      log(`${name}: ${requests[name].length} distinct paths${note}`);
    }

    const load = {
      baseUrl: server.baseUrl,
      durationS: options.durationS,
      warmupS: options.warmupS,
      connections: options.connections,
    };
    const measure = async (name: string, paths: readonly string[]) => {
      log(`measuring ${name} for ${options.warmupS} + ${options.durationS} s`);
      return measureRoute({ ...load, paths });
    };
    const first = await measure('baseline (first)', [baselinePath]);
    const measured: { name: RouteName; measurement: RouteMeasurement }[] = [];
    for (const name of routes) measured.push({ name, measurement: await measure(name, requests[name]) });
    const last = await measure('baseline (last)', [baselinePath]);

    const baseline = baselineOf(first, last);
    const context = (rps: number) => ({ ratio: ratioOf(rps, baseline), products: options.products });
    const rows: RouteRow[] = [
      row(
        'baseline-first',
        'bare route /healthz (first)',
        [baselinePath],
        first,
        null,
        context(first.requestsPerSecond),
      ),
      ...measured.map(({ name, measurement }) =>
        row(
          name,
          routeSpecs[name].label,
          requests[name],
          measurement,
          routeSpecs[name].target,
          context(measurement.requestsPerSecond),
        ),
      ),
      row('baseline-last', 'bare route /healthz (last)', [baselinePath], last, null, context(last.requestsPerSecond)),
    ];
    const report: Report = {
      scenario: 'catalog',
      startedAt,
      finishedAt: new Date().toISOString(),
      machine,
      settings: {
        products: options.products,
        durationS: options.durationS,
        warmupS: options.warmupS,
        connections: options.connections,
      },
      server: { startupMs: server.startupMs, seeded: server.seeded, cachedData: server.cached },
      baseline,
      routes: rows,
    };
    process.stdout.write(`\n${renderReport(report)}\n`);
    await writeReport(options.outPath, report);
    log(`wrote ${options.outPath}`);
    return report;
  } finally {
    await server.stop();
  }
}
