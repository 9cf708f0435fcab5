import { assert } from '@mercato/platform/kernel';

/**
 * Deterministic randomness for the demo catalog. Every product draws from its own
 * generator seeded by (catalog seed, product index), so product N is the same whether
 * it is generated alone, in a batch, or as part of a million.
 */
export type Random = {
  /** A float in [0, 1). */
  readonly next: () => number;
  /** An integer in [min, max], both inclusive. */
  readonly int: (min: number, max: number) => number;
  readonly pick: <T>(items: readonly T[]) => T;
  readonly chance: (probability: number) => boolean;
};

/** mulberry32: tiny, fast, and good enough for demo data (not for anything secret). */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Mixes several 32-bit integers into one well-spread 32-bit seed (murmur3-style finaliser). */
export function mixSeed(...values: readonly number[]): number {
  let hash = 0x811c9dc5;
  for (const value of values) {
    hash = Math.imul(hash ^ (value >>> 0), 0x01000193);
    hash ^= hash >>> 16;
    hash = Math.imul(hash, 0x85ebca6b);
    hash ^= hash >>> 13;
    hash = Math.imul(hash, 0xc2b2ae35);
    hash ^= hash >>> 16;
  }
  return hash >>> 0;
}

export function createRandom(seed: number): Random {
  const next = mulberry32(seed);
  return {
    next,
    int: (min, max) => {
      assert(Number.isSafeInteger(min) && Number.isSafeInteger(max) && min <= max, `bad range ${min}..${max}`);
      return min + Math.floor(next() * (max - min + 1));
    },
    pick: (items) => {
      assert(items.length > 0, 'cannot pick from an empty list');
      return items[Math.floor(next() * items.length)]!;
    },
    chance: (probability) => next() < probability,
  };
}

/** Fisher–Yates over 0..length-1, driven by `random`. */
export function shuffledIndexes(length: number, random: Random): number[] {
  const indexes = Array.from({ length }, (_, index) => index);
  for (let index = length - 1; index > 0; index -= 1) {
    const other = Math.floor(random.next() * (index + 1));
    const held = indexes[index]!;
    indexes[index] = indexes[other]!;
    indexes[other] = held;
  }
  return indexes;
}

function greatestCommonDivisor(a: number, b: number): number {
  let x = a;
  let y = b;
  while (y !== 0) {
    const rest = x % y;
    x = y;
    y = rest;
  }
  return x;
}

/**
 * A bijection on [0, size): index ↦ (multiplier·index + offset) mod size. Used to walk a
 * combination space in a scrambled order without remembering what was already used, which
 * is what keeps titles unique while generating in constant memory.
 */
export function affinePermutation(size: number, salt: number): (index: number) => number {
  assert(Number.isSafeInteger(size) && size > 0, `permutation size must be positive: ${size}`);
  let multiplier = 7919 + (salt % 1000) * 2;
  while (greatestCommonDivisor(multiplier, size) !== 1) multiplier += 1;
  const offset = salt % size;
  // multiplier·index stays far below 2^53 for the sizes used here (size < 2^20, index < size).
  return (index) => ((((multiplier % size) * index + offset) % size) + size) % size;
}
