import { createHash, randomBytes } from 'node:crypto';
import { assert } from './assert.ts';
import type { Clock } from './clock.ts';

/**
 * Ids are opaque strings with a type prefix (`prod_…`). The body is time-ordered
 * (48-bit milliseconds, then 80 random bits, Crockford base32, like a ULID) so that
 * ids sort by creation and index well.
 *
 * The generator is also a module's one source of randomness, so tests control it.
 */
export interface IdGenerator {
  next(prefix: string): string;
  /** `size` random bytes from a secure source: secrets, tokens, lease owners. */
  random(size: number): Uint8Array;
}

const alphabet = '0123456789abcdefghjkmnpqrstvwxyz';
const prefixPattern = /^[a-z]{2,8}$/;

function encodeTime(ms: number): string {
  let out = '';
  let rest = ms;
  for (let i = 0; i < 10; i++) {
    out = alphabet[rest % 32] + out;
    rest = Math.floor(rest / 32);
  }
  return out;
}

function encodeRandom(bytes: Uint8Array): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  return out;
}

const randomSizeMax = 1024;

export function idGenerator(clock: Clock, random: (size: number) => Uint8Array = randomBytes): IdGenerator {
  return {
    next(prefix: string): string {
      assert(prefixPattern.test(prefix), `id prefix must be 2-8 lowercase letters: ${prefix}`);
      return `${prefix}_${encodeTime(clock.now().getTime())}${encodeRandom(random(10))}`;
    },
    random(size: number): Uint8Array {
      assert(Number.isInteger(size) && size > 0 && size <= randomSizeMax, `random size out of range: ${size}`);
      return random(size);
    },
  };
}

/**
 * Deterministic ids for tests and seeding: prefix plus a zero-padded counter. Its
 * random bytes are a deterministic stream too (sha-256 of a second counter), so they
 * never shift the ids; two generators with the same start repeat each other.
 */
export function sequentialIds(start = 1): IdGenerator {
  let counter = start;
  let block = 0;
  return {
    next(prefix: string): string {
      assert(prefixPattern.test(prefix), `id prefix must be 2-8 lowercase letters: ${prefix}`);
      return `${prefix}_${String(counter++).padStart(12, '0')}`;
    },
    random(size: number): Uint8Array {
      assert(Number.isInteger(size) && size > 0 && size <= randomSizeMax, `random size out of range: ${size}`);
      const out = new Uint8Array(size);
      for (let filled = 0; filled < size; filled += 32) {
        const digest = createHash('sha256').update(`sequential:${start}:${block++}`).digest();
        out.set(digest.subarray(0, Math.min(32, size - filled)), filled);
      }
      return out;
    },
  };
}
