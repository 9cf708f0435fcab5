import {
  AckPolicy,
  type ConsumerConfig,
  type ConsumerMessages,
  DeliverPolicy,
  DiscardPolicy,
  type JetStreamManager,
  JetStreamApiError,
  type JsMsg,
  jetstream,
  jetstreamManager,
  RetentionPolicy,
  StorageType,
} from '@nats-io/jetstream';
import { connect, type NatsConnection, nanos, type Subscription as NatsSubscription } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import { assert, limits } from '../kernel/index.ts';
import { assertSubscription } from './inbox.ts';
import type { EventEnvelope, Transport } from './port.ts';
import { errorText, PublishError } from './publish-error.ts';

export type NatsTransportOptions = {
  readonly servers: string | readonly string[];
  readonly stream?: string;
  readonly subjectPrefix?: string;
  readonly logger: Logger;
  /** How long JetStream waits for an ack before redelivering. */
  readonly ackWaitMs?: number;
  /** Deliveries per event and consumer before JetStream gives up on it. */
  readonly deliverMax?: number;
  /** Window in which JetStream drops a second publish of the same event id. */
  readonly duplicateWindowMs?: number;
  /** Events are kept in the stream this long, for consumers created later or lagging. */
  readonly maxAgeMs?: number;
  readonly publishTimeoutMs?: number;
  readonly publishConcurrency?: number;
  /** Messages a consumer pulls ahead of processing. */
  readonly pullBatchSize?: number;
  readonly nakDelayMs?: number;
  readonly nakDelayMaxMs?: number;
  /** How long `close()` waits for handlers in flight before closing the connection. */
  readonly closeTimeoutMs?: number;
  /** Listener deliveries in flight per process; more are dropped (listeners are best effort). */
  readonly listenInFlightMax?: number;
  readonly connectionName?: string;
};

type Deliver = (event: EventEnvelope) => Promise<void>;

const subjectTokenPattern = /^[A-Za-z0-9_-]+$/;
const consumeRestartDelayMaxMs = 5_000;

/** Durable names cannot contain dots: `catalog.cache` → `catalog_cache`. */
export function durableName(consumer: string): string {
  return consumer.replaceAll('.', '_');
}

/** Several filter subjects per consumer need nats-server 2.10. */
function supportsMultipleFilters(version: string | undefined): boolean {
  const [major = 0, minor = 0] = (version ?? '0.0').split('.').map((part) => Number.parseInt(part, 10));
  return major > 2 || (major === 2 && minor >= 10);
}

function withDefaults(options: NatsTransportOptions) {
  const settings = {
    stream: options.stream ?? 'MERCATO',
    prefix: options.subjectPrefix ?? 'events',
    ackWaitMs: options.ackWaitMs ?? 30_000,
    deliverMax: options.deliverMax ?? 20,
    duplicateWindowMs: options.duplicateWindowMs ?? 10 * 60_000,
    maxAgeMs: options.maxAgeMs ?? 7 * 24 * 60 * 60_000,
    publishTimeoutMs: options.publishTimeoutMs ?? 5_000,
    publishConcurrency: options.publishConcurrency ?? 32,
    pullBatchSize: options.pullBatchSize ?? 16,
    nakDelayMs: options.nakDelayMs ?? 1_000,
    nakDelayMaxMs: options.nakDelayMaxMs ?? 60_000,
    closeTimeoutMs: options.closeTimeoutMs ?? 5_000,
    listenInFlightMax: options.listenInFlightMax ?? 1_000,
  };
  assert(subjectTokenPattern.test(settings.stream), `invalid stream name: ${settings.stream}`);
  assert(subjectTokenPattern.test(settings.prefix), `invalid subject prefix: ${settings.prefix}`);
  assert(settings.ackWaitMs >= 100, 'ackWaitMs must be at least 100');
  assert(settings.deliverMax >= 1 && settings.deliverMax <= 1000, 'deliverMax must be 1–1000');
  assert(settings.publishConcurrency >= 1 && settings.publishConcurrency <= 256, 'publishConcurrency must be 1–256');
  assert(settings.pullBatchSize >= 1 && settings.pullBatchSize <= 256, 'pullBatchSize must be 1–256');
  return settings;
}

type Settings = ReturnType<typeof withDefaults>;

