import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testDbTargets } from '@mercato/platform/db/testing';
import { adminRouteMatrix, probeAdminRoutes } from '@mercato/platform/http/testing';
import { bearer, bootNotifications, deliver, envelope, type NotificationsHost, testTokens, usd } from './support.ts';

/** `GET /api/admin/mailbox` over the default (mailbox) transport, and `POST /api/back-in-stock` at the edge. */
for (const target of testDbTargets()) {
  describe(`mailbox and HTTP on ${target.name}`, { skip: target.skipReason }, () => {
    let host: NotificationsHost;

    before(async () => {
      host = await bootNotifications(target, { config: { subscribeRateLimit: { limit: 3, windowMs: 60_000 } } });
      // Five letters: three to ann, two to bob, sent in this order by the mailbox transport.
      const recipients = ['ann', 'bob', 'ann', 'bob', 'ann'];
      for (const [index, name] of recipients.entries()) {
        await deliver(
          host,
          envelope('checkout.order_placed', {
            orderId: `ord_${index}`,
            number: `M-${index}`,
            email: `${name}@example.com`,
            items: [],
            total: usd(100 * index),
          }),
        );
        await host.api.sendDue();
      }
      await deliver(
        host,
        envelope('catalog.product_created', {
          id: 'prod_1',
          title: 'Kettle',
          variants: [{ id: 'var_kettle', sku: 'KETTLE', title: '' }],
        }),
      );
    });

    after(() => host?.close());

    const mailbox = (query: string, token: string = testTokens.staff.support) =>
      host.app.inject({ method: 'GET', url: `/api/admin/mailbox${query}`, headers: bearer(token) });

    it('lets admin and support staff read it, refusing anonymous (401), customers and catalog staff (403)', async () => {
      assert.deepEqual(
        adminRouteMatrix(host.app).map((route) => `${route.method} ${route.pattern} ${route.auth.roles.join(',')}`),
        ['GET /api/admin/mailbox admin,support'],
      );
      assert.deepEqual(await probeAdminRoutes(host.app, testTokens), []);
    });

    it('pages newest first and narrows to one recipient', async () => {
      const first = await mailbox('?limit=2');
      assert.equal(first.statusCode, 200, first.body);
      const page = first.json();
      assert.deepEqual(
        page.items.map((item: { subject: string }) => item.subject),
        ['Mercato: order M-4 confirmed', 'Mercato: order M-3 confirmed'],
      );
      assert.deepEqual(Object.keys(page.items[0]).sort(), ['id', 'sentAt', 'subject', 'text', 'to']);
      assert.match(page.items[0].id, /^msg_/);
      assert.ok(!Number.isNaN(Date.parse(page.items[0].sentAt)));
      const second = (await mailbox(`?limit=2&cursor=${page.nextCursor}`, testTokens.staff.admin)).json();
      assert.deepEqual(
        second.items.map((item: { subject: string }) => item.subject),
        ['Mercato: order M-2 confirmed', 'Mercato: order M-1 confirmed'],
      );
      const third = (await mailbox(`?limit=2&cursor=${second.nextCursor}`)).json();
      assert.deepEqual(
        third.items.map((item: { to: string }) => item.to),
        ['ann@example.com'],
      );
      assert.equal(third.nextCursor, null);
      const ann = (await mailbox('?to=ANN@example.com')).json();
      assert.deepEqual(
        ann.items.map((item: { subject: string }) => item.subject),
        ['Mercato: order M-4 confirmed', 'Mercato: order M-2 confirmed', 'Mercato: order M-0 confirmed'],
      );
      assert.equal(ann.nextCursor, null);
      assert.equal((await mailbox('?to=')).json().items.length, 5);
    });

    it('answers 400 for a bad cursor or limit', async () => {
      assert.equal((await mailbox('?cursor=garbage')).json().error.code, 'invalid_cursor');
      assert.equal((await mailbox('?limit=101')).statusCode, 400);
    });

    it('subscribes anyone to a known variant (201), once per email while waiting', async () => {
      const post = (payload: object) => host.app.inject({ method: 'POST', url: '/api/back-in-stock', payload });
      const created = await post({ variantId: 'var_kettle', email: ' Zoe@Example.com' });
      assert.equal(created.statusCode, 201, created.body);
      const subscription = created.json() as Record<string, unknown>;
      assert.deepEqual(Object.keys(subscription).sort(), ['createdAt', 'email', 'id', 'status', 'variantId']);
      assert.deepEqual(
        [subscription['variantId'], subscription['email'], subscription['status']],
        ['var_kettle', 'zoe@example.com', 'waiting'],
      );
      assert.match(String(subscription['id']), /^bis_/);
      const again = await post({ variantId: 'var_kettle', email: 'zoe@example.com' });
      assert.equal(again.statusCode, 201);
      assert.equal(again.json().id, created.json().id);
      assert.equal(
        (await post({ variantId: 'var_nope', email: 'zoe@example.com' })).json().error.code,
        'variant_not_found',
      );
      assert.equal((await post({ variantId: 'var_kettle', email: 'not an email' })).json().error.code, 'invalid_email');
      const unknownField = await post({ variantId: 'var_kettle', email: 'zoe@example.com', note: 'hi' });
      assert.equal(unknownField.statusCode, 400);
      assert.equal(unknownField.json().error.code, 'invalid_request');
    });

    it('rate-limits new subscriptions per address with 429 and Retry-After', async () => {
      const post = (email: string) =>
        host.app.inject({ method: 'POST', url: '/api/back-in-stock', payload: { variantId: 'var_kettle', email } });
      // The limit is 3 per window; zoe's subscription above used one.
      assert.equal((await post('a1@example.com')).statusCode, 201);
      assert.equal((await post('a2@example.com')).statusCode, 201);
      const limited = await post('a3@example.com');
      assert.equal(limited.statusCode, 429);
      assert.equal(limited.json().error.code, 'rate_limited');
      assert.ok(Number(limited.headers['retry-after']) >= 1);
      // A repeat of a waiting subscription is not a new one and is not limited.
      assert.equal((await post('a1@example.com')).statusCode, 201);
    });
  });
}
