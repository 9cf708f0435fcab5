import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { AssertionError } from '../kernel/index.ts';
import { filesystemObjectStore } from './filesystem.ts';
import { memoryObjectStore } from './memory.ts';

describe('object stores', () => {
  it('filesystem store puts, gets, checks and deletes objects with a content type from the key', async () => {
    const root = await mkdtemp(join(tmpdir(), 'mercato-objects-'));
    try {
      const store = filesystemObjectStore(root);
      await store.put('products/ab/thumb.webp', new Uint8Array([1, 2, 3]), 'image/webp');
      assert.equal(await store.has('products/ab/thumb.webp'), true);
      const object = await store.get('products/ab/thumb.webp');
      assert.deepEqual(object, { bytes: new Uint8Array([1, 2, 3]), contentType: 'image/webp' });
      await store.delete('products/ab/thumb.webp');
      assert.equal(await store.get('products/ab/thumb.webp'), undefined);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  it('filesystem store refuses keys that would escape its folder', async () => {
    const store = filesystemObjectStore(tmpdir());
    await assert.rejects(store.get('../etc/passwd'), AssertionError);
    await assert.rejects(store.put('a/../../b', new Uint8Array(), 'x'), AssertionError);
  });

  it('memory store copies the bytes it is given', async () => {
    const store = memoryObjectStore();
    const bytes = new Uint8Array([9]);
    await store.put('k.png', bytes, 'image/png');
    bytes[0] = 0;
    assert.deepEqual((await store.get('k.png'))?.bytes, new Uint8Array([9]));
    assert.equal(store.size(), 1);
  });
});
