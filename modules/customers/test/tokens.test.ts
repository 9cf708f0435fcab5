import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { testDbTargets } from '@mercato/platform/db/testing';
import { manualClock } from '@mercato/platform/kernel';
import {
  type CryptoKey,
  decodeJwt,
  decodeProtectedHeader,
  generateKeyPair,
  importJWK,
  type JWK,
  type JWTPayload,
  SignJWT,
} from 'jose';
import { type Booted, bearer, bootCustomers, loginVia, meVia, newAccount, registerVia, staffToken } from './support.ts';

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** The newest signing key of the module, as an attacker with a copy of it would hold it. */
async function moduleKey(booted: Booted): Promise<{ kid: string; key: CryptoKey; publicJwk: JWK }> {
  const { rows } = await booted.db.query<{ kid: string; private_jwk: JWK; public_jwk: JWK }>(
    'SELECT kid, private_jwk, public_jwk FROM customers.signing_keys ORDER BY position DESC LIMIT 1',
  );
  const row = rows[0]!;
  return { kid: row.kid, key: (await importJWK(row.private_jwk, 'EdDSA')) as CryptoKey, publicJwk: row.public_jwk };
}

for (const target of testDbTargets()) {
  describe(`customers access tokens (${target.name})`, { skip: target.skipReason }, () => {
    let booted: Booted;
    const clock = manualClock(new Date('2026-03-01T10:00:00Z'));
    before(async () => {
      booted = await bootCustomers(target, { clock });
    });
    after(() => booted?.close());

    async function signedIn() {
      const { body, account } = await registerVia(booted, newAccount());
      return { token: body.accessToken, refreshToken: body.refreshToken, account, id: body.customer.id };
    }

    async function refused(token: string) {
      const response = await meVia(booted, token);
      assert.equal(response.statusCode, 401, response.body);
      assert.equal(response.json().error.code, 'invalid_token');
    }

    /** A token with the claims of `token` changed, signed by the module's real key: only the claims are wrong. */
    async function resigned(
      token: string,
      change: (claims: JWTPayload) => JWTPayload,
      header: Record<string, unknown> = {},
    ) {
      const { kid, key } = await moduleKey(booted);
      const claims = change(decodeJwt(token));
      return new SignJWT(claims).setProtectedHeader({ alg: 'EdDSA', typ: 'at+jwt', kid, ...header }).sign(key);
    }

    test('an access token carries EdDSA, a kid, typ at+jwt, issuer, audience and a 15-minute expiry', async () => {
      const { token, id } = await signedIn();
      const header = decodeProtectedHeader(token);
      assert.equal(header.alg, 'EdDSA');
      assert.equal(header.typ, 'at+jwt');
      assert.equal(typeof header.kid, 'string');
      const claims = decodeJwt(token);
      assert.equal(claims.iss, 'mercato');
      assert.equal(claims.aud, 'mercato-api');
      assert.equal(claims.sub, id);
      assert.equal(claims.exp! - claims.iat!, 15 * 60);
      assert.equal(typeof claims['sid'], 'string');
    });

    test('alg none is refused', async () => {
      const { token } = await signedIn();
      const payload = token.split('.')[1];
      await refused(`${b64({ ...decodeProtectedHeader(token), alg: 'none' })}.${payload}.`);
      await refused(`${b64({ alg: 'none', typ: 'JWT' })}.${payload}.`);
    });

    test('a changed payload (customer made admin) is refused, on /api/me and on admin routes', async () => {
      const { token } = await signedIn();
      const [header, , signature] = token.split('.');
      const escalated = `${header}.${b64({ ...decodeJwt(token), kind: 'staff', role: 'admin' })}.${signature}`;
      await refused(escalated);
      const admin = await booted.app.inject({ method: 'GET', url: '/api/admin/customers', headers: bearer(escalated) });
      assert.equal(admin.statusCode, 401);
    });

    test('claims in a validly signed token never grant a role: the role comes from the account', async () => {
      const { token } = await signedIn();
      const forged = await resigned(token, (claims) => ({ ...claims, kind: 'staff', role: 'admin' }));
      assert.equal((await meVia(booted, forged)).statusCode, 200);
      const admin = await booted.app.inject({ method: 'GET', url: '/api/admin/customers', headers: bearer(forged) });
      assert.equal(admin.statusCode, 403);
    });

    test('HS256 signed with the public key is refused (algorithm confusion)', async () => {
      const { token } = await signedIn();
      const { kid, publicJwk } = await moduleKey(booted);
      for (const secret of [Buffer.from(JSON.stringify(publicJwk)), Buffer.from(String(publicJwk.x), 'base64url')]) {
        const confused = await new SignJWT(decodeJwt(token))
          .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt', kid })
          .sign(secret);
        await refused(confused);
      }
    });

    test('an expired token is refused, after the clock tolerance', async () => {
      const { token } = await signedIn();
      clock.advance(15 * 60_000 + 3_000);
      assert.equal((await meVia(booted, token)).statusCode, 200, 'within the 5 s tolerance');
      clock.advance(10_000);
      await refused(token);
    });

    test('a wrong audience, a wrong issuer, a missing typ or a far expiry is refused even with our own key', async () => {
      const { token } = await signedIn();
      assert.equal(
        (await meVia(booted, await resigned(token, (claims) => claims))).statusCode,
        200,
        'the re-signing itself is sound',
      );
      await refused(await resigned(token, (claims) => ({ ...claims, aud: 'another-api' })));
      await refused(await resigned(token, (claims) => ({ ...claims, iss: 'https://evil.example' })));
      await refused(await resigned(token, (claims) => claims, { typ: 'JWT' }));
      await refused(await resigned(token, (claims) => ({ ...claims, exp: claims.exp! + 365 * 24 * 3600 })));
      await refused(
        await resigned(token, (claims) => ({ ...claims, iat: claims.iat! - 3600, exp: claims.exp! + 3600 })),
      );
    });

    test('an unknown kid, and a foreign key under our kid, are refused', async () => {
      const { token } = await signedIn();
      const foreign = await generateKeyPair('EdDSA');
      const { kid } = await moduleKey(booted);
      const claims = decodeJwt(token);
      await refused(
        await new SignJWT(claims)
          .setProtectedHeader({ alg: 'EdDSA', typ: 'at+jwt', kid: 'unknown-kid' })
          .sign(foreign.privateKey),
      );
      await refused(
        await new SignJWT(claims).setProtectedHeader({ alg: 'EdDSA', typ: 'at+jwt', kid }).sign(foreign.privateKey),
      );
      await refused(await resigned(token, (same) => same, { kid: 'unknown-kid' }));
    });

    test('a token naming another account than its session is refused', async () => {
      const first = await signedIn();
      const second = await signedIn();
      await refused(await resigned(first.token, (claims) => ({ ...claims, sub: second.id })));
    });

    test('a token is refused right after logout, and logout is 401 without one', async () => {
      const { token } = await signedIn();
      assert.equal((await meVia(booted, token)).statusCode, 200, 'cached as active first');
      const logout = await booted.app.inject({ method: 'POST', url: '/api/auth/logout', headers: bearer(token) });
      assert.equal(logout.statusCode, 204);
      await refused(token);
      assert.equal((await booted.app.inject({ method: 'POST', url: '/api/auth/logout' })).statusCode, 401);
    });

    test('a password change refuses the tokens of every other session and keeps the caller signed in', async () => {
      const { token, account } = await signedIn();
      const other = await loginVia(booted, { email: account.email, password: account.password });
      assert.equal((await meVia(booted, other.body.accessToken)).statusCode, 200);
      const change = await booted.app.inject({
        method: 'POST',
        url: '/api/auth/password',
        headers: bearer(token),
        payload: { currentPassword: account.password, newPassword: 'Brand-New-Passphrase-9' },
      });
      assert.equal(change.statusCode, 204);
      await refused(other.body.accessToken);
      const refresh = await booted.app.inject({
        method: 'POST',
        url: '/api/auth/refresh',
        payload: { refreshToken: other.body.refreshToken },
      });
      assert.equal(refresh.statusCode, 401);
      assert.equal((await meVia(booted, token)).statusCode, 200);
      assert.equal(
        (await loginVia(booted, { email: account.email, password: account.password })).response.statusCode,
        401,
      );
      assert.equal(
        (await loginVia(booted, { email: account.email, password: 'Brand-New-Passphrase-9' })).response.statusCode,
        200,
      );
    });

    test('a password change needs the current password and a strong new one', async () => {
      const { token, account } = await signedIn();
      const change = (currentPassword: string, newPassword: string) =>
        booted.app.inject({
          method: 'POST',
          url: '/api/auth/password',
          headers: bearer(token),
          payload: { currentPassword, newPassword },
        });
      const wrong = await change('Not-My-Password-1', 'Brand-New-Passphrase-9');
      assert.equal(wrong.statusCode, 400);
      assert.equal(wrong.json().error.code, 'invalid_credentials');
      const weak = await change(account.password, 'password123');
      assert.equal(weak.statusCode, 400);
      assert.equal(weak.json().error.code, 'weak_password');
    });

    test('key rotation › new tokens use the new key, tokens of the previous key keep working', async () => {
      const before = await signedIn();
      const oldKid = decodeProtectedHeader(before.token).kid;
      const { kid: newKid } = await booted.api.rotateSigningKey();
      assert.notEqual(newKid, oldKid);
      const afterRotation = await loginVia(booted, { email: before.account.email, password: before.account.password });
      assert.equal(decodeProtectedHeader(afterRotation.body.accessToken).kid, newKid);
      assert.equal((await meVia(booted, before.token)).statusCode, 200, 'the old token still verifies');
      assert.equal((await meVia(booted, afterRotation.body.accessToken)).statusCode, 200);
      const refreshed = await booted.app.inject({
        method: 'POST',
        url: '/api/auth/refresh',
        payload: { refreshToken: before.refreshToken },
      });
      assert.equal(decodeProtectedHeader(refreshed.json().accessToken).kid, newKid);
      const jwks = (await booted.app.inject({ method: 'GET', url: '/.well-known/jwks.json' })).json() as {
        keys: { kid: string }[];
      };
      assert.deepEqual(jwks.keys.map((key) => key.kid).sort(), [newKid, oldKid].sort());
    });

    test('key rotation › a previous key stops verifying once retired (at once when compromised)', async () => {
      const before = await signedIn();
      const oldKid = decodeProtectedHeader(before.token).kid;
      await booted.api.rotateSigningKey({ retirePreviousNow: true });
      clock.advance(1);
      await refused(before.token);
      const jwks = (await booted.app.inject({ method: 'GET', url: '/.well-known/jwks.json' })).json() as {
        keys: { kid: string }[];
      };
      assert.ok(!jwks.keys.some((key) => key.kid === oldKid));
      const again = await loginVia(booted, { email: before.account.email, password: before.account.password });
      assert.equal((await meVia(booted, again.body.accessToken)).statusCode, 200);
    });

    test('staff tokens carry the role for a gateway, and the principal role comes from the account', async () => {
      const staff = await staffToken(booted, 'catalog');
      assert.equal(decodeJwt(staff.token)['role'], 'catalog');
      const principal = await booted.api.verifyAccessToken(staff.token);
      assert.deepEqual(
        { ...principal, sessionId: undefined },
        { id: staff.id, kind: 'staff', role: 'catalog', sessionId: undefined },
      );
    });
  });
}
