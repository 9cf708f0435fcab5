/**
 * Where rendered messages go. The sender hands a transport one message at a time; the
 * transport resolves once the message is delivered (written to the mailbox, accepted
 * by the SMTP server) and rejects otherwise. Delivery is at least once: a crash
 * between delivery and "mark sent" delivers again, so transports dedupe what they can
 * by `id` (the mailbox keys letters by it; SMTP uses it as the Message-ID).
 */
export type OutgoingMail = {
  /** The message id (`msg_…`). */
  readonly id: string;
  readonly from: string;
  /** One normalized address. */
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
};

export interface MailTransport {
  readonly kind: string;
  /** Aborting `signal` cancels the send where the transport can; it may still have been delivered. */
  send(mail: OutgoingMail, signal: AbortSignal): Promise<void>;
  close(): Promise<void>;
}

/**
 * A refusal that will not change on retry (an SMTP 5xx such as "no such mailbox"): the
 * sender marks the message failed at once instead of retrying.
 */
export class PermanentSendError extends Error {
  override name = 'PermanentSendError';
}
