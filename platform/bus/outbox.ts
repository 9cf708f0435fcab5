import { context, propagation, trace } from '@opentelemetry/api';
import type { Tx } from '../db/port.ts';
import { assert, type Clock, type IdGenerator } from '../kernel/index.ts';
import type { EventEnvelope, NewEvent, Outbox } from './port.ts';
import { assertSchemaName } from './tables.ts';

/** Events one `append` may write; a use case that needs more is doing too much in one step. */
export const appendEventsMax = 100;
/** Serialized `data` of one event. Brokers cap message size (NATS: 1 MiB by default). */
export const eventDataBytesMax = 256 * 1024;
/** `<module>.<fact_in_past_tense>`; also a valid NATS subject token pair. */
const eventTypePattern = /^[a-z][a-z0-9_]{0,62}\.[a-z][a-z0-9_]{0,62}$/;
const versionMax = 1000;

/** The W3C traceparent of the span active now, or null when no span is active. */
export function activeTraceparent(): string | null {
  const active = context.active();
  if (trace.getSpan(active) === undefined) return null;
  const carrier: Record<string, string> = {};
  propagation.inject(active, carrier);
  return carrier['traceparent'] ?? null;
}

export type OutboxOptions = {
  readonly schema: string;
  readonly ids: IdGenerator;
  readonly clock: Clock;
};

export function createOutbox(options: OutboxOptions): Outbox {
  const { schema, ids, clock } = options;
  assertSchemaName(schema);
  return {
    async append(tx: Tx, events: readonly NewEvent[]): Promise<EventEnvelope[]> {
      assert(events.length <= appendEventsMax, `outbox append takes at most ${appendEventsMax} events`);
      if (events.length === 0) return [];
      const occurredAt = clock.now().toISOString();
      const traceparent = activeTraceparent();
      const envelopes: EventEnvelope[] = [];
      const params: unknown[] = [];
      const rows: string[] = [];
      for (const event of events) {
        const version = event.version ?? 1;
        assert(eventTypePattern.test(event.type), `invalid event type: ${JSON.stringify(event.type)}`);
        assert(Number.isInteger(version) && version >= 1 && version <= versionMax, `invalid event version: ${version}`);
        const json = JSON.stringify(event.data);
        assert(json !== undefined, `event data must be JSON: ${event.type}`);
        assert(
          Buffer.byteLength(json) <= eventDataBytesMax,
          `event data exceeds ${eventDataBytesMax} bytes: ${event.type}`,
        );
        const envelope: EventEnvelope = {
          id: ids.next('evt'),
          type: event.type,
          version,
          occurredAt,
          traceparent,
          // A copy through JSON, so the envelope equals what a consumer will read back.
          data: JSON.parse(json),
        };
        const n = params.length;
        rows.push(`($${n + 1}, $${n + 2}, $${n + 3}, $${n + 4}::timestamptz, $${n + 5}, $${n + 6}::text::jsonb)`);
        params.push(envelope.id, envelope.type, version, occurredAt, traceparent, json);
        envelopes.push(envelope);
      }
      const inserted = await tx.query(
        `INSERT INTO ${schema}.outbox (id, type, version, occurred_at, traceparent, data) VALUES ${rows.join(', ')}`,
        params,
      );
      assert(inserted.rowCount === events.length, 'outbox insert wrote a different number of rows');
      return envelopes;
    },
  };
}
