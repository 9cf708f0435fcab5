import { randomBytes } from 'node:crypto';
import { assert } from './assert.ts';
import type { Clock } from './clock.ts';

/**
 * Ids are opaque strings with a type prefix (`prod_…`). The body is time-ordered
 * (48-bit milliseconds, then 80 random bits, Crockford base32, like a ULID) so that
 * ids sort by creation and index well.
 */
export interface IdGenerator {
  next(prefix: string): string;
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

export function idGenerator(clock: Clock, random: (size: number) => Uint8Array = randomBytes): IdGenerator {
  return {
    next(prefix: string): string {
      assert(prefixPattern.test(prefix), `id prefix must be 2-8 lowercase letters: ${prefix}`);
      return `${prefix}_${encodeTime(clock.now().getTime())}${encodeRandom(random(10))}`;
    },
  };
}

/** Deterministic ids for tests and seeding: prefix plus a zero-padded counter. */
export function sequentialIds(start = 1): IdGenerator {
  let counter = start;
  return {
    next(prefix: string): string {
      assert(prefixPattern.test(prefix), `id prefix must be 2-8 lowercase letters: ${prefix}`);
      return `${prefix}_${String(counter++).padStart(12, '0')}`;
    },
  };
}
