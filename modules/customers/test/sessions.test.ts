import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { EventEnvelope } from '@mercato/platform/bus';
import { testDbTargets } from '@mercato/platform/db/testing';
import { manualClock } from '@mercato/platform/kernel';
import type { SessionRevokedData } from '../src/contract.ts';
import { type Booted, bearer, bootCustomers, loginVia, meVia, newAccount, registerVia } from './support.ts';

const day = 24 * 60 * 60_000;

for (const target of testDbTargets()) {
  describe(`customers sessions (${target.name})`, { skip: target.skipReason }, () => {
    let booted: Booted;
    const clock = manualClock(new Date('2026-04-01T08:00:00Z'));
    before(async () => {
      booted = await bootCustomers(target, {
        clock,
        config: { sessionsPerAccountMax: 3, sessionCache: { ttlMs: 10_000 } },
      });
    });
    after(() => booted?.close());

    const refresh = (refreshToken: string) =>
      booted.app.inject({ method: 'POST', url: '/api/auth/refresh', payload: { refreshToken } });

    test('refresh › answers a new pair and spends the old refresh token', async () => {
      const { body } = await registerVia(booted);
      clock.advance(1000);
      const first = await refresh(body.refreshToken);
      assert.equal(first.statusCode, 200);
      assert.equal(first.headers['cache-control'], 'no-store');
      const pair = first.json() as { accessToken: string; refreshToken: string; expiresIn: number };
      assert.equal(pair.expiresIn, 900);
      assert.notEqual(pair.refreshToken, body.refreshToken);
      assert.notEqual(pair.accessToken, body.accessToken);
      assert.equal((await meVia(booted, pair.accessToken)).statusCode, 200);
      const second = await refresh(pair.refreshToken);
      assert.equal(second.statusCode, 200);
    });

    test('refresh › reuse of a spent token is 401 and revokes the session: the newest pair stops working too', async () => {
      const { body } = await registerVia(booted);
      const rotated = (await refresh(body.refreshToken)).json() as { accessToken: string; refreshToken: string };
      assert.equal((await meVia(booted, rotated.accessToken)).statusCode, 200);

      const reuse = await refresh(body.refreshToken);
      assert.equal(reuse.statusCode, 401);
      assert.equal(reuse.json().error.code, 'invalid_refresh_token');
      assert.equal(
        (await meVia(booted, rotated.accessToken)).statusCode,
        401,
        'the access token of the revoked session',
      );
      assert.equal((await meVia(booted, body.accessToken)).statusCode, 401);
      assert.equal((await refresh(rotated.refreshToken)).statusCode, 401, 'the newest refresh token');

      const { rows } = await booted.db.query<{ data: SessionRevokedData }>(
        `SELECT data FROM customers.outbox WHERE type = 'customers.session_revoked' AND data->>'reason' = 'refresh_token_reused'`,
      );
      assert.equal(rows.length, 1);
      assert.equal(rows[0]!.data.sessionIds.length, 1);
      assert.ok(!JSON.stringify(rows).includes(body.refreshToken));
    });

    test('refresh › of two concurrent uses of one token exactly one wins, and the other counts as reuse', async () => {
      const { body } = await registerVia(booted);
      const answers = await Promise.all([refresh(body.refreshToken), refresh(body.refreshToken)]);
      const statuses = answers.map((answer) => answer.statusCode).sort();
      assert.deepEqual(statuses, [200, 401]);
      const winner = answers.find((answer) => answer.statusCode === 200)!.json() as { accessToken: string };
      assert.equal((await meVia(booted, winner.accessToken)).statusCode, 401, 'the session was revoked');
    });

    test('refresh › unknown, malformed and logged-out tokens are 401', async () => {
      assert.equal((await refresh('A'.repeat(43))).statusCode, 401);
      assert.equal((await refresh('short')).statusCode, 401);
      const { body } = await registerVia(booted);
      await booted.app.inject({ method: 'POST', url: '/api/auth/logout', headers: bearer(body.accessToken) });
      assert.equal((await refresh(body.refreshToken)).statusCode, 401);
    });

    test('refresh › an expired refresh token is refused', async () => {
      const { body } = await registerVia(booted);
      clock.advance(31 * day);
      assert.equal((await refresh(body.refreshToken)).statusCode, 401);
    });

    test('refresh tokens are stored only as sha-256 hashes', async () => {
      const { body } = await registerVia(booted);
      const { rows } = await booted.db.query<{ token_hash: string }>(
        'SELECT token_hash FROM customers.refresh_tokens LIMIT 1000',
      );
      assert.ok(rows.length > 0);
      assert.ok(rows.every((row) => /^[0-9a-f]{64}$/.test(row.token_hash)));
      assert.ok(!rows.some((row) => row.token_hash === body.refreshToken));
    });

    test('sessions › an account keeps at most sessionsPerAccountMax open sessions; the oldest ends', async () => {
      const { body, account } = await registerVia(booted);
      clock.advance(1);
      const tokens = [body.accessToken];
      for (let i = 0; i < 3; i++) {
        tokens.push((await loginVia(booted, { email: account.email, password: account.password })).body.accessToken);
        clock.advance(1);
      }
      assert.equal((await meVia(booted, tokens[0]!)).statusCode, 401);
      for (const token of tokens.slice(1)) assert.equal((await meVia(booted, token)).statusCode, 200);
    });

    test('another process ended the session › the cache answers briefly, then the event or the ttl drops it', async () => {
      const { body, account } = await registerVia(booted);
      const endElsewhere = (accountId: string) =>
        // What a logout in another process leaves behind: the row ended, this process's cache untouched.
        booted.db.query(
          `UPDATE customers.sessions SET ended_at = $1, end_reason = 'logout' WHERE account_id = $2 AND ended_at IS NULL`,
          [clock.now(), accountId],
        );
      const principal = await booted.api.verifyAccessToken(body.accessToken);
      assert.ok(principal !== null, 'cached as active');
      await endElsewhere(body.customer.id);
      assert.equal((await meVia(booted, body.accessToken)).statusCode, 200, 'stale within the cache ttl');
      const event: EventEnvelope<SessionRevokedData> = {
        id: 'evt_test',
        type: 'customers.session_revoked',
        version: 1,
        occurredAt: clock.now().toISOString(),
        traceparent: null,
        data: { accountId: body.customer.id, sessionIds: [principal.sessionId], reason: 'logout' },
      };
      const listener = booted.host.instances.get('customers')!.listeners![0]!;
      assert.deepEqual(listener.types, ['customers.session_revoked']);
      await listener.handle(event);
      assert.equal((await meVia(booted, body.accessToken)).statusCode, 401, 'dropped by the listener');

      const second = await loginVia(booted, { email: account.email, password: account.password });
      assert.equal((await meVia(booted, second.body.accessToken)).statusCode, 200);
      await endElsewhere(body.customer.id);
      clock.advance(10_001);
      assert.equal(
        (await meVia(booted, second.body.accessToken)).statusCode,
        401,
        'expired from the cache without the event',
      );
    });

    test('purgeExpired › deletes expired refresh tokens and old sessions, keeps live ones', async () => {
      const live = await registerVia(booted, newAccount());
      clock.advance(200 * day);
      const fresh = await registerVia(booted, newAccount());
      const deleted = await booted.api.purgeExpired();
      assert.ok(deleted > 0);
      const { rows } = await booted.db.query<{ count: number }>(
        'SELECT count(*)::int AS count FROM customers.sessions WHERE expires_at < $1',
        [clock.now()],
      );
      assert.equal(rows[0]!.count, 0);
      assert.equal((await refresh(fresh.body.refreshToken)).statusCode, 200);
      assert.equal((await refresh(live.body.refreshToken)).statusCode, 401);
    });
  });
}
