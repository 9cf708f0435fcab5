import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseOptions } from '@node-rs/argon2';
import { parseCustomersConfig, customersDefaults } from './config.ts';
import { argon2Hasher } from './service/hasher.ts';

test('parseCustomersConfig › fills defaults: 15-minute access tokens, 100 failed logins per hour, 20 logins per minute per address', () => {
  const config = parseCustomersConfig({});
  assert.equal(config.accessTokenTtlMs, 15 * 60_000);
  assert.deepEqual(config.rateLimits.failedLoginsPerAccount, { limit: 100, windowMs: 3_600_000 });
  assert.deepEqual(config.rateLimits.loginsPerAddress, { limit: 20, windowMs: 60_000 });
  assert.ok(Object.isFrozen(config));
});

test('parseCustomersConfig › refuses argon2 costs under the OWASP minimum and unbounded settings', () => {
  assert.throws(() => parseCustomersConfig({ passwordHashing: { memoryCostKib: 8192 } }), /19456/);
  assert.throws(() => parseCustomersConfig({ passwordHashing: { timeCost: 1 } }), /timeCost/);
  assert.throws(() => parseCustomersConfig({ accessTokenTtlMs: 24 * 3_600_000 }), /accessTokenTtlMs/);
  assert.throws(() => parseCustomersConfig({ sessionCache: { ttlMs: 3_600_000 } }), /sessionCache.ttlMs/);
  assert.throws(
    () => parseCustomersConfig({ rateLimits: { loginsPerAddress: { limit: 0, windowMs: 1000 } } }),
    /loginsPerAddress/,
  );
});

test('default hasher › makes argon2id hashes with m=19456 KiB, t=2, p=1 that verify only the same password', async () => {
  const hasher = argon2Hasher(customersDefaults.passwordHashing);
  const hash = await hasher.hash('Tangerine-Harbor-7');
  assert.match(hash, /^\$argon2id\$/);
  const options = parseOptions(hash);
  assert.equal(options.memoryCost, 19456);
  assert.equal(options.timeCost, 2);
  assert.equal(options.parallelism, 1);
  assert.equal(await hasher.verify(hash, 'Tangerine-Harbor-7'), true);
  assert.equal(await hasher.verify(hash, 'Tangerine-Harbor-8'), false);
});
