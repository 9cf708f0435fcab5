import type { EventEnvelope } from '@mercato/platform/bus';
import type { TSchema } from 'typebox';
import { Value } from 'typebox/value';
import type { NotificationsDeps } from './deps.ts';

/**
 * The data of an event if it has the shape this module reads, else undefined (logged):
 * a malformed event is dropped rather than retried forever, since no retry can fix it.
 */
export function dataOf<T>(deps: NotificationsDeps, event: EventEnvelope, schema: TSchema): T | undefined {
  if (Value.Check(schema, event.data)) return event.data as T;
  deps.logger.warn({ eventId: event.id, type: event.type }, 'malformed event dropped');
  return undefined;
}

/** How a variant is named in messages: "Desk Lamp — Small", or the product title alone. */
export function titleOf(productTitle: string, variantTitle: string): string {
  return variantTitle === '' || variantTitle === productTitle ? productTitle : `${productTitle} — ${variantTitle}`;
}
