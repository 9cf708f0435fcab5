import type { Db } from '@mercato/platform/db';
import type { Clock } from '@mercato/platform/kernel';
import { insertLetter } from '../store/mailbox.ts';
import type { MailTransport } from './port.ts';

/**
 * The default transport: letters are rows of `notifications.mailbox`, inside the
 * embedded database and therefore in the data directory, readable by staff through
 * `GET /api/admin/mailbox`. Keyed by message id, so a message delivered twice (a retry
 * after a crash before "mark sent") is still one letter.
 */
export function mailboxTransport(db: Db, clock: Clock): MailTransport {
  return {
    kind: 'mailbox',
    async send(mail, signal) {
      signal.throwIfAborted();
      await insertLetter(db, { ...mail, sentAt: clock.now() });
    },
    async close() {},
  };
}
