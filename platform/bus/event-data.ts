import type { Static, TSchema } from 'typebox';
import { Value } from 'typebox/value';
import type { EventEnvelope } from './port.ts';

/**
 * An event whose data does not have the shape its consumer declared. Thrown from a
 * handler it rolls the handler's transaction back (nothing is half applied) and fails
 * the delivery; since no redelivery can fix it, the event goes dead once the relay's
 * attempts run out, where it is counted, logged and can be re-driven after a fix.
 */
export class MalformedEventError extends Error {
  override name = 'MalformedEventError';
  readonly eventId: string;
  readonly type: string;
  constructor(event: Pick<EventEnvelope, 'id' | 'type'>, problem: string) {
    // The data itself is never quoted: events carry emails and names.
    super(`malformed ${event.type} event ${event.id}: ${problem}`);
    this.eventId = event.id;
    this.type = event.type;
  }
}

/**
 * The data of `event`, checked against the schema its consumer declares in its
 * contract (the fields it reads; others are ignored). Throws a MalformedEventError
 * naming the first field that does not match.
 */
export function parseEventData<S extends TSchema>(schema: S, event: EventEnvelope): Static<S> {
  if (Value.Check(schema, event.data)) return event.data;
  const [first] = Value.Errors(schema, event.data);
  const field = first === undefined || first.instancePath === '' ? 'data' : `data${first.instancePath}`;
  throw new MalformedEventError(event, `${field} ${first?.message ?? 'does not match its schema'}`);
}
