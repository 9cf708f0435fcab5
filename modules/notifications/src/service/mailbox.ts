import { decodeCursor, encodeCursor, fail, limits, ok, type Result } from '@mercato/platform/kernel';
import type { MailboxPage, MailboxQuery } from '../contract.ts';
import { normalizeEmail } from '../domain/email.ts';
import * as store from '../store.ts';
import type { NotificationsDeps } from './deps.ts';

/** `GET /api/admin/mailbox`: letters of the mailbox transport, newest first, page by page. */
export function createListMailbox(deps: NotificationsDeps) {
  return async (query: MailboxQuery): Promise<Result<MailboxPage, 'invalid_cursor'>> => {
    const limit = Math.min(Math.max(1, query.limit ?? limits.pageSizeDefault), limits.pageSizeMax);
    let beforeSeq: number | undefined;
    if (query.cursor !== undefined) {
      const keys = decodeCursor(query.cursor);
      const seq = keys?.[0];
      if (keys?.length !== 1 || typeof seq !== 'number' || !Number.isSafeInteger(seq))
        return fail('invalid_cursor', 'The cursor is not one this list gave out.');
      beforeSeq = seq;
    }
    const to = query.to === undefined || query.to.trim() === '' ? undefined : normalizeEmail(query.to);
    const rows = await store.pageOfLetters(deps.db, { to, beforeSeq, limit });
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return ok({
      items: page.map(({ seq: _seq, ...item }) => item),
      nextCursor: rows.length > limit && last !== undefined ? encodeCursor([last.seq]) : null,
    });
  };
}
