import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { readAuditLog } from '@mercato/platform/audit';
import { testDbTargets } from '@mercato/platform/db/testing';
import { probeAdminRoutes } from '@mercato/platform/http/testing';
import { type Booted, bearer, bootCustomers, loginVia, meVia, newAccount, registerVia, staffToken } from './support.ts';

type AdminPage = {
  items: { id: string; email: string; kind: string; role?: string; disabled: boolean }[];
  nextCursor: string | null;
};

for (const target of testDbTargets()) {
  describe(`customers staff (${target.name})`, { skip: target.skipReason }, () => {
    let booted: Booted;
    let admin: Awaited<ReturnType<typeof staffToken>>;
    before(async () => {
      booted = await bootCustomers(target);
      admin = await staffToken(booted, 'admin');
    });
    after(() => booted?.close());

    const search = (token: string, query: string) =>
      booted.app.inject({ method: 'GET', url: `/api/admin/customers${query}`, headers: bearer(token) });
    const patch = (token: string, id: string, payload: object) =>
      booted.app.inject({ method: 'PATCH', url: `/api/admin/customers/${id}`, headers: bearer(token), payload });

    test('every admin route: no token 401, customer 403, only the listed roles allowed', async () => {
      const customer = (await registerVia(booted)).body.accessToken;
      const staff = {
        admin: admin.token,
        catalog: (await staffToken(booted, 'catalog')).token,
        support: (await staffToken(booted, 'support')).token,
      };
      assert.deepEqual(await probeAdminRoutes(booted.app, { customer, staff }), []);
    });

    test('createStaff › refuses a taken email and a weak password; ensureStaff is idempotent', async () => {
      const taken = await booted.api.createStaff({ email: admin.email, password: 'Another-Passphrase-1' });
      assert.equal(taken.ok ? 'ok' : taken.code, 'email_taken');
      const weak = await booted.api.createStaff({ email: 'weak@mercato.test', password: 'password' });
      assert.equal(weak.ok ? 'ok' : weak.code, 'weak_password');

      const first = await booted.api.ensureStaff({ email: 'Boot@Mercato.test', password: 'Bootstrap-Passphrase-1' });
      assert.ok(first.ok);
      assert.equal(first.value.created, true);
      assert.equal(first.value.staff.role, 'admin');
      const second = await booted.api.ensureStaff({ email: 'boot@mercato.test', password: 'Different-Passphrase-2' });
      assert.ok(second.ok);
      assert.equal(second.value.created, false);
      assert.equal(second.value.staff.id, first.value.staff.id);
      assert.equal(
        (await loginVia(booted, { email: 'boot@mercato.test', password: 'Bootstrap-Passphrase-1' })).response
          .statusCode,
        200,
      );

      const { account } = await registerVia(booted);
      const customerEmail = await booted.api.ensureStaff({ email: account.email, password: 'Bootstrap-Passphrase-1' });
      assert.equal(customerEmail.ok ? 'ok' : customerEmail.code, 'email_taken');
    });

    test('search › finds accounts by part of the email or name, pages with a cursor, for admin and support', async () => {
      for (let i = 0; i < 5; i++)
        await registerVia(booted, newAccount({ email: `zebra${i}@stripes.example`, name: `Zed ${i}` }));
      await registerVia(booted, newAccount({ name: 'Quentin Zebrowski' }));
      const support = await staffToken(booted, 'support');
      const first = await search(support.token, '?q=ZEBR&limit=4');
      assert.equal(first.statusCode, 200);
      const page = first.json() as AdminPage;
      assert.equal(page.items.length, 4);
      assert.ok(page.nextCursor);
      const rest = (await search(support.token, `?q=zebr&limit=4&cursor=${page.nextCursor}`)).json() as AdminPage;
      assert.equal(rest.items.length, 2);
      assert.equal(rest.nextCursor, null);
      const all = [...page.items, ...rest.items];
      assert.equal(new Set(all.map((item) => item.id)).size, 6);
      assert.ok(all.some((item) => item.email.startsWith('zebra')));
      assert.ok(all.every((item) => item.kind === 'customer' && item.disabled === false));
      assert.ok(!JSON.stringify(all).includes('argon2'));

      const staffOnly = (await search(admin.token, '?kind=staff&limit=100')).json() as AdminPage;
      assert.ok(
        staffOnly.items.length >= 1 &&
          staffOnly.items.every((item) => item.kind === 'staff' && item.role !== undefined),
      );
      assert.equal((await search(admin.token, '?cursor=bogus')).json().error.code, 'invalid_cursor');
      assert.equal((await search(admin.token, '?limit=101')).statusCode, 400);
      assert.equal((await search(admin.token, `?q=${'x'.repeat(101)}`)).statusCode, 400);
      assert.equal(
        (await search(admin.token, '?q=100%25_%5C')).statusCode,
        200,
        'LIKE wildcards are matched literally',
      );
    });

    test('disable › ends the account sessions at once, refuses its login, and is audited with before and after', async () => {
      const { body, account } = await registerVia(booted);
      const disabled = await patch(admin.token, body.customer.id, { disabled: true });
      assert.equal(disabled.statusCode, 200);
      assert.equal(disabled.json().disabled, true);
      assert.equal((await meVia(booted, body.accessToken)).statusCode, 401);
      const login = await loginVia(booted, { email: account.email, password: account.password });
      assert.equal(login.response.statusCode, 403);
      assert.equal(login.response.json().error.code, 'account_disabled');
      const wrong = await loginVia(booted, { email: account.email, password: 'Wrong-Password-1' });
      assert.equal(
        wrong.response.json().error.code,
        'invalid_credentials',
        'disabled is only said to whoever knows the password',
      );

      const audit = await readAuditLog(booted.db, ['customers'], { entityId: body.customer.id });
      assert.equal(audit?.items.length, 1);
      const record = audit!.items[0]!;
      assert.equal(record.action, 'customers.update_account');
      assert.deepEqual(record.actor, { id: admin.id, role: 'admin' });
      assert.equal((record.before as { disabled: boolean }).disabled, false);
      assert.equal((record.after as { disabled: boolean }).disabled, true);
      assert.ok(record.requestId);

      assert.equal((await patch(admin.token, body.customer.id, { disabled: false })).statusCode, 200);
      assert.equal(
        (await loginVia(booted, { email: account.email, password: account.password })).response.statusCode,
        200,
      );
    });

    test('role change › applies at once: the staff member signs in again with the new role', async () => {
      const catalog = await staffToken(booted, 'catalog');
      const changed = await patch(admin.token, catalog.id, { role: 'support' });
      assert.equal(changed.statusCode, 200);
      assert.equal(changed.json().role, 'support');
      assert.equal((await meVia(booted, catalog.token)).statusCode, 401);
      const again = await loginVia(booted, { email: catalog.email, password: catalog.password });
      assert.equal((await meVia(booted, again.body.accessToken)).json().customer.role, 'support');
    });

    test('patch guards › no role for customers, never the last admin, 404 for unknown ids, admins only', async () => {
      const { body } = await registerVia(booted);
      const role = await patch(admin.token, body.customer.id, { role: 'admin' });
      assert.equal(role.statusCode, 409);
      assert.equal(role.json().error.code, 'not_staff');
      assert.equal((await patch(admin.token, 'cus_missing', { disabled: true })).statusCode, 404);
      assert.equal((await patch(admin.token, body.customer.id, {})).statusCode, 400);

      // Every admin but one demoted, then the last one is protected.
      const admins = (await search(admin.token, '?kind=staff&limit=100')).json() as AdminPage;
      for (const other of admins.items.filter((item) => item.role === 'admin' && item.id !== admin.id)) {
        assert.equal((await patch(admin.token, other.id, { role: 'catalog' })).statusCode, 200);
      }
      const last = await patch(admin.token, admin.id, { role: 'support' });
      assert.equal(last.statusCode, 409);
      assert.equal(last.json().error.code, 'last_admin');
      assert.equal((await patch(admin.token, admin.id, { disabled: true })).json().error.code, 'last_admin');
      assert.equal((await meVia(booted, admin.token)).statusCode, 200);
    });
  });
}
