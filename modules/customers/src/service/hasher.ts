import type { IdGenerator } from '@mercato/platform/kernel';
import { type Algorithm, hash, verify } from '@node-rs/argon2';

/**
 * Password hashing behind a small port, so tests can count verifications or use
 * cheaper parameters. The module's default is argon2id with the configured costs.
 */
export type PasswordHasher = {
  hash(password: string): Promise<string>;
  verify(hash: string, password: string): Promise<boolean>;
};

export type Argon2Params = { readonly memoryCostKib: number; readonly timeCost: number; readonly parallelism: number };

// `Algorithm` is an ambient const enum, which erasable TypeScript cannot name: 2 is Argon2id.
const argon2id = 2 as Algorithm;

/** argon2id on the libuv thread pool (the event loop stays free while hashing). */
export function argon2Hasher(params: Argon2Params): PasswordHasher {
  const options = {
    algorithm: argon2id,
    memoryCost: params.memoryCostKib,
    timeCost: params.timeCost,
    parallelism: params.parallelism,
  };
  return {
    hash: (password) => hash(password, options),
    verify: (stored, password) => verify(stored, password),
  };
}

/**
 * A hash of a random password with the same costs, verified against when an email is
 * unknown, so that answer takes as long as a wrong password. Made once, lazily.
 */
export function dummyHash(hasher: PasswordHasher, ids: IdGenerator): () => Promise<string> {
  let made: Promise<string> | undefined;
  return () => {
    made ??= hasher.hash(Buffer.from(ids.random(32)).toString('base64url'));
    return made;
  };
}
