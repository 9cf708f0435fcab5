import { propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, type Tracer, trace } from '@opentelemetry/api';
import type { Logger } from 'pino';
import type { Db } from '../db/port.ts';
import { assert } from '../kernel/index.ts';
import type { EventEnvelope, Subscription, Transport } from './port.ts';
import { errorText } from './publish-error.ts';
import { assertSchemaName } from './tables.ts';

/** `<module>.<purpose>`, lowercase; the NATS durable name replaces the dots. */
export const consumerNamePattern = /^[a-z][a-z0-9_]{0,62}(\.[a-z][a-z0-9_]{0,62}){0,3}$/;
export const subscriptionTypesMax = 100;

export type InboxSubscriptionOptions = {
  readonly db: Db;
  /** The consuming module's schema, which holds its inbox. */
  readonly schema: string;
  readonly transport: Transport;
  readonly subscription: Subscription;
  readonly logger: Logger;
  readonly tracer?: Tracer;
};

export function assertSubscription(consumer: string, types: readonly string[]): void {
  assert(consumerNamePattern.test(consumer), `invalid consumer name: ${JSON.stringify(consumer)}`);
  assert(
    types.length >= 1 && types.length <= subscriptionTypesMax,
    `a subscription takes 1–${subscriptionTypesMax} event types`,
  );
}

/**
 * Subscribes a consumer so that each event's effect happens once: the inbox row
 * and the handler's writes commit in one transaction, and an event whose inbox row
 * exists is skipped. A handler error rolls both back and reaches the transport,
 * which redelivers.
 */
export async function subscribeWithInbox(options: InboxSubscriptionOptions): Promise<void> {
  const { db, schema, transport, subscription, logger } = options;
  assertSchemaName(schema);
  assertSubscription(subscription.consumer, subscription.types);
  const tracer = options.tracer ?? trace.getTracer('@mercato/platform/bus');
  const wanted = new Set(subscription.types);
  const consumer = subscription.consumer;

  async function handleOnce(event: EventEnvelope): Promise<boolean> {
    return db.transaction(async (tx) => {
      const inserted = await tx.query(
        `INSERT INTO ${schema}.inbox (consumer, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING event_id`,
        [consumer, event.id],
      );
      if (inserted.rows.length === 0) return false;
      await subscription.handle(event, tx);
      return true;
    });
  }

  async function deliver(event: EventEnvelope): Promise<void> {
    // A transport that cannot filter by every type (older NATS servers) delivers more.
    if (!wanted.has(event.type)) return;
    const carrier = event.traceparent ? { traceparent: event.traceparent } : {};
    const parent = propagation.extract(ROOT_CONTEXT, carrier);
    const attributes = {
      'messaging.operation.type': 'process',
      'messaging.destination.name': event.type,
      'messaging.message.id': event.id,
      'messaging.consumer.group.name': consumer,
    };
    await tracer.startActiveSpan(
      `process ${event.type}`,
      { kind: SpanKind.CONSUMER, attributes },
      parent,
      async (span) => {
        try {
          const handled = await handleOnce(event);
          span.setAttribute('mercato.inbox.duplicate', !handled);
          if (!handled)
            logger.debug({ consumer, eventId: event.id, type: event.type }, 'event already handled; skipped');
        } catch (error) {
          span.recordException(error instanceof Error ? error : String(error));
          span.setStatus({ code: SpanStatusCode.ERROR, message: errorText(error) });
          logger.warn(
            { consumer, eventId: event.id, type: event.type, err: error },
            'event handler failed; it will be redelivered',
          );
          throw error;
        } finally {
          span.end();
        }
      },
    );
  }

  await transport.subscribe(consumer, subscription.types, deliver);
}
