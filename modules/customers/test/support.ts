import type { TestDbTarget } from '@mercato/platform/db/testing';
import type { Clock, IdGenerator } from '@mercato/platform/kernel';
import { apiOf } from '@mercato/platform/module';
import { bootTestHost } from '@mercato/platform/module/testing';
import type { CustomersConfigInput } from '../src/config.ts';
import { argon2Hasher, customersAuthentication, customersModule, type PasswordHasher } from '../src/module.ts';

/**
 * argon2id with test-sized costs (1 MiB, one pass): the module's code paths are the
 * same, the suites stay fast. The production costs are checked in auth.test.ts.
 */
export function cheapHasher(): PasswordHasher & { verifications: () => number; hashes: () => number } {
  const inner = argon2Hasher({ memoryCostKib: 1024, timeCost: 1, parallelism: 1 });
  let verifications = 0;
  let hashes = 0;
  return {
    hash(password) {
      hashes++;
      return inner.hash(password);
    },
    verify(hash, password) {
      verifications++;
      return inner.verify(hash, password);
    },
    verifications: () => verifications,
    hashes: () => hashes,
  };
}

/** Limits loose enough that a suite's many requests from 127.0.0.1 pass, unless a test tightens them. */
export const testConfig: CustomersConfigInput = {
  rateLimits: {
    loginsPerAddress: { limit: 10_000, windowMs: 60_000 },
    registrationsPerAddress: { limit: 10_000, windowMs: 60_000 },
    refreshesPerAddress: { limit: 10_000, windowMs: 60_000 },
  },
  purgeIntervalMs: 0,
};

export type BootOptions = {
  readonly clock?: Clock;
  readonly ids?: IdGenerator;
  readonly config?: CustomersConfigInput;
  /** Default: the cheap hasher. `null`: the module's own (production costs). */
  readonly hasher?: PasswordHasher | null;
};

/** The customers module on a fresh database of `target`, with the HTTP server authenticating through it. */
export async function bootCustomers(target: TestDbTarget, options: BootOptions = {}) {
  const hasher = options.hasher === undefined ? cheapHasher() : options.hasher;
  const customers = customersModule(hasher === null ? {} : { hasher });
  const host = await bootTestHost({
    modules: [customers],
    db: await target.open(),
    ...(options.clock === undefined ? {} : { clock: options.clock }),
    ...(options.ids === undefined ? {} : { ids: options.ids }),
    config: {
      customers: {
        ...testConfig,
        ...options.config,
        rateLimits: { ...testConfig.rateLimits, ...options.config?.rateLimits },
      },
    },
    authenticate: (apis) => customersAuthentication(apiOf(apis, customers)),
  });
  return { ...host, api: apiOf(host.apis, customers) };
}

export type Booted = Awaited<ReturnType<typeof bootCustomers>>;

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

let counter = 0;
/** A fresh, valid account input; the password is not a common one. */
export function newAccount(overrides: Partial<{ email: string; password: string; name: string }> = {}) {
  counter++;
  return {
    email: `shopper${counter}@example.com`,
    password: `Tangerine-Harbor-${counter}`,
    name: `Shopper ${counter}`,
    ...overrides,
  };
}

type AuthBody = {
  customer: { id: string; email: string; role?: string; mfaEnabled: boolean };
  accessToken: string;
  refreshToken: string;
};

export async function registerVia(booted: Booted, account = newAccount(), remoteAddress = '127.0.0.1') {
  const response = await booted.app.inject({
    method: 'POST',
    url: '/api/auth/register',
    payload: account,
    remoteAddress,
  });
  return { response, account, body: response.json() as AuthBody };
}

export async function loginVia(
  booted: Booted,
  credentials: { email: string; password: string; otp?: string },
  remoteAddress = '127.0.0.1',
) {
  const response = await booted.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: credentials,
    remoteAddress,
  });
  return { response, body: response.json() as AuthBody };
}

export async function meVia(booted: Booted, token: string) {
  return booted.app.inject({ method: 'GET', url: '/api/me', headers: bearer(token) });
}

/** Creates a staff member and signs them in; answers their access token. */
export async function staffToken(
  booted: Booted,
  role: 'admin' | 'catalog' | 'support',
  email = `${role}-${++counter}@mercato.test`,
) {
  const password = `Staff-Passphrase-${counter}`;
  const created = await booted.api.createStaff({ email, password, name: `Staff ${role}`, role });
  if (!created.ok) throw new Error(`createStaff failed: ${created.code}`);
  const signedIn = await booted.api.login({ email, password }, { address: '10.0.0.1' });
  if (!signedIn.ok) throw new Error(`staff login failed: ${signedIn.code}`);
  return { token: signedIn.value.accessToken, id: created.value.id, email, password };
}
