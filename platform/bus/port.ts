import type { Tx } from '../db/port.ts';

/**
 * The event envelope of API.md. `traceparent` is the W3C trace context of the span
 * that wrote the event, so a trace follows the event to its consumers.
 */
export type EventEnvelope<Data = unknown> = {
  readonly id: string;
  /** `<module>.<fact_in_past_tense>`, e.g. `catalog.product_created`. */
  readonly type: string;
  readonly version: number;
  /** ISO 8601. */
  readonly occurredAt: string;
  readonly traceparent: string | null;
  readonly data: Data;
};

/** What a service hands to the outbox; id, time and trace context are filled in. */
export type NewEvent<Data = unknown> = {
  readonly type: string;
  readonly version?: number;
  readonly data: Data;
};

/**
 * Writes events into the calling module's own outbox table, inside the caller's
 * transaction, so the state change and its events commit or roll back together.
 */
export interface Outbox {
  append(tx: Tx, events: readonly NewEvent[]): Promise<EventEnvelope[]>;
}

/**
 * A consumer's effect runs in one transaction with its inbox record. `handle` is
 * called at least once per event; the inbox makes the second call a no-op.
 */
export type EventHandler = (event: EventEnvelope, tx: Tx) => Promise<void>;

export type Subscription = {
  /** Durable consumer name, unique per module and purpose: `catalog.cache_invalidation`. */
  readonly consumer: string;
  /** Event types this consumer wants. */
  readonly types: readonly string[];
  readonly handle: EventHandler;
};

/**
 * A listener hears events on every running instance (broadcast), without an inbox:
 * for effects that are idempotent and local to the process, such as dropping a cache
 * entry. Missing one is harmless only because such effects also expire on their own.
 */
export type Listener = {
  readonly types: readonly string[];
  readonly handle: (event: EventEnvelope) => Promise<void> | void;
};

/**
 * Moves published envelopes from relays to consumers. In-process for the embedded
 * default; NATS JetStream (durable consumers, acks, redelivery) when distributed.
 * `publish` resolves only when the transport has taken responsibility for the events.
 * It may reject with a `PublishError` (publish-error.ts) naming the events that failed;
 * the other events of that call count as published. Any other rejection fails them all.
 */
export interface Transport {
  readonly kind: 'in-process' | 'nats';
  publish(events: readonly EventEnvelope[]): Promise<void>;
  /** Starts delivering to `deliver`; an exception from `deliver` means "redeliver later". */
  subscribe(
    consumer: string,
    types: readonly string[],
    deliver: (event: EventEnvelope) => Promise<void>,
  ): Promise<void>;
  /** Broadcast delivery to this process, at most once, for listeners. */
  listen(types: readonly string[], deliver: (event: EventEnvelope) => Promise<void> | void): Promise<void>;
  close(): Promise<void>;
}
