import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testDbTargets } from '@mercato/platform/db/testing';
import { probeAdminRoutes } from '@mercato/platform/http/testing';
import { manualClock } from '@mercato/platform/kernel';
import type { Discount, DiscountPage } from '../src/contract.ts';
import { asStaff, bootCart, type CartHost, probeTokens, usd, value } from './support.ts';

type Answer<T> = { status: number; body: T & { error: { code: string; details?: Record<string, unknown> } } };

for (const target of testDbTargets()) {
  describe(`discount admin on ${target.name}`, { skip: target.skipReason }, () => {
    const clock = manualClock(new Date('2030-01-01T00:00:00Z'));
    let host: CartHost;

    before(async () => {
      host = await bootCart(target, { clock });
    });

    after(() => host?.close());

    async function call<T>(
      method: 'GET' | 'POST' | 'PATCH',
      url: string,
      payload?: unknown,
      role: 'admin' | 'catalog' = 'catalog',
    ): Promise<Answer<T>> {
      const response = await host.app.inject({
        method,
        url,
        headers: asStaff(role),
        ...(payload === undefined ? {} : { payload: payload as object }),
      });
      return { status: response.statusCode, body: response.json() };
    }

    const create = (body: Record<string, unknown>) => call<Discount>('POST', '/api/admin/discounts', body);

    it('creates a code stored upper case, and refuses the same code in any case with 409 code_taken', async () => {
      const created = await create({
        code: 'Spring-25',
        type: 'percentage',
        value: 25,
        minSubtotal: usd(3000),
        startsAt: '2030-03-01T00:00:00Z',
        endsAt: '2030-04-01T00:00:00.000Z',
        usageLimit: 100,
        perCustomerLimit: 1,
      });
      assert.equal(created.status, 201);
      assert.match(created.body.id, /^disc_/);
      assert.deepEqual(
        { ...created.body, id: undefined },
        {
          id: undefined,
          code: 'SPRING-25',
          type: 'percentage',
          value: 25,
          minSubtotal: usd(3000),
          startsAt: '2030-03-01T00:00:00.000Z',
          endsAt: '2030-04-01T00:00:00.000Z',
          usageLimit: 100,
          perCustomerLimit: 1,
          used: 0,
          active: true,
          createdAt: '2030-01-01T00:00:00.000Z',
          updatedAt: '2030-01-01T00:00:00.000Z',
        },
      );
      const taken = await create({ code: 'spring-25', type: 'fixed', value: 500 });
      assert.deepEqual([taken.status, taken.body.error.code], [409, 'code_taken']);
    });

    it('answers 400 for a percentage over 100, an end before its start, a minimum in another currency and unknown fields', async () => {
      const bad = [
        { code: 'TOO-MUCH', type: 'percentage', value: 101 },
        {
          code: 'BACKWARDS',
          type: 'fixed',
          value: 100,
          startsAt: '2030-02-01T00:00:00Z',
          endsAt: '2030-01-15T00:00:00Z',
        },
        { code: 'EUROS', type: 'fixed', value: 100, minSubtotal: { amount: 100, currency: 'EUR' } },
      ];
      for (const body of bad) {
        const refused = await create(body);
        assert.deepEqual([refused.status, refused.body.error.code], [400, 'invalid_discount'], body.code);
      }
      for (const body of [
        { code: 'USED', type: 'fixed', value: 100, used: 5 },
        { code: 'has space', type: 'fixed', value: 100 },
        { code: 'ZERO', type: 'fixed', value: 0 },
        { code: 'SOON', type: 'fixed', value: 1, startsAt: 'tomorrow' },
      ]) {
        assert.equal((await create(body)).body.error.code, 'invalid_request', body.code);
      }
    });

    it('lists codes newest first, page by page', async () => {
      for (const code of ['PAGE-A', 'PAGE-B', 'PAGE-C']) {
        clock.advance(1000);
        assert.equal((await create({ code, type: 'fixed', value: 100 })).status, 201);
      }
      const all = (await call<DiscountPage>('GET', '/api/admin/discounts?limit=100')).body;
      assert.deepEqual(
        all.items.slice(0, 3).map((item) => item.code),
        ['PAGE-C', 'PAGE-B', 'PAGE-A'],
      );
      assert.equal(all.nextCursor, null);
      const walked: string[] = [];
      let cursor: string | null = null;
      for (let page = 0; page < 20; page++) {
        const query: string = cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`;
        const answer: DiscountPage = (await call<DiscountPage>('GET', `/api/admin/discounts?limit=2${query}`)).body;
        walked.push(...answer.items.map((item) => item.code));
        cursor = answer.nextCursor;
        if (cursor === null) break;
      }
      assert.deepEqual(
        walked,
        all.items.map((item) => item.code),
      );
      const bad = await call<DiscountPage>('GET', '/api/admin/discounts?cursor=bm9wZQ');
      assert.deepEqual([bad.status, bad.body.error.code], [400, 'invalid_cursor']);
    });

    it('deactivates a code and changes its limits, audited with who and the code before and after', async () => {
      const created = (await create({ code: 'AUDITED', type: 'percentage', value: 5, usageLimit: 10 })).body;
      clock.advance(1000);
      const patched = await call<Discount>(
        'PATCH',
        `/api/admin/discounts/${created.id}`,
        { active: false, usageLimit: null },
        'admin',
      );
      assert.equal(patched.status, 200);
      assert.deepEqual(
        [patched.body.active, patched.body.usageLimit, patched.body.updatedAt],
        [false, null, clock.now().toISOString()],
      );
      const { rows } = await host.db.query<{
        action: string;
        actor_id: string;
        before: Discount | null;
        after: Discount;
      }>(
        `SELECT action, actor_id, before, after FROM cart.audit_log WHERE entity_id = $1 ORDER BY occurred_at LIMIT 10`,
        [created.id],
      );
      assert.deepEqual(
        rows.map((row) => [row.action, row.actor_id, row.before?.active ?? null, row.after.active]),
        [
          ['cart.create_discount', 'staff_catalog', null, true],
          ['cart.update_discount', 'staff_admin', true, false],
        ],
      );
    });

    it('refuses a total limit below the uses held, an unknown id and an empty change', async () => {
      const created = (await create({ code: 'HELD', type: 'fixed', value: 100, usageLimit: 5 })).body;
      const mug = await host.product('Held Mug', [{ sku: 'HELD-MUG', price: 900, stock: 10 }]);
      for (const buyer of ['cus_held_1', 'cus_held_2']) {
        const cart = await host.apis.cart.createCart(buyer);
        value(await host.apis.cart.addItem(cart.id, buyer, { variantId: mug.variants[0]!.id, quantity: 1 }));
        value(await host.apis.cart.applyDiscount(cart.id, buyer, 'held'));
        value(await host.apis.cart.markCheckedOut(cart.id, `ord_${buyer}`));
      }
      const underUsed = await call<Discount>('PATCH', `/api/admin/discounts/${created.id}`, { usageLimit: 1 });
      assert.deepEqual(
        [underUsed.status, underUsed.body.error.code, underUsed.body.error.details],
        [409, 'usage_limit_below_used', { used: 2 }],
      );
      const atUsed = await call<Discount>('PATCH', `/api/admin/discounts/${created.id}`, { usageLimit: 2 });
      assert.deepEqual([atUsed.status, atUsed.body.usageLimit, atUsed.body.used], [200, 2, 2]);
      assert.equal(
        (await call<Discount>('PATCH', '/api/admin/discounts/disc_nope', { active: false })).body.error.code,
        'discount_not_found',
      );
      assert.equal((await call<Discount>('PATCH', `/api/admin/discounts/${created.id}`, {})).status, 400);
      assert.equal(
        (await call<Discount>('PATCH', `/api/admin/discounts/${created.id}`, { usageLimit: 0 })).status,
        400,
      );
    });

    it('answer 401 without a token and 403 to customers and to support staff', async () => {
      const forSupport = await host.app.inject({
        method: 'GET',
        url: '/api/admin/discounts',
        headers: asStaff('support'),
      });
      assert.equal(forSupport.statusCode, 403);
      assert.deepEqual(await probeAdminRoutes(host.app, probeTokens), []);
    });
  });
}
