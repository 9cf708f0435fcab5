import type { Logger } from 'pino';
import { assert, limits } from '../kernel/index.ts';
import { assertSubscription } from './inbox.ts';
import type { EventEnvelope, Transport } from './port.ts';
import { errorText, PublishError } from './publish-error.ts';

type Deliver = (event: EventEnvelope) => Promise<void> | void;
type Registration = { readonly name: string; readonly types: ReadonlySet<string>; readonly deliver: Deliver };

const subscribersMax = 1000;
const listenersMax = 1000;

export type InProcessTransportOptions = { readonly logger: Logger };

/**
 * The embedded default: `publish` calls each subscriber of each event directly and
 * resolves when all of them succeeded. A subscriber that throws makes `publish`
 * reject with a PublishError naming its events; the relay keeps those rows and
 * publishes them again, and the inbox turns the other subscribers' second delivery
 * into a no-op. Listeners hear each event once all its subscribers succeeded.
 */
export function inProcessTransport(options: InProcessTransportOptions): Transport {
  const { logger } = options;
  const subscribers: Registration[] = [];
  const listeners: Registration[] = [];
  let closed = false;

  async function deliverToSubscribers(event: EventEnvelope): Promise<string | undefined> {
    let failure: string | undefined;
    for (const subscriber of subscribers) {
      if (!subscriber.types.has(event.type)) continue;
      try {
        await subscriber.deliver(event);
      } catch (error) {
        // The other subscribers still get the event: their effects do not depend on this one.
        failure ??= `${subscriber.name}: ${errorText(error)}`;
      }
    }
    return failure;
  }

  async function deliverToListeners(event: EventEnvelope): Promise<void> {
    for (const listener of listeners) {
      if (!listener.types.has(event.type)) continue;
      try {
        await listener.deliver(event);
      } catch (error) {
        logger.warn({ eventId: event.id, type: event.type, err: error }, 'event listener failed; ignored');
      }
    }
  }

  return {
    kind: 'in-process',
    async publish(events) {
      assert(!closed, 'transport is closed');
      assert(events.length <= limits.outboxBatchSizeMax, `publish takes at most ${limits.outboxBatchSizeMax} events`);
      const failures = new Map<string, string>();
      for (const event of events) {
        const failure = await deliverToSubscribers(event);
        if (failure === undefined) await deliverToListeners(event);
        else failures.set(event.id, failure);
      }
      if (failures.size > 0) throw new PublishError(failures);
    },
    async subscribe(consumer, types, deliver) {
      assert(!closed, 'transport is closed');
      assertSubscription(consumer, types);
      assert(!subscribers.some((s) => s.name === consumer), `consumer ${consumer} is already subscribed`);
      assert(subscribers.length < subscribersMax, 'too many subscribers');
      subscribers.push({ name: consumer, types: new Set(types), deliver });
    },
    async listen(types, deliver) {
      assert(!closed, 'transport is closed');
      assert(types.length >= 1, 'a listener needs at least one event type');
      assert(listeners.length < listenersMax, 'too many listeners');
      listeners.push({ name: 'listener', types: new Set(types), deliver });
    },
    async close() {
      closed = true;
      subscribers.length = 0;
      listeners.length = 0;
    },
  };
}