/** Creates the stream, or updates what may change on an existing one. */
async function ensureStream(jsm: JetStreamManager, settings: Settings): Promise<void> {
  const changeable = {
    subjects: [`${settings.prefix}.>`],
    duplicate_window: nanos(settings.duplicateWindowMs),
    max_age: nanos(settings.maxAgeMs),
  };
  try {
    await jsm.streams.add({
      name: settings.stream,
      storage: StorageType.File,
      retention: RetentionPolicy.Limits,
      discard: DiscardPolicy.Old,
      ...changeable,
    });
  } catch (error) {
    // Adding an existing stream with another configuration is refused: update instead.
    if (!(error instanceof JetStreamApiError)) throw error;
    await jsm.streams.update(settings.stream, changeable);
  }
}

/** Creates the durable consumer, or updates it to the current types and limits. */
async function ensureConsumer(jsm: JetStreamManager, stream: string, config: Partial<ConsumerConfig>): Promise<void> {
  try {
    await jsm.consumers.add(stream, config);
  } catch (error) {
    if (!(error instanceof JetStreamApiError)) throw error;
    const { durable_name, deliver_policy, ack_policy, ...changeable } = config;
    await jsm.consumers.update(stream, durable_name ?? '', changeable);
  }
}

/** Runs `work` over `items` with at most `concurrency` at a time. */
async function forEachBounded<T>(
  items: readonly T[],
  concurrency: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}

