import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { MalformedEventError } from '@mercato/platform/bus';
import { testDbTargets } from '@mercato/platform/db/testing';
import {
  bootNotifications,
  deliver,
  envelope,
  messagesOf,
  type NotificationsHost,
  productEvent,
  recordingTransport,
  subscriptionFor,
  usd,
} from './support.ts';

const placed = (orderId: string, number: string, email: string) => ({
  orderId,
  number,
  customerId: null,
  email,
  items: [
    { variantId: 'var_tea_g', productId: 'prod_tea', sku: 'TEA-G', quantity: 2, unitPrice: usd(1250) },
    { variantId: 'var_unknown', productId: 'prod_x', sku: 'MYSTERY-1', quantity: 1, unitPrice: usd(999) },
  ],
  total: usd(4499),
  placedAt: '2026-01-01T00:00:00.000Z',
});

/** Order events become messages to the buyer: confirmation, shipped, refund. */
for (const target of testDbTargets()) {
  describe(`order messages on ${target.name}`, { skip: target.skipReason }, () => {
    let host: NotificationsHost;
    let recorder: ReturnType<typeof recordingTransport>;

    before(async () => {
      recorder = recordingTransport();
      host = await bootNotifications(target, {
        transport: recorder.transport,
        config: { shopName: 'Tea House', from: 'Tea House <shop@tea.example>' },
      });
      await deliver(host, productEvent('prod_tea', 'Green Tea', [{ id: 'var_tea_g', sku: 'TEA-G', title: '100 g' }]));
    });

    after(() => host?.close());

    async function sendAll() {
      while ((await host.api.sendDue()).claimed > 0);
    }

    const sentTo = (email: string) => recorder.delivered.filter((mail) => mail.to === email);

    it('confirms a placed order with its number, lines and total', async () => {
      await deliver(host, envelope('checkout.order_placed', placed('ord_1', 'M-1001', 'Buyer@Example.com')));
      await sendAll();
      const [mail, ...rest] = sentTo('buyer@example.com');
      assert.equal(rest.length, 0);
      assert.ok(mail);
      assert.equal(mail.from, 'Tea House <shop@tea.example>');
      assert.equal(mail.subject, 'Tea House: order M-1001 confirmed');
      assert.match(mail.text, /order M-1001/);
      assert.match(mail.text, /2 × Green Tea — 100 g \(TEA-G\) at \$12\.50/);
      // A variant notifications never heard of is named by its SKU.
      assert.match(mail.text, /1 × MYSTERY-1 \(MYSTERY-1\) at \$9\.99/);
      assert.match(mail.text, /Total: \$44\.99/);
      assert.match(mail.html, /<strong>\$44\.99<\/strong>/);
    });

    it('writes one confirmation for a redelivered order_placed, even without the inbox', async () => {
      const event = envelope('checkout.order_placed', placed('ord_2', 'M-1002', 'twice@example.com'));
      const subscription = subscriptionFor(host, event.type);
      await host.db.transaction((tx) => subscription.handle(event, tx));
      await host.db.transaction((tx) => subscription.handle(event, tx));
      await deliver(host, event);
      assert.equal(
        (await messagesOf(host, 'order_confirmation')).filter((message) => message.recipient === 'twice@example.com')
          .length,
        1,
      );
      await sendAll();
      assert.equal(sentTo('twice@example.com').length, 1);
    });

    it('tells the buyer the carrier and tracking number when the order ships', async () => {
      await deliver(
        host,
        envelope('orders.order_fulfilled', {
          orderId: 'ord_1',
          number: 'M-1001',
          customerId: null,
          email: 'buyer@example.com',
          carrier: 'UPS',
          trackingNumber: '1Z999AA10123456784',
        }),
      );
      await sendAll();
      const shipped = sentTo('buyer@example.com').find(
        (mail) => mail.subject === 'Tea House: order M-1001 has shipped',
      );
      assert.ok(shipped);
      assert.match(shipped.text, /Carrier: UPS\nTracking number: 1Z999AA10123456784/);
    });

    it('writes refunds to the email remembered from order_placed (the refund event carries none)', async () => {
      await deliver(
        host,
        envelope('orders.order_refunded', {
          orderId: 'ord_1',
          number: 'M-1001',
          amount: usd(1250),
          refunded: usd(1250),
          status: 'partially_refunded',
        }),
      );
      await deliver(
        host,
        envelope('orders.order_refunded', {
          orderId: 'ord_1',
          number: 'M-1001',
          amount: usd(3249),
          refunded: usd(4499),
          status: 'refunded',
        }),
      );
      await sendAll();
      const refunds = sentTo('buyer@example.com').filter((mail) => mail.subject.includes('refund'));
      assert.deepEqual(
        refunds.map((mail) => mail.subject),
        ['Tea House: refund of $12.50 for order M-1001', 'Tea House: refund of $32.49 for order M-1001'],
      );
      assert.match(refunds[1]?.text ?? '', /so far: \$44\.99/);
    });

    it('writes nothing for a refund of an unknown order or an order email that is not one address, and does not fail the delivery', async () => {
      const before = (await messagesOf(host)).length;
      await deliver(
        host,
        envelope('orders.order_refunded', {
          orderId: 'ord_never',
          number: 'M-9',
          amount: usd(1),
          refunded: usd(1),
          status: 'refunded',
        }),
      );
      await deliver(host, envelope('checkout.order_placed', placed('ord_3', 'M-1003', 'a,b@example.com')));
      assert.equal((await messagesOf(host)).length, before);
    });

    it('fails a malformed event, naming the field, and writes nothing for it', async () => {
      const before = (await messagesOf(host)).length;
      const malformed: [event: ReturnType<typeof envelope>, problem: RegExp][] = [
        [
          envelope('checkout.order_placed', { orderId: 'ord_bad', number: 'M-10' }),
          /data must have required properties email/,
        ],
        [
          envelope('orders.order_fulfilled', {
            orderId: 'ord_3',
            number: 'M-1003',
            email: 'x@example.com',
            carrier: '',
            trackingNumber: 'T',
          }),
          /data\/carrier/,
        ],
      ];
      for (const [event, problem] of malformed) {
        await assert.rejects(
          deliver(host, event),
          (error: Error) => error instanceof MalformedEventError && problem.test(error.message),
        );
      }
      assert.equal((await messagesOf(host)).length, before);
    });
  });
}
