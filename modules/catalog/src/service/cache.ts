import { LRUCache } from 'lru-cache';
import { Counter, type Registry } from 'prom-client';

export type CacheConfig = { readonly entriesMax: number; readonly ttlMs: number };

/**
 * The catalog's in-process read cache: bounded entries, each with a time to live.
 *
 * Invalidation races are closed with a generation counter: a value loaded while an
 * invalidation happened is returned to its caller but not stored, so an entry can never
 * outlive the event that made it stale. Concurrent misses of one key share one load.
 */
export type ReadCache = {
  read<T extends object>(key: string, load: () => Promise<T>): Promise<T>;
  /** Drops everything: lists, facets and categories depend on any product. */
  invalidateAll(): void;
  /** Drops one product's page entries (its id and slug keys) only. */
  invalidateProduct(id: string, slug: string): void;
};

export function productKey(idOrSlug: string): string {
  return `product:${idOrSlug}`;
}

function requestsCounter(registry: Registry): Counter<'result'> {
  const name = 'catalog_cache_requests_total';
  const existing = registry.getSingleMetric(name);
  if (existing !== undefined) return existing as Counter<'result'>;
  return new Counter({
    name,
    help: 'Catalog read cache lookups by result.',
    labelNames: ['result'],
    registers: [registry],
  });
}

export function createReadCache(config: CacheConfig, registry: Registry): ReadCache {
  const entries = new LRUCache<string, object>({ max: config.entriesMax, ttl: config.ttlMs });
  const loading = new Map<string, Promise<object>>();
  const requests = requestsCounter(registry);
  let generation = 0;

  function invalidated(): void {
    generation++;
    loading.clear();
  }

  return {
    async read<T extends object>(key: string, load: () => Promise<T>): Promise<T> {
      const hit = entries.get(key);
      if (hit !== undefined) {
        requests.inc({ result: 'hit' });
        return hit as T;
      }
      requests.inc({ result: 'miss' });
      const pending = loading.get(key);
      if (pending !== undefined) return pending as Promise<T>;
      const started = generation;
      const promise = load().then(
        (value) => {
          if (generation === started) {
            entries.set(key, value);
            loading.delete(key);
          }
          return value;
        },
        (error: unknown) => {
          if (generation === started) loading.delete(key);
          throw error;
        },
      );
      loading.set(key, promise);
      return promise;
    },
    invalidateAll() {
      invalidated();
      entries.clear();
    },
    invalidateProduct(id, slug) {
      invalidated();
      entries.delete(productKey(id));
      entries.delete(productKey(slug));
    },
  };
}
