import type { Queryable } from '@mercato/platform/db';
import type { MailboxItem } from '../contract.ts';

export type Letter = {
  readonly id: string;
  readonly from: string;
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  readonly sentAt: Date;
};

/** Puts a letter in the mailbox; a second delivery of the same message id changes nothing. */
export async function insertLetter(q: Queryable, letter: Letter): Promise<void> {
  await q.query(
    `INSERT INTO notifications.mailbox (id, sender, recipient, subject, body_text, body_html, sent_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (id) DO NOTHING`,
    [letter.id, letter.from, letter.to, letter.subject, letter.text, letter.html, letter.sentAt],
  );
}

export type LetterPageQuery = {
  readonly to: string | undefined;
  /** The `seq` of the last letter served: the page continues with older ones. */
  readonly beforeSeq: number | undefined;
  readonly limit: number;
};

/** Newest first by `seq`; one row more than asked tells whether another page follows. */
export async function pageOfLetters(q: Queryable, query: LetterPageQuery): Promise<(MailboxItem & { seq: number })[]> {
  const conditions: string[] = [];
  const params: unknown[] = [];
  if (query.to !== undefined) {
    params.push(query.to);
    conditions.push(`recipient = $${params.length}`);
  }
  if (query.beforeSeq !== undefined) {
    params.push(query.beforeSeq);
    conditions.push(`seq < $${params.length}`);
  }
  params.push(query.limit + 1);
  const where = conditions.length === 0 ? '' : `WHERE ${conditions.join(' AND ')}`;
  const { rows } = await q.query<{
    seq: number;
    id: string;
    recipient: string;
    subject: string;
    body_text: string;
    sent_at: Date;
  }>(
    `SELECT seq, id, recipient, subject, body_text, sent_at FROM notifications.mailbox ${where}
      ORDER BY seq DESC LIMIT $${params.length}`,
    params,
  );
  return rows.map((row) => ({
    seq: row.seq,
    id: row.id,
    to: row.recipient,
    subject: row.subject,
    text: row.body_text,
    sentAt: row.sent_at.toISOString(),
  }));
}
