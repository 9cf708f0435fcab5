import type { MessageKind } from '../contract.ts';
import type { Rendered } from '../domain/templates/index.ts';
import type { NewMessage } from '../store.ts';
import type { NotificationsDeps } from './deps.ts';

/**
 * The dedupe key of a message: what caused it (the event), what it is (the kind) and
 * who gets it. A redelivered event produces the same keys, and the UNIQUE index on
 * them turns its second write into nothing.
 */
export function dedupeKey(kind: MessageKind, eventId: string, recipient: string): string {
  return `${kind}:${eventId}:${recipient}`;
}

/** A message ready for `insertMessages`. */
export function newMessage(
  deps: NotificationsDeps,
  kind: MessageKind,
  eventId: string,
  recipient: string,
  rendered: Rendered,
): NewMessage {
  return {
    id: deps.ids.next('msg'),
    kind,
    recipient,
    subject: rendered.subject,
    text: rendered.text,
    html: rendered.html,
    dedupeKey: dedupeKey(kind, eventId, recipient),
  };
}
