import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { testDbTargets } from '@mercato/platform/db/testing';
import { type Booted, bootCustomers, cheapHasher, loginVia, meVia, newAccount, registerVia } from './support.ts';

for (const target of testDbTargets()) {
  describe(`customers auth (${target.name})`, { skip: target.skipReason }, () => {
    let booted: Booted;
    const hasher = cheapHasher();
    before(async () => {
      booted = await bootCustomers(target, { hasher });
    });
    after(() => booted?.close());

    test('register, login and me › round trip with the customer of API.md', async () => {
      const { response, account, body } = await registerVia(booted);
      assert.equal(response.statusCode, 201);
      assert.equal(response.headers['cache-control'], 'no-store');
      assert.match(body.customer.id, /^cus_/);
      assert.deepEqual(Object.keys(body.customer).sort(), ['createdAt', 'email', 'id', 'mfaEnabled', 'name']);
      assert.equal(body.customer.email, account.email);
      const me = await meVia(booted, body.accessToken);
      assert.equal(me.statusCode, 200);
      assert.deepEqual(me.json(), { customer: body.customer });

      const login = await loginVia(booted, { email: account.email, password: account.password });
      assert.equal(login.response.statusCode, 200);
      assert.deepEqual(login.body.customer, body.customer);
      assert.notEqual(login.body.accessToken, body.accessToken);
      assert.equal((await meVia(booted, login.body.accessToken)).statusCode, 200);
    });

    test('me › is 401 without a token and with a malformed one', async () => {
      const none = await booted.app.inject({ method: 'GET', url: '/api/me' });
      assert.equal(none.statusCode, 401);
      assert.equal(none.json().error.code, 'unauthorized');
      const garbage = await meVia(booted, 'not.a.token');
      assert.equal(garbage.statusCode, 401);
      assert.equal(garbage.json().error.code, 'invalid_token');
    });

    test('register › normalizes the email and answers email_taken for the same address in another case', async () => {
      const account = newAccount({ email: '  Grace.Hopper@Example.COM ' });
      const { response, body } = await registerVia(booted, account);
      assert.equal(response.statusCode, 201);
      assert.equal(body.customer.email, 'grace.hopper@example.com');
      const again = await registerVia(booted, newAccount({ email: 'grace.hopper@EXAMPLE.com' }));
      assert.equal(again.response.statusCode, 409);
      assert.equal(again.response.json().error.code, 'email_taken');
      const login = await loginVia(booted, { email: 'GRACE.HOPPER@example.com ', password: account.password });
      assert.equal(login.response.statusCode, 200);
    });

    test('register › refuses a malformed email, an unknown field and a missing name with invalid_request', async () => {
      const badEmail = await registerVia(booted, newAccount({ email: 'not-an-email' }));
      assert.equal(badEmail.response.statusCode, 400);
      assert.equal(badEmail.response.json().error.code, 'invalid_request');
      assert.equal(badEmail.response.json().error.details.issues[0].path, 'body.email');
      const extra = await booted.app.inject({
        method: 'POST',
        url: '/api/auth/register',
        payload: { ...newAccount(), role: 'admin' },
      });
      assert.equal(extra.statusCode, 400);
      const blankName = await registerVia(booted, newAccount({ name: '   ' }));
      assert.equal(blankName.response.statusCode, 400);
    });

    test('register › refuses short, over-long and common passwords with weak_password', async () => {
      const cases: [string, string][] = [
        ['Short1!', 'too_short'],
        ['x'.repeat(129), 'too_long'],
        ['password1', 'common'],
        ['Iloveyou', 'common'],
        ['QWERTYUIOP', 'common'],
      ];
      for (const [password, reason] of cases) {
        const { response } = await registerVia(booted, newAccount({ password }));
        assert.equal(response.statusCode, 400, password);
        assert.equal(response.json().error.code, 'weak_password');
        assert.equal(response.json().error.details.reason, reason);
      }
      const huge = await registerVia(booted, newAccount({ password: 'y'.repeat(5000) }));
      assert.equal(huge.response.statusCode, 400);
    });

    test('passwords › a 128-character password works and is not truncated (its 127-character prefix fails)', async () => {
      const password = `${'Correct-Horse-Battery-'.repeat(6)}`.slice(0, 127) + 'Z';
      assert.equal(password.length, 128);
      const { response, account } = await registerVia(booted, newAccount({ password }));
      assert.equal(response.statusCode, 201);
      assert.equal((await loginVia(booted, { email: account.email, password })).response.statusCode, 200);
      const prefix = await loginVia(booted, { email: account.email, password: password.slice(0, 127) });
      assert.equal(prefix.response.statusCode, 401);
      const longer = await loginVia(booted, { email: account.email, password: `${password}Z` });
      assert.equal(longer.response.statusCode, 401);
    });

    test('login › unknown email and wrong password get byte-identical answers, each after one argon2 verification', async () => {
      const { account } = await registerVia(booted);
      const verificationsBefore = hasher.verifications();
      const wrongPassword = await loginVia(booted, { email: account.email, password: 'Wrong-Password-42' });
      assert.equal(hasher.verifications(), verificationsBefore + 1);
      const unknownEmail = await loginVia(booted, { email: 'nobody-here@example.com', password: 'Wrong-Password-42' });
      assert.equal(hasher.verifications(), verificationsBefore + 2);
      assert.equal(wrongPassword.response.statusCode, 401);
      assert.equal(unknownEmail.response.statusCode, 401);
      assert.equal(wrongPassword.response.body, unknownEmail.response.body);
      assert.equal(wrongPassword.response.headers['content-type'], unknownEmail.response.headers['content-type']);
      assert.equal(wrongPassword.response.json().error.code, 'invalid_credentials');
    });

    test('events › registration publishes customers.customer_registered with no password, hash or token', async () => {
      const { body, account } = await registerVia(booted);
      const { rows } = await booted.db.query<{ type: string; data: Record<string, unknown> }>(
        `SELECT type, data FROM customers.outbox WHERE type = 'customers.customer_registered' AND data->>'customerId' = $1`,
        [body.customer.id],
      );
      assert.equal(rows.length, 1);
      assert.deepEqual(Object.keys(rows[0]!.data).sort(), ['customerId', 'email', 'name', 'registeredAt']);
      const text = JSON.stringify(rows[0]);
      for (const secret of [account.password, body.accessToken, body.refreshToken, '$argon2id$'])
        assert.ok(!text.includes(secret));
    });

    test('staff › me shows the role; staff log in through the same endpoint', async () => {
      const created = await booted.api.createStaff({
        email: 'Ops@Mercato.test',
        password: 'Staff-Passphrase-1',
        name: 'Ops',
        role: 'support',
      });
      assert.ok(created.ok);
      assert.match(created.value.id, /^stf_/);
      const login = await loginVia(booted, { email: 'ops@mercato.test', password: 'Staff-Passphrase-1' });
      assert.equal(login.response.statusCode, 200);
      const me = await meVia(booted, login.body.accessToken);
      assert.equal(me.json().customer.role, 'support');
    });

    test('jwks › publishes the public signing key only', async () => {
      const response = await booted.app.inject({ method: 'GET', url: '/.well-known/jwks.json' });
      assert.equal(response.statusCode, 200);
      const { keys } = response.json() as { keys: Record<string, string>[] };
      assert.ok(keys.length >= 1);
      for (const key of keys) {
        assert.equal(key['kty'], 'OKP');
        assert.equal(key['crv'], 'Ed25519');
        assert.equal(key['alg'], 'EdDSA');
        assert.equal(key['d'], undefined);
      }
    });

    test('openapi › documents the auth routes, with bearer security on the signed-in ones', async () => {
      const document = (await booted.app.inject({ method: 'GET', url: '/openapi.json' })).json();
      assert.ok(document.paths['/api/auth/register'].post);
      assert.equal(document.paths['/api/auth/login'].post.security, undefined);
      assert.deepEqual(document.paths['/api/me'].get.security, [{ bearerAuth: [] }]);
    });

    test('no answer or event carries a password hash or TOTP secret', async () => {
      const { body, response } = await registerVia(booted);
      const me = await meVia(booted, body.accessToken);
      for (const text of [response.body, me.body]) assert.ok(!/argon2|mfa_secret|passwordHash/i.test(text));
      const { rows } = await booted.db.query<{ data: unknown }>('SELECT data FROM customers.outbox LIMIT 1000');
      assert.ok(!JSON.stringify(rows).includes('argon2'));
    });
  });
}
