import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { imageKey, imageUrl, keyOfImagePath } from './image.ts';

const hash = 'a'.repeat(64);

describe('image paths', () => {
  it('maps a served path back to its object key', () => {
    assert.equal(imageUrl(hash, 'thumb'), `/images/${hash}/thumb.webp`);
    assert.equal(keyOfImagePath(hash, 'medium.webp'), imageKey(hash, 'medium'));
    assert.equal(imageKey(hash, 'original'), `products/${hash}/original.webp`);
  });
  it('names no object for unknown sizes, other extensions or malformed hashes', () => {
    assert.equal(keyOfImagePath(hash, 'huge.webp'), undefined);
    assert.equal(keyOfImagePath(hash, 'thumb.png'), undefined);
    assert.equal(keyOfImagePath('../etc', 'thumb.webp'), undefined);
    assert.equal(keyOfImagePath(hash.toUpperCase(), 'thumb.webp'), undefined);
  });
});
