import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { testDbTargets } from '@mercato/platform/db/testing';
import { manualClock } from '@mercato/platform/kernel';
import { type Booted, bootCustomers, loginVia, newAccount, registerVia } from './support.ts';

const minute = 60_000;

for (const target of testDbTargets()) {
  describe(`customers rate limits (${target.name})`, { skip: target.skipReason }, () => {
    let booted: Booted;
    const clock = manualClock(new Date('2026-05-01T10:00:00Z'));
    before(async () => {
      booted = await bootCustomers(target, {
        clock,
        config: {
          rateLimits: {
            loginsPerAddress: { limit: 5, windowMs: minute },
            registrationsPerAddress: { limit: 3, windowMs: minute },
          },
        },
      });
    });
    after(() => booted?.close());

    // A distinct address per attempt: the account limit must hold against guesses spread over many addresses.
    let addressCounter = 0;
    const nextAddress = () => {
      addressCounter++;
      return `10.${(addressCounter >> 16) & 255}.${(addressCounter >> 8) & 255}.${addressCounter & 255}`;
    };

    test('100 failed logins per account per hour, then 429 with Retry-After even for the right password', async () => {
      const { account } = await registerVia(booted, newAccount(), nextAddress());
      for (let attempt = 1; attempt <= 100; attempt++) {
        const { response } = await loginVia(
          booted,
          { email: account.email, password: `Wrong-${attempt}-Guess` },
          nextAddress(),
        );
        assert.equal(response.statusCode, 401, `attempt ${attempt}`);
      }
      const blocked = await loginVia(booted, { email: account.email, password: account.password }, nextAddress());
      assert.equal(blocked.response.statusCode, 429);
      assert.equal(blocked.response.json().error.code, 'rate_limited');
      const retryAfter = Number(blocked.response.headers['retry-after']);
      assert.ok(retryAfter >= 1 && retryAfter <= 2 * 3600, `Retry-After ${retryAfter}`);

      clock.advance(30 * minute);
      assert.equal(
        (await loginVia(booted, { email: account.email, password: account.password }, nextAddress())).response
          .statusCode,
        429,
      );
      // Retry-After is exactly as long as the sliding window needs (rounded up to a second).
      clock.advance(retryAfter * 1000 - 30 * minute);
      const allowed = await loginVia(booted, { email: account.email, password: account.password }, nextAddress());
      assert.equal(allowed.response.statusCode, 200);
    });

    test('the account limit also applies to an unknown email, so it reveals nothing', async () => {
      const email = 'ghost@example.com';
      for (let attempt = 1; attempt <= 100; attempt++) {
        assert.equal(
          (await loginVia(booted, { email, password: `Wrong-${attempt}-Guess` }, nextAddress())).response.statusCode,
          401,
        );
      }
      assert.equal(
        (await loginVia(booted, { email: ' GHOST@example.com', password: 'Anything-1' }, nextAddress())).response
          .statusCode,
        429,
      );
      clock.advance(2 * 60 * minute);
    });

    test('a successful login resets the account count', async () => {
      const { account } = await registerVia(booted, newAccount(), nextAddress());
      for (let attempt = 1; attempt <= 99; attempt++) {
        await loginVia(booted, { email: account.email, password: `Wrong-${attempt}-Guess` }, nextAddress());
      }
      assert.equal(
        (await loginVia(booted, { email: account.email, password: account.password }, nextAddress())).response
          .statusCode,
        200,
      );
      for (let attempt = 1; attempt <= 50; attempt++) {
        await loginVia(booted, { email: account.email, password: `Wrong-${attempt}-Again` }, nextAddress());
      }
      assert.equal(
        (await loginVia(booted, { email: account.email, password: account.password }, nextAddress())).response
          .statusCode,
        200,
      );
    });

    test('login attempts per address: the limit answers 429 for that address only, until its window passes', async () => {
      const { account } = await registerVia(booted, newAccount(), nextAddress());
      const address = '192.0.2.7';
      for (let attempt = 1; attempt <= 5; attempt++) {
        const email = attempt === 5 ? account.email : `someone${attempt}@example.com`;
        const password = attempt === 5 ? account.password : 'Wrong-Guess-1';
        const { response } = await loginVia(booted, { email, password }, address);
        assert.notEqual(response.statusCode, 429, `attempt ${attempt}`);
      }
      const blocked = await loginVia(booted, { email: account.email, password: account.password }, address);
      assert.equal(blocked.response.statusCode, 429);
      assert.ok(Number(blocked.response.headers['retry-after']) >= 1);
      assert.equal(
        (await loginVia(booted, { email: account.email, password: account.password }, '192.0.2.8')).response.statusCode,
        200,
      );
      clock.advance(2 * minute);
      assert.equal(
        (await loginVia(booted, { email: account.email, password: account.password }, address)).response.statusCode,
        200,
      );
    });

    test('registrations per address are limited too', async () => {
      const address = '198.51.100.4';
      for (let attempt = 1; attempt <= 3; attempt++) {
        assert.equal((await registerVia(booted, newAccount(), address)).response.statusCode, 201);
      }
      const blocked = await registerVia(booted, newAccount(), address);
      assert.equal(blocked.response.statusCode, 429);
      assert.ok(Number(blocked.response.headers['retry-after']) >= 1);
    });
  });
}
