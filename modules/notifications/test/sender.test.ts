import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testDbTargets } from '@mercato/platform/db/testing';
import { manualClock } from '@mercato/platform/kernel';
import * as store from '../src/store.ts';
import { type MailTransport, type OutgoingMail, PermanentSendError } from '../src/transport/port.ts';
import { bootNotifications, deliver, envelope, messagesOf, type NotificationsHost, usd } from './support.ts';

/** A transport whose next answers are scripted: 'ok', 'fail', 'refuse' (permanent) or 'hang'. */
function scriptedTransport() {
  const script: ('ok' | 'fail' | 'refuse' | 'hang')[] = [];
  const delivered: OutgoingMail[] = [];
  let calls = 0;
  const transport: MailTransport = {
    kind: 'scripted',
    async send(mail, signal) {
      calls++;
      const next = script.shift() ?? 'ok';
      if (next === 'fail') throw new Error('451 try again later');
      if (next === 'refuse') throw new PermanentSendError('550 no such mailbox');
      if (next === 'hang')
        return new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(new Error('aborted'))));
      delivered.push(mail);
    },
    async close() {},
  };
  return { transport, script, delivered, calls: () => calls };
}

/** The background sender: retries with exponential backoff, bounded attempts, never two sends of one message. */
for (const target of testDbTargets()) {
  describe(`sender on ${target.name}`, { skip: target.skipReason }, () => {
    const clock = manualClock();
    const scripted = scriptedTransport();
    let host: NotificationsHost;
    let orders = 0;

    before(async () => {
      host = await bootNotifications(target, {
        clock,
        transport: scripted.transport,
        config: {
          attemptsMax: 3,
          retryBaseDelayMs: 1000,
          retryDelayMaxMs: 60_000,
          leaseMs: 30_000,
          sendTimeoutMs: 100,
        },
      });
    });

    after(() => host?.close());

    /** Writes one order confirmation (through the event, as in production); answers its message id. */
    async function oneMessage(): Promise<string> {
      const n = ++orders;
      await deliver(
        host,
        envelope('checkout.order_placed', {
          orderId: `ord_${n}`,
          number: `M-${n}`,
          email: `buyer${n}@example.com`,
          items: [],
          total: usd(100),
        }),
      );
      const message = (await messagesOf(host)).find((row) => row.recipient === `buyer${n}@example.com`);
      assert.ok(message);
      return message.id;
    }

    async function statusOf(id: string) {
      const { rows } = await host.db.query<{
        status: string;
        attempts: number;
        next_attempt_at: Date;
        last_error: string | null;
      }>('SELECT status, attempts, next_attempt_at, last_error FROM notifications.messages WHERE id = $1', [id]);
      return rows[0];
    }

    it('retries a failed send with exponential backoff, then sends it once', async () => {
      const id = await oneMessage();
      scripted.script.push('fail', 'fail', 'ok');
      assert.deepEqual(await host.api.sendDue(), { claimed: 1, sent: 0, retried: 1, failed: 0 });
      assert.equal((await statusOf(id))?.next_attempt_at.getTime(), clock.now().getTime() + 1000);
      assert.equal((await host.api.sendDue()).claimed, 0, 'not due before its backoff');
      clock.advance(999);
      assert.equal((await host.api.sendDue()).claimed, 0);
      clock.advance(1);
      assert.deepEqual(await host.api.sendDue(), { claimed: 1, sent: 0, retried: 1, failed: 0 });
      clock.advance(1999);
      assert.equal((await host.api.sendDue()).claimed, 0, 'the second wait is twice the first');
      clock.advance(1);
      assert.deepEqual(await host.api.sendDue(), { claimed: 1, sent: 1, retried: 0, failed: 0 });
      clock.advance(3_600_000);
      assert.equal((await host.api.sendDue()).claimed, 0, 'a sent message is never claimed again');
      assert.deepEqual(scripted.delivered.filter((mail) => mail.id === id).length, 1);
      assert.deepEqual(
        { ...(await statusOf(id)), next_attempt_at: undefined },
        { status: 'sent', attempts: 3, next_attempt_at: undefined, last_error: null },
      );
    });

    it('gives up after attemptsMax tries, and at once on a permanent refusal', async () => {
      const flaky = await oneMessage();
      scripted.script.push('fail', 'fail', 'fail');
      for (let attempt = 0; attempt < 3; attempt++) {
        await host.api.sendDue();
        clock.advance(60_000);
      }
      assert.equal((await statusOf(flaky))?.status, 'failed');
      assert.equal((await statusOf(flaky))?.attempts, 3);
      assert.match((await statusOf(flaky))?.last_error ?? '', /451 try again later/);
      const refused = await oneMessage();
      scripted.script.push('refuse');
      assert.deepEqual(await host.api.sendDue(), { claimed: 1, sent: 0, retried: 0, failed: 1 });
      assert.equal((await statusOf(refused))?.attempts, 1);
      clock.advance(3_600_000);
      assert.equal((await host.api.sendDue()).claimed, 0);
    });

    it('bounds a send that hangs by sendTimeoutMs and retries it', async () => {
      const id = await oneMessage();
      scripted.script.push('hang');
      assert.deepEqual(await host.api.sendDue(), { claimed: 1, sent: 0, retried: 1, failed: 0 });
      clock.advance(1000);
      assert.deepEqual(await host.api.sendDue(), { claimed: 1, sent: 1, retried: 0, failed: 0 });
      assert.equal(scripted.delivered.filter((mail) => mail.id === id).length, 1);
    });

    it('leaves a message claimed by a sender that died alone until its lease ends, then sends it once', async () => {
      const id = await oneMessage();
      const leaseUntil = new Date(clock.now().getTime() + 30_000);
      const dead = await store.claimDue(host.db, { now: clock.now(), leaseUntil, token: 'lease_dead', limit: 10 });
      assert.deepEqual(
        dead.map((message) => message.id),
        [id],
      );
      clock.advance(29_999);
      assert.equal((await host.api.sendDue()).claimed, 0, 'held by the dead sender');
      clock.advance(1);
      assert.equal((await host.api.sendDue()).sent, 1);
      assert.equal(
        await store.markSent(host.db, id, 'lease_dead', clock.now()),
        false,
        'the dead sender lost its lease',
      );
      assert.equal(scripted.delivered.filter((mail) => mail.id === id).length, 1);
    });

    it('never sends a message twice when senders run at the same time', async () => {
      const ids = new Set<string>();
      for (let n = 0; n < 12; n++) ids.add(await oneMessage());
      const before = scripted.delivered.length;
      await Promise.all([host.api.sendDue(5), host.api.sendDue(5), host.api.sendDue(5), host.api.sendDue(5)]);
      const sent = scripted.delivered.slice(before).map((mail) => mail.id);
      assert.equal(new Set(sent).size, sent.length, 'a message was sent twice');
      assert.deepEqual(new Set(sent), ids);
    });
  });
}
