import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Registry } from 'prom-client';
import { createReadCache, productKey } from './cache.ts';

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

describe('read cache', () => {
  it('serves a stored value without loading again', async () => {
    const cache = createReadCache({ entriesMax: 10, ttlMs: 60_000 }, new Registry());
    let loads = 0;
    const load = async () => ({ n: ++loads });
    assert.deepEqual(await cache.read('k', load), { n: 1 });
    assert.deepEqual(await cache.read('k', load), { n: 1 });
    assert.equal(loads, 1);
  });

  it('shares one load between concurrent misses of a key', async () => {
    const cache = createReadCache({ entriesMax: 10, ttlMs: 60_000 }, new Registry());
    const gate = deferred<{ v: string }>();
    let loads = 0;
    const load = () => {
      loads++;
      return gate.promise;
    };
    const both = Promise.all([cache.read('k', load), cache.read('k', load)]);
    gate.resolve({ v: 'x' });
    assert.deepEqual(await both, [{ v: 'x' }, { v: 'x' }]);
    assert.equal(loads, 1);
  });

  it('does not keep a value whose load overlapped an invalidation', async () => {
    const cache = createReadCache({ entriesMax: 10, ttlMs: 60_000 }, new Registry());
    const gate = deferred<{ v: string }>();
    const stale = cache.read('k', () => gate.promise);
    cache.invalidateAll();
    gate.resolve({ v: 'stale' });
    assert.deepEqual(await stale, { v: 'stale' });
    assert.deepEqual(await cache.read('k', async () => ({ v: 'fresh' })), { v: 'fresh' });
  });

  it('drops only a product’s own entries on a product invalidation', async () => {
    const cache = createReadCache({ entriesMax: 10, ttlMs: 60_000 }, new Registry());
    await cache.read(productKey('prod_1'), async () => ({ v: 1 }));
    await cache.read(productKey('shirt'), async () => ({ v: 1 }));
    await cache.read('list', async () => ({ v: 1 }));
    cache.invalidateProduct('prod_1', 'shirt');
    assert.deepEqual(await cache.read(productKey('prod_1'), async () => ({ v: 2 })), { v: 2 });
    assert.deepEqual(await cache.read(productKey('shirt'), async () => ({ v: 2 })), { v: 2 });
    assert.deepEqual(await cache.read('list', async () => ({ v: 2 })), { v: 1 });
  });

  it('holds at most entriesMax entries', async () => {
    const cache = createReadCache({ entriesMax: 2, ttlMs: 60_000 }, new Registry());
    for (const key of ['a', 'b', 'c']) await cache.read(key, async () => ({ key }));
    assert.deepEqual(await cache.read('a', async () => ({ key: 'reloaded' })), { key: 'reloaded' });
  });

  it('forgets a failed load so the next read tries again', async () => {
    const cache = createReadCache({ entriesMax: 2, ttlMs: 60_000 }, new Registry());
    await assert.rejects(
      cache.read('k', async () => Promise.reject(new Error('db down'))),
      /db down/,
    );
    assert.deepEqual(await cache.read('k', async () => ({ ok: true })), { ok: true });
  });
});
