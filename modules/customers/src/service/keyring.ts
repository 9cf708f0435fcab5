import type { Db } from '@mercato/platform/db';
import type { Clock } from '@mercato/platform/kernel';
import { assert } from '@mercato/platform/kernel';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type CryptoKey } from 'jose';
import type { Jwks } from '../contract.ts';
import * as store from '../store.ts';

/** The one signing algorithm: Ed25519 signatures (RFC 8037). Verification accepts nothing else. */
export const signingAlgorithm = 'EdDSA';

export type LoadedKey = {
  readonly kid: string;
  readonly privateKey: CryptoKey;
  readonly publicKey: CryptoKey;
  readonly publicJwk: Jwks['keys'][number];
  readonly retiredAtMs: number | null;
};

export type Keyring = {
  /** Loads the keys, making the first one when there is none. */
  init(): Promise<void>;
  /** The key new tokens are signed with: the newest one not scheduled for retirement. */
  signingKey(): Promise<LoadedKey>;
  /** A key that still verifies, by kid; an unknown kid reloads at most once a second. */
  verificationKey(kid: string): Promise<LoadedKey | undefined>;
  jwks(): Promise<Jwks>;
  rotate(options?: { retirePreviousNow?: boolean }): Promise<{ kid: string }>;
};

export type KeyringOptions = {
  readonly db: Db;
  readonly clock: Clock;
  /** How long before a rotated-out key stops verifying: the last token it signed must have expired. */
  readonly retireAfterMs: number;
  readonly refreshMs: number;
};

const unknownKidReloadMs = 1000;

async function loadKey(row: store.SigningKeyRow): Promise<LoadedKey> {
  const { d: _private, ...publicJwk } = row.public_jwk;
  return {
    kid: row.kid,
    privateKey: (await importJWK(row.private_jwk, signingAlgorithm)) as CryptoKey,
    publicKey: (await importJWK(row.public_jwk, signingAlgorithm)) as CryptoKey,
    publicJwk: {
      kty: String(publicJwk.kty),
      crv: String(publicJwk.crv),
      x: String(publicJwk.x),
      kid: row.kid,
      alg: signingAlgorithm,
      use: 'sig',
    },
    retiredAtMs: row.retired_at === null ? null : row.retired_at.getTime(),
  };
}

async function newKeyRow(now: Date): Promise<Omit<store.SigningKeyRow, 'retired_at'>> {
  const pair = await generateKeyPair(signingAlgorithm, { crv: 'Ed25519', extractable: true });
  const publicJwk = await exportJWK(pair.publicKey);
  const privateJwk = await exportJWK(pair.privateKey);
  // The RFC 7638 thumbprint names the key by its content: the same key always has the same kid.
  const kid = await calculateJwkThumbprint(publicJwk, 'sha256');
  return { kid, algorithm: signingAlgorithm, public_jwk: publicJwk, private_jwk: privateJwk, created_at: now };
}

/**
 * The signing keys of access tokens, kept in `customers.signing_keys` and cached in
 * process. Other processes learn of a rotation within `refreshMs`, or at once when
 * they meet a token with a kid they do not know yet.
 */
export function createKeyring(options: KeyringOptions): Keyring {
  const { db, clock } = options;
  let keys: LoadedKey[] = [];
  let loadedAtMs = Number.NEGATIVE_INFINITY;
  let loading: Promise<void> | undefined;

  const nowMs = () => clock.now().getTime();
  const live = (key: LoadedKey) => key.retiredAtMs === null || key.retiredAtMs > nowMs();

  function reload(): Promise<void> {
    loading ??= (async () => {
      try {
        const rows = await store.liveKeys(db, clock.now());
        keys = await Promise.all(rows.map(loadKey));
        loadedAtMs = nowMs();
      } finally {
        loading = undefined;
      }
    })();
    return loading;
  }

  async function fresh(): Promise<LoadedKey[]> {
    if (nowMs() - loadedAtMs >= options.refreshMs) await reload();
    return keys;
  }

  async function rotate(rotation?: { retirePreviousNow?: boolean }): Promise<{ kid: string }> {
    const row = await newKeyRow(clock.now());
    const retireAt = new Date(nowMs() + (rotation?.retirePreviousNow === true ? 0 : options.retireAfterMs));
    await db.transaction(async (tx) => {
      await store.insertKey(tx, row);
      await store.retireOtherKeys(tx, row.kid, retireAt);
    });
    await reload();
    return { kid: row.kid };
  }

  return {
    async init() {
      await reload();
      if (!keys.some((key) => key.retiredAtMs === null)) await rotate();
    },
    async signingKey() {
      const key = (await fresh()).find((candidate) => candidate.retiredAtMs === null);
      assert(key !== undefined, 'no signing key: the keyring was not initialized or every key is retired');
      return key;
    },
    async verificationKey(kid) {
      let key = (await fresh()).find((candidate) => candidate.kid === kid);
      if (key === undefined && nowMs() - loadedAtMs >= unknownKidReloadMs) {
        await reload();
        key = keys.find((candidate) => candidate.kid === kid);
      }
      return key !== undefined && live(key) ? key : undefined;
    },
    async jwks() {
      return { keys: (await fresh()).filter(live).map((key) => key.publicJwk) };
    },
    rotate,
  };
}
