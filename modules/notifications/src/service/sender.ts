import { Counter, type Registry } from 'prom-client';
import { notificationsLimits, type SendOutcome } from '../contract.ts';
import { planAfterFailure } from '../domain/backoff.ts';
import * as store from '../store.ts';
import { PermanentSendError } from '../transport/port.ts';
import type { NotificationsDeps } from './deps.ts';

type Result = 'sent' | 'retried' | 'failed' | 'lost';

function sendsCounter(registry: Registry): Counter<'outcome'> {
  const name = 'notifications_sends_total';
  const existing = registry.getSingleMetric(name);
  if (existing !== undefined) return existing as Counter<'outcome'>;
  return new Counter({
    name,
    help: 'Message send attempts by outcome (sent, retried, failed, lost lease).',
    labelNames: ['outcome'],
    registers: [registry],
  });
}

function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/** Resolves or rejects with `work`, or rejects when `signal` aborts first: a transport that ignores the signal cannot hold the sender. */
function withDeadline(work: Promise<void>, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(signal.reason ?? new Error('send timed out'));
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/**
 * The background sender. A message is sent only by the sender holding its lease:
 * claimed with a conditional UPDATE (`claimDue`), renewed just before its send, marked
 * sent after it only if the lease is still ours. Failures are retried with exponential
 * backoff up to `attemptsMax` tries, or given up at once on a permanent refusal.
 * A crash between delivery and "mark sent" delivers again after the lease: at least
 * once, with the mailbox (by message id) and SMTP Message-ID absorbing the repeat.
 */
export function createSender(deps: NotificationsDeps, registry: Registry) {
  const { db, clock, config, transport, logger } = deps;
  const sends = sendsCounter(registry);
  const leaseEnd = () => new Date(clock.now().getTime() + config.leaseMs);

  async function sendOne(message: store.ClaimedMessage, token: string): Promise<Result> {
    if (!(await store.renewLease(db, message.id, token, leaseEnd()))) return 'lost';
    const signal = AbortSignal.timeout(config.sendTimeoutMs);
    const mail = {
      id: message.id,
      from: config.from,
      to: message.recipient,
      subject: message.subject,
      text: message.text,
      html: message.html,
    };
    try {
      await withDeadline(transport.send(mail, signal), signal);
    } catch (error) {
      const plan = planAfterFailure(
        message.attempts,
        config.attemptsMax,
        error instanceof PermanentSendError,
        config.retryBaseDelayMs,
        config.retryDelayMaxMs,
      );
      const next = plan.kind === 'retry' ? new Date(clock.now().getTime() + plan.delayMs) : null;
      const settled = await store.settleFailure(db, message.id, token, next, errorText(error));
      logger.warn(
        { messageId: message.id, kind: message.kind, attempts: message.attempts, retryAt: next, err: error },
        plan.kind === 'retry' ? 'send failed; retrying later' : 'send failed; giving up',
      );
      if (!settled) return 'lost';
      return plan.kind === 'retry' ? 'retried' : 'failed';
    }
    if (await store.markSent(db, message.id, token, clock.now())) return 'sent';
    // Another sender took the message after our lease ran out: it may be delivered twice.
    logger.warn({ messageId: message.id }, 'lease lost before the message was marked sent');
    return 'lost';
  }

  return {
    /** One pass: claim up to `limit` due messages and send them one after the other. */
    async sendDue(limit: number = config.sendBatchSize): Promise<SendOutcome> {
      const now = clock.now();
      const token = deps.ids.next('lease');
      const batch = Math.min(Math.max(1, limit), notificationsLimits.sendBatchMax);
      const claimed = await store.claimDue(db, { now, leaseUntil: leaseEnd(), token, limit: batch });
      const counts = { sent: 0, retried: 0, failed: 0, lost: 0 };
      for (const message of claimed) {
        const result = await sendOne(message, token);
        counts[result]++;
        sends.inc({ outcome: result });
      }
      return { claimed: claimed.length, sent: counts.sent, retried: counts.retried, failed: counts.failed };
    },
  };
}
