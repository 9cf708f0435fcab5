import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { EventEnvelope } from '@mercato/platform/bus';
import type { Tx } from '@mercato/platform/db';
import { testDbTargets } from '@mercato/platform/db/testing';
import {
  bootNotifications,
  deliver,
  envelope,
  messagesOf,
  type NotificationsHost,
  productEvent,
  subscriptionFor,
} from './support.ts';

/**
 * The required test: a back-in-stock subscription yields exactly one message
 * when stock returns, even when the event is delivered twice (one after the other and
 * at the same time). The last case runs a handler without the dedupe through the same
 * check and sees two messages, so the check can fail.
 */
for (const target of testDbTargets()) {
  describe(`back in stock on ${target.name}`, { skip: target.skipReason }, () => {
    let host: NotificationsHost;

    before(async () => {
      host = await bootNotifications(target);
      await deliver(
        host,
        productEvent('prod_lamp', 'Desk Lamp', [
          { id: 'var_lamp_s', sku: 'LAMP-S', title: 'Small' },
          { id: 'var_lamp_l', sku: 'LAMP-L', title: 'Large' },
        ]),
      );
    });

    after(() => host?.close());

    async function subscribe(variantId: string, email: string) {
      const response = await host.app.inject({
        method: 'POST',
        url: '/api/back-in-stock',
        payload: { variantId, email },
      });
      assert.equal(response.statusCode, 201, response.body);
      return response.json();
    }

    /** What the subscriber receives: letters in the mailbox after the sender ran. */
    async function lettersTo(email: string) {
      while ((await host.api.sendDue()).claimed > 0);
      const page = await host.api.listMailbox({ to: email, limit: 100 });
      assert.ok(page.ok);
      return page.value.items;
    }

    const backInStock = (sku: string) => envelope('inventory.back_in_stock', { sku, available: 3 });

    it('a subscription yields exactly one message when stock returns, even when the event is delivered twice', async () => {
      await subscribe('var_lamp_s', 'Ann@Example.com');
      const event = backInStock('LAMP-S');
      await deliver(host, event);
      await deliver(host, event);
      await Promise.all([deliver(host, event), deliver(host, event)]);
      const letters = await lettersTo('ann@example.com');
      assert.equal(letters.length, 1, JSON.stringify(letters));
      assert.equal(letters[0]?.subject, 'Mercato: Desk Lamp — Small is back in stock');
      assert.match(letters[0]?.text ?? '', /Desk Lamp — Small \(LAMP-S\) is back in stock/);
    });

    it('tells a subscriber once: a later return of the same SKU writes nothing more for them', async () => {
      await deliver(host, backInStock('LAMP-S'));
      assert.equal((await lettersTo('ann@example.com')).length, 1);
      // A new subscription after the first return is told at the next one.
      await subscribe('var_lamp_s', 'ann@example.com');
      await subscribe('var_lamp_s', 'bob@example.com');
      await deliver(host, backInStock('LAMP-S'));
      assert.equal((await lettersTo('ann@example.com')).length, 2);
      assert.equal((await lettersTo('bob@example.com')).length, 1);
    });

    it('tells only the subscribers of the SKU that came back', async () => {
      await subscribe('var_lamp_l', 'cleo@example.com');
      await deliver(host, backInStock('LAMP-S'));
      await deliver(host, backInStock('OTHER-SKU'));
      assert.equal((await lettersTo('cleo@example.com')).length, 0);
      await deliver(host, backInStock('LAMP-L'));
      assert.equal((await lettersTo('cleo@example.com')).length, 1);
    });

    type Handle = (event: EventEnvelope, tx: Tx) => Promise<void>;

    /**
     * The check both handlers below go through: a subscriber, the event delivered twice
     * in a row and twice at once straight to `handle` (no inbox in front of it, as after
     * an inbox purge or a renamed consumer), then exactly one letter.
     */
    async function toldOnceWithoutInbox(email: string, handle: Handle): Promise<void> {
      await subscribe('var_lamp_s', email);
      const event = backInStock('LAMP-S');
      const once = () => host.db.transaction((tx) => handle(event, tx));
      await once();
      await once();
      await Promise.all([once(), once()]);
      const letters = await lettersTo(email);
      assert.equal(letters.length, 1, `${email} got ${letters.length} letters`);
    }

    it('without the inbox, the handler itself still writes one message for a redelivered event', async () => {
      await toldOnceWithoutInbox('dan@example.com', subscriptionFor(host, 'inventory.back_in_stock').handle);
      assert.equal(
        (await messagesOf(host, 'back_in_stock')).filter((message) => message.recipient === 'dan@example.com').length,
        1,
      );
    });

    it('a handler without the dedupe fails that check (the broken variant it exists to catch)', async () => {
      // Reads the waiting subscribers, does not claim them, and keys each message per
      // delivery instead of per (kind, event, recipient).
      let delivery = 0;
      const naive: Handle = async (event, tx) => {
        const mine = ++delivery;
        const { rows } = await tx.query<{ email: string }>(
          `SELECT s.email FROM notifications.back_in_stock_subscriptions s JOIN notifications.variants v USING (variant_id)
            WHERE v.sku = $1 AND s.status = 'waiting' AND s.email = 'eve@example.com'`,
          [(event.data as { sku: string }).sku],
        );
        for (const row of rows) {
          await tx.query(
            `INSERT INTO notifications.messages (id, kind, recipient, subject, body_text, body_html, dedupe_key, status, next_attempt_at, created_at)
             VALUES ($1, 'back_in_stock', $2, 'back', 'back', 'back', $3, 'pending', $4, $4)`,
            [`msg_naive_${mine}`, row.email, `back_in_stock:${event.id}:${row.email}:${mine}`, new Date()],
          );
        }
      };
      await assert.rejects(toldOnceWithoutInbox('eve@example.com', naive), /eve@example.com got 4 letters/);
    });
  });
}