function parseEnvelope(data: unknown): EventEnvelope {
  const event = data as Partial<EventEnvelope> | null;
  assert(
    typeof event === 'object' && event !== null && typeof event.id === 'string' && typeof event.type === 'string',
    'message is not an event envelope',
  );
  return event as EventEnvelope;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * The distributed transport. Events go to the JetStream stream under
 * `<prefix>.<type>` with the event id as message id, so a relay that publishes an
 * event twice inside the duplicate window stores it once. Each consumer is a durable
 * pull consumer shared by all replicas of its module: explicit acks, redelivery
 * after `ackWaitMs`, at most `deliverMax` deliveries. Listeners use plain core
 * subscriptions, so every process hears every event (at most once).
 */
export async function natsTransport(options: NatsTransportOptions): Promise<Transport> {
  const settings = withDefaults(options);
  const { logger } = options;
  const servers = typeof options.servers === 'string' ? options.servers : [...options.servers];
  const nc: NatsConnection = await connect({ servers, name: options.connectionName ?? 'mercato' });
  try {
    const jsm = await jetstreamManager(nc);
    await ensureStream(jsm, settings);
    return openTransport(nc, jsm, settings, logger);
  } catch (error) {
    await nc.close();
    throw error;
  }
}

function openTransport(nc: NatsConnection, jsm: JetStreamManager, settings: Settings, logger: Logger): Transport {
  const js = jetstream(nc);
  const subject = (type: string) => `${settings.prefix}.${type}`;
  const consumers = new Map<string, { messages: ConsumerMessages | undefined; done: Promise<void> }>();
  const listenSubscriptions: NatsSubscription[] = [];
  let listenInFlight = 0;
  let closed = false;

  function nakDelayMs(deliveryCount: number): number {
    return Math.min(settings.nakDelayMs * 2 ** Math.max(0, deliveryCount - 1), settings.nakDelayMaxMs);
  }

  async function handleMessage(consumer: string, types: ReadonlySet<string>, message: JsMsg, deliver: Deliver) {
    let event: EventEnvelope;
    try {
      event = parseEnvelope(message.json());
    } catch (error) {
      logger.error({ consumer, subject: message.subject, err: error }, 'malformed event message; terminated');
      message.term('malformed event');
      return;
    }
    if (!types.has(event.type)) {
      // Only when the server cannot filter by several subjects (before 2.10).
      message.ack();
      return;
    }
    try {
      await deliver(event);
      message.ack();
    } catch (error) {
      const deliveries = message.info.deliveryCount;
      const fields = { consumer, eventId: event.id, type: event.type, deliveries, err: error };
      if (deliveries >= settings.deliverMax)
        logger.error(fields, 'event delivery failed for the last time; JetStream gives up on it');
      else logger.warn(fields, 'event delivery failed; will be redelivered');
      message.nak(nakDelayMs(deliveries));
    }
  }

  /** Pulls and handles messages one at a time until closed; restarts the pull if it ends. */
  async function consumeLoop(consumer: string, types: ReadonlySet<string>, durable: string, deliver: Deliver) {
    const entry = consumers.get(durable);
    let restartDelayMs = 100;
    while (!closed && entry) {
      try {
        const source = await js.consumers.get(settings.stream, durable);
        entry.messages = await source.consume({ max_messages: settings.pullBatchSize });
        if (closed) await entry.messages.close();
        for await (const message of entry.messages) {
          if (closed) break; // not acked: JetStream redelivers it after ackWait
          try {
            await handleMessage(consumer, types, message, deliver);
          } catch (error) {
            // ack/nak on a closing connection: the message comes back after ackWait.
            logger.warn({ consumer, err: error }, 'could not settle event message');
          }
          restartDelayMs = 100;
        }
      } catch (error) {
        if (!closed) logger.error({ consumer, err: error }, 'event consumer stopped; restarting');
      }
      if (!closed) await delay(restartDelayMs);
      restartDelayMs = Math.min(restartDelayMs * 2, consumeRestartDelayMaxMs);
    }
  }

  return {
    kind: 'nats',
    async publish(events) {
      assert(!closed, 'transport is closed');
      assert(events.length <= limits.outboxBatchSizeMax, `publish takes at most ${limits.outboxBatchSizeMax} events`);
      const failures = new Map<string, string>();
      await forEachBounded(events, settings.publishConcurrency, async (event) => {
        try {
          await js.publish(subject(event.type), JSON.stringify(event), {
            msgID: event.id,
            timeout: settings.publishTimeoutMs,
          });
        } catch (error) {
          failures.set(event.id, errorText(error));
        }
      });
      if (failures.size > 0) throw new PublishError(failures);
    },
    async subscribe(consumer, types, deliver) {
      assert(!closed, 'transport is closed');
      assertSubscription(consumer, types);
      const durable = durableName(consumer);
      assert(!consumers.has(durable), `consumer ${consumer} is already subscribed`);
      const filters = types.map(subject);
      const filter = supportsMultipleFilters(nc.info?.version)
        ? { filter_subjects: filters }
        : // Older servers filter by one subject only: take the whole prefix; the inbox skips the rest.
          { filter_subject: filters.length === 1 ? filters[0] : `${settings.prefix}.>` };
      await ensureConsumer(jsm, settings.stream, {
        durable_name: durable,
        ack_policy: AckPolicy.Explicit,
        deliver_policy: DeliverPolicy.All,
        ack_wait: nanos(settings.ackWaitMs),
        max_deliver: settings.deliverMax,
        max_ack_pending: settings.pullBatchSize * 64,
        ...filter,
      });
      const entry = { messages: undefined as ConsumerMessages | undefined, done: Promise.resolve() };
      consumers.set(durable, entry);
      entry.done = consumeLoop(consumer, new Set(types), durable, deliver);
    },
    async listen(types, deliver) {
      assert(!closed, 'transport is closed');
      assert(types.length >= 1, 'a listener needs at least one event type');
      for (const type of types) {
        const subscription = nc.subscribe(subject(type), {
          callback: (error, message) => {
            if (error) return void logger.warn({ type, err: error }, 'event listener subscription error');
            if (listenInFlight >= settings.listenInFlightMax)
              return void logger.warn({ type }, 'event listener busy; event dropped');
            listenInFlight++;
            Promise.resolve()
              .then(() => deliver(parseEnvelope(message.json())))
              .catch((failure) => logger.warn({ type, err: failure }, 'event listener failed; ignored'))
              .finally(() => listenInFlight--);
          },
        });
        listenSubscriptions.push(subscription);
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      for (const subscription of listenSubscriptions) subscription.unsubscribe();
      const loops = [...consumers.values()];
      const stopped = Promise.allSettled([
        ...loops.map((entry) => entry.messages?.close()),
        ...loops.map((entry) => entry.done),
      ]);
      // A handler that hangs must not hang shutdown: its message is redelivered after ackWait.
      await Promise.race([stopped, delay(settings.closeTimeoutMs)]);
      await Promise.race([nc.drain().catch(() => nc.close()), delay(settings.closeTimeoutMs)]);
      if (!nc.isClosed()) await nc.close();
    },
  };
}
