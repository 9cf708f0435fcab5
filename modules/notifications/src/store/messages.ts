import type { Queryable } from '@mercato/platform/db';
import { assert } from '@mercato/platform/kernel';
import { type MessageKind, notificationsLimits } from '../contract.ts';

/** A message to write; `dedupeKey` makes a second write for the same cause a no-op. */
export type NewMessage = {
  readonly id: string;
  readonly kind: MessageKind;
  readonly recipient: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  readonly dedupeKey: string;
};

/** A message a sender holds the lease of. */
export type ClaimedMessage = {
  readonly id: string;
  readonly kind: MessageKind;
  readonly recipient: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  /** Tries so far, this one included. */
  readonly attempts: number;
};

const columnsPerMessage = 9;

/**
 * Writes messages, skipping any whose dedupe key exists (a redelivered event). Runs in
 * the caller's transaction, the one that holds the triggering event's inbox row.
 * Answers the ids actually written.
 */
export async function insertMessages(tx: Queryable, messages: readonly NewMessage[], now: Date): Promise<string[]> {
  assert(messages.length <= notificationsLimits.notifyBatchSize, 'too many messages in one insert');
  if (messages.length === 0) return [];
  const params: unknown[] = [];
  const rows = messages.map((message, index) => {
    const n = index * columnsPerMessage;
    params.push(
      message.id,
      message.kind,
      message.recipient,
      message.subject,
      message.text,
      message.html,
      message.dedupeKey,
      now,
      now,
    );
    const placeholders = Array.from({ length: columnsPerMessage }, (_, column) => `$${n + column + 1}`);
    return `(${placeholders.slice(0, 7).join(', ')}, 'pending', 0, ${placeholders[7]}, ${placeholders[8]})`;
  });
  const { rows: written } = await tx.query<{ id: string }>(
    `INSERT INTO notifications.messages (id, kind, recipient, subject, body_text, body_html, dedupe_key, status, attempts, next_attempt_at, created_at)
     VALUES ${rows.join(', ')}
     ON CONFLICT (dedupe_key) DO NOTHING RETURNING id`,
    params,
  );
  return written.map((row) => row.id);
}

type ClaimedRow = {
  id: string;
  kind: MessageKind;
  recipient: string;
  subject: string;
  body_text: string;
  body_html: string;
  attempts: number;
};

/**
 * Claims up to `limit` due messages in one statement: counts the try, moves
 * `next_attempt_at` to the end of the lease and stamps the lease token. Rows another
 * sender is claiming right now are skipped (SKIP LOCKED), and a row claimed a moment
 * ago is no longer due, so no message is held by two senders at once.
 */
export async function claimDue(
  q: Queryable,
  claim: { now: Date; leaseUntil: Date; token: string; limit: number },
): Promise<ClaimedMessage[]> {
  const { rows } = await q.query<ClaimedRow>(
    `UPDATE notifications.messages m
        SET attempts = m.attempts + 1, next_attempt_at = $2, lease_token = $3
      WHERE m.id IN (SELECT id FROM notifications.messages
                      WHERE status = 'pending' AND next_attempt_at <= $1
                      ORDER BY next_attempt_at, id LIMIT $4 FOR UPDATE SKIP LOCKED)
        AND m.status = 'pending' AND m.next_attempt_at <= $1
      RETURNING m.id, m.kind, m.recipient, m.subject, m.body_text, m.body_html, m.attempts`,
    [claim.now, claim.leaseUntil, claim.token, claim.limit],
  );
  return rows
    .map((row) => ({
      id: row.id,
      kind: row.kind,
      recipient: row.recipient,
      subject: row.subject,
      text: row.body_text,
      html: row.body_html,
      attempts: row.attempts,
    }))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Marks a message sent, only while this sender still holds its lease. */
export async function markSent(q: Queryable, id: string, token: string, now: Date): Promise<boolean> {
  const { rowCount } = await q.query(
    `UPDATE notifications.messages SET status = 'sent', sent_at = $3, lease_token = NULL, last_error = NULL
      WHERE id = $1 AND lease_token = $2 AND status = 'pending'`,
    [id, token, now],
  );
  return rowCount === 1;
}

/** After a failed try: due again at `nextAttemptAt`, or `failed` for good when `nextAttemptAt` is null. */
export async function settleFailure(
  q: Queryable,
  id: string,
  token: string,
  nextAttemptAt: Date | null,
  error: string,
): Promise<boolean> {
  const { rowCount } = await q.query(
    `UPDATE notifications.messages
        SET status = CASE WHEN $3::timestamptz IS NULL THEN 'failed' ELSE 'pending' END,
            next_attempt_at = coalesce($3::timestamptz, next_attempt_at),
            lease_token = NULL, last_error = $4
      WHERE id = $1 AND lease_token = $2 AND status = 'pending'`,
    [id, token, nextAttemptAt, error.slice(0, notificationsLimits.errorLengthMax)],
  );
  return rowCount === 1;
}

/**
 * Extends the lease of a claimed message just before it is sent, so every send starts
 * with a whole lease ahead of it however long the sends before it in the batch took.
 * False when another sender has taken the message since (the lease had run out).
 */
export async function renewLease(q: Queryable, id: string, token: string, leaseUntil: Date): Promise<boolean> {
  const { rowCount } = await q.query(
    `UPDATE notifications.messages SET next_attempt_at = $3 WHERE id = $1 AND lease_token = $2 AND status = 'pending'`,
    [id, token, leaseUntil],
  );
  return rowCount === 1;
}
