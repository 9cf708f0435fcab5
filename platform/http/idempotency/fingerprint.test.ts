import assert from 'node:assert/strict';
import { test } from 'node:test';
import { canonicalJson, requestFingerprint } from './fingerprint.ts';

test('canonicalJson › sorts keys at every level and keeps array order', () => {
  assert.equal(canonicalJson({ b: 1, a: { d: [2, 1], c: null } }), '{"a":{"c":null,"d":[2,1]},"b":1}');
  assert.equal(canonicalJson({ a: 1, skip: undefined }), canonicalJson({ a: 1 }));
  assert.equal(canonicalJson('x"y'), '"x\\"y"');
});

test('canonicalJson › refuses values nested beyond its bound', () => {
  let deep: unknown = 1;
  for (let level = 0; level < 100; level++) deep = [deep];
  assert.throws(() => canonicalJson(deep), /nested too deeply/);
});

test('requestFingerprint › is equal for the same request whatever the key order', () => {
  const one = requestFingerprint('POST', '/carts/:id/items', { id: 'c1' }, { variantId: 'v', quantity: 1 });
  const two = requestFingerprint('POST', '/carts/:id/items', { id: 'c1' }, { quantity: 1, variantId: 'v' });
  assert.equal(one, two);
  assert.match(one, /^[0-9a-f]{64}$/);
});

test('requestFingerprint › differs by method, route, params and body', () => {
  const base = requestFingerprint('POST', '/a/:id', { id: '1' }, { n: 1 });
  for (const other of [
    requestFingerprint('PUT', '/a/:id', { id: '1' }, { n: 1 }),
    requestFingerprint('POST', '/b/:id', { id: '1' }, { n: 1 }),
    requestFingerprint('POST', '/a/:id', { id: '2' }, { n: 1 }),
    requestFingerprint('POST', '/a/:id', { id: '1' }, { n: 2 }),
    requestFingerprint('POST', '/a/:id', { id: '1' }, null),
  ]) {
    assert.notEqual(other, base);
  }
});
