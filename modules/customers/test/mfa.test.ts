import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { testDbTargets } from '@mercato/platform/db/testing';
import { manualClock } from '@mercato/platform/kernel';
import { base32Decode, totp } from '../src/domain/totp.ts';
import { type Booted, bearer, bootCustomers, loginVia, meVia, registerVia, staffToken } from './support.ts';

for (const target of testDbTargets()) {
  describe(`customers two-factor authentication (${target.name})`, { skip: target.skipReason }, () => {
    let booted: Booted;
    const clock = manualClock(new Date('2026-06-01T12:00:00Z'));
    before(async () => {
      booted = await bootCustomers(target, { clock });
    });
    after(() => booted?.close());

    const codeAt = (secret: string, offsetMs = 0) => totp(base32Decode(secret)!, clock.now().getTime() + offsetMs);
    const post = (url: string, token: string, payload?: object) =>
      booted.app.inject({ method: 'POST', url, headers: bearer(token), ...(payload === undefined ? {} : { payload }) });
    const remove = (token: string, otp: string) =>
      booted.app.inject({ method: 'DELETE', url: '/api/auth/mfa', headers: bearer(token), payload: { otp } });

    async function enrolled() {
      const { body, account } = await registerVia(booted);
      const enrollment = await post('/api/auth/mfa/enroll', body.accessToken);
      assert.equal(enrollment.statusCode, 200);
      assert.equal(enrollment.headers['cache-control'], 'no-store');
      const { secret, otpauthUrl } = enrollment.json() as { secret: string; otpauthUrl: string };
      return { token: body.accessToken, account, secret, otpauthUrl };
    }

    test('enrol › answers a base32 secret and an otpauth URL for Mercato; login needs no code until activation', async () => {
      const { account, secret, otpauthUrl } = await enrolled();
      assert.match(secret, /^[A-Z2-7]{32}$/);
      const url = new URL(otpauthUrl);
      assert.equal(url.host, 'totp');
      assert.equal(url.searchParams.get('issuer'), 'Mercato');
      assert.equal(url.searchParams.get('secret'), secret);
      assert.equal(decodeURIComponent(url.pathname), `/Mercato:${account.email}`);
      assert.equal(
        (await loginVia(booted, { email: account.email, password: account.password })).response.statusCode,
        200,
      );
    });

    test('activate › refuses a wrong code with 400 invalid_otp, accepts the right one', async () => {
      const { token, secret } = await enrolled();
      const wrong = await post('/api/auth/mfa/activate', token, { otp: codeAt(secret, 5 * 60_000) });
      assert.equal(wrong.statusCode, 400);
      assert.equal(wrong.json().error.code, 'invalid_otp');
      assert.equal((await post('/api/auth/mfa/activate', token, { otp: codeAt(secret) })).statusCode, 204);
      assert.equal((await meVia(booted, token)).json().customer.mfaEnabled, true);
      const again = await post('/api/auth/mfa/enroll', token);
      assert.equal(again.statusCode, 409);
      assert.equal(again.json().error.code, 'mfa_already_enabled');
    });

    test('activate › without enrolment is 409 mfa_not_enrolled', async () => {
      const { body } = await registerVia(booted);
      const response = await post('/api/auth/mfa/activate', body.accessToken, { otp: '123456' });
      assert.equal(response.statusCode, 409);
      assert.equal(response.json().error.code, 'mfa_not_enrolled');
    });

    test('login with two-factor › otp_required without a code, invalid_otp with a wrong one, 200 with the right one, replay refused', async () => {
      const { token, account, secret } = await enrolled();
      assert.equal((await post('/api/auth/mfa/activate', token, { otp: codeAt(secret) })).statusCode, 204);
      clock.advance(30_000);

      const noCode = await loginVia(booted, { email: account.email, password: account.password });
      assert.equal(noCode.response.statusCode, 401);
      assert.equal(noCode.response.json().error.code, 'otp_required');

      const wrongCode = await loginVia(booted, {
        email: account.email,
        password: account.password,
        otp: codeAt(secret, 10 * 60_000),
      });
      assert.equal(wrongCode.response.statusCode, 401);
      assert.equal(wrongCode.response.json().error.code, 'invalid_otp');

      const wrongPassword = await loginVia(booted, {
        email: account.email,
        password: 'Wrong-Password-1',
        otp: codeAt(secret),
      });
      assert.equal(wrongPassword.response.json().error.code, 'invalid_credentials', 'the code is not even looked at');

      const code = codeAt(secret);
      const right = await loginVia(booted, { email: account.email, password: account.password, otp: code });
      assert.equal(right.response.statusCode, 200);
      assert.equal(right.body.customer.mfaEnabled, true);

      const replay = await loginVia(booted, { email: account.email, password: account.password, otp: code });
      assert.equal(replay.response.statusCode, 401);
      assert.equal(replay.response.json().error.code, 'invalid_otp');

      clock.advance(30_000);
      const nextStep = await loginVia(booted, {
        email: account.email,
        password: account.password,
        otp: codeAt(secret),
      });
      assert.equal(nextStep.response.statusCode, 200);
    });

    test('login with two-factor › a code one step old still works (clock drift), two steps old does not', async () => {
      const { token, account, secret } = await enrolled();
      assert.equal((await post('/api/auth/mfa/activate', token, { otp: codeAt(secret) })).statusCode, 204);
      clock.advance(90_000);
      assert.equal(
        (await loginVia(booted, { email: account.email, password: account.password, otp: codeAt(secret, -60_000) }))
          .response.statusCode,
        401,
      );
      assert.equal(
        (await loginVia(booted, { email: account.email, password: account.password, otp: codeAt(secret, -30_000) }))
          .response.statusCode,
        200,
      );
    });

    test('remove › needs a valid, unused code; afterwards login needs no code', async () => {
      const { token, account, secret } = await enrolled();
      const activationCode = codeAt(secret);
      assert.equal((await post('/api/auth/mfa/activate', token, { otp: activationCode })).statusCode, 204);
      const replayed = await remove(token, activationCode);
      assert.equal(replayed.statusCode, 400);
      assert.equal(replayed.json().error.code, 'invalid_otp');
      clock.advance(30_000);
      assert.equal((await remove(token, codeAt(secret))).statusCode, 204);
      assert.equal((await meVia(booted, token)).json().customer.mfaEnabled, false);
      assert.equal(
        (await loginVia(booted, { email: account.email, password: account.password })).response.statusCode,
        200,
      );
      const again = await remove(token, codeAt(secret));
      assert.equal(again.statusCode, 409);
      assert.equal(again.json().error.code, 'mfa_not_enabled');
    });

    test('staff › enrol, activate, log in with a code and remove through the same endpoints', async () => {
      const staff = await staffToken(booted, 'admin');
      const enrollment = (await post('/api/auth/mfa/enroll', staff.token)).json() as { secret: string };
      assert.equal(
        (await post('/api/auth/mfa/activate', staff.token, { otp: codeAt(enrollment.secret) })).statusCode,
        204,
      );
      clock.advance(30_000);
      assert.equal(
        (await loginVia(booted, { email: staff.email, password: staff.password })).response.json().error.code,
        'otp_required',
      );
      const login = await loginVia(booted, {
        email: staff.email,
        password: staff.password,
        otp: codeAt(enrollment.secret),
      });
      assert.equal(login.response.statusCode, 200);
      assert.equal(login.body.customer.role, 'admin');
      clock.advance(30_000);
      assert.equal((await remove(login.body.accessToken, codeAt(enrollment.secret))).statusCode, 204);
    });

    test('the TOTP secret never appears in me, login answers or events', async () => {
      const { token, account, secret } = await enrolled();
      assert.equal((await post('/api/auth/mfa/activate', token, { otp: codeAt(secret) })).statusCode, 204);
      clock.advance(30_000);
      const login = await loginVia(booted, { email: account.email, password: account.password, otp: codeAt(secret) });
      const me = await meVia(booted, token);
      const { rows } = await booted.db.query('SELECT data FROM customers.outbox LIMIT 1000');
      for (const text of [login.response.body, me.body, JSON.stringify(rows)]) assert.ok(!text.includes(secret));
    });
  });
}
