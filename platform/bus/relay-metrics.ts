import { Counter, Gauge, type Registry } from 'prom-client';

export type RelayMetrics = {
  readonly pending: Gauge<'schema'>;
  readonly lagSeconds: Gauge<'schema'>;
  readonly published: Counter<'schema'>;
  readonly dead: Counter<'schema'>;
};

/**
 * Every relay of a process shares one registry, one relay per module schema: the
 * metrics are created by the first relay and found by the others, which write
 * their own `schema` label.
 */
export function relayMetrics(registry: Registry): RelayMetrics {
  return {
    pending: gauge(registry, 'outbox_pending_events', 'Outbox events not yet published (not counting dead ones).'),
    lagSeconds: gauge(registry, 'outbox_lag_seconds', 'Age of the oldest unpublished outbox event, 0 when none.'),
    published: counter(registry, 'outbox_published_total', 'Outbox events published and marked.'),
    dead: counter(registry, 'outbox_dead_events_total', 'Outbox events given up after attemptsMax failed publishes.'),
  };
}

function gauge(registry: Registry, name: string, help: string): Gauge<'schema'> {
  const existing = registry.getSingleMetric(name);
  if (existing) return existing as Gauge<'schema'>;
  return new Gauge({ name, help, labelNames: ['schema'], registers: [registry] });
}

function counter(registry: Registry, name: string, help: string): Counter<'schema'> {
  const existing = registry.getSingleMetric(name);
  if (existing) return existing as Counter<'schema'>;
  return new Counter({ name, help, labelNames: ['schema'], registers: [registry] });
}
