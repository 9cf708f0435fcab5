import { type Failure, fail, ok, type Result } from '@mercato/platform/kernel';
import {
  type AuthResult,
  type Customer,
  type CustomerRegisteredData,
  customersEvents,
  type NewStaff,
  type RegisterCode,
  type RegisterInput,
  type RequestOrigin,
  type StaffCode,
} from '../contract.ts';
import { normalizeName } from '../domain/account.ts';
import { emailProblem, normalizeEmail } from '../domain/email.ts';
import { normalizePassword, passwordProblem, passwordProblemMessages } from '../domain/password-policy.ts';
import * as store from '../store.ts';
import type { CustomersDeps } from './deps.ts';
import { addressKey, consume } from './limits.ts';
import { authResult, openSessionIn } from './sessions.ts';
import { toCustomer } from './views.ts';

type Checked = { email: string; name: string; password: string };

function invalid(path: string, message: string): Failure<'invalid_request'> {
  return fail('invalid_request', message, { issues: [{ path, message }] });
}

/** The guards of a new account, in order: email shape, name, password policy. */
function checkNewAccount(input: {
  email: string;
  name: string;
  password: string;
}): Result<Checked, 'invalid_request' | 'weak_password'> {
  const email = normalizeEmail(input.email);
  const emailIssue = emailProblem(email);
  if (emailIssue !== undefined) return invalid('body.email', emailIssue);
  const name = normalizeName(input.name);
  if (name === undefined) return invalid('body.name', 'A name has 1 to 200 characters, without control characters.');
  const password = normalizePassword(input.password);
  const problem = passwordProblem(password);
  if (problem !== undefined) return fail('weak_password', passwordProblemMessages[problem], { reason: problem });
  return ok({ email, name, password });
}

const emailTaken = () => fail('email_taken', 'An account with this email exists.');

/** Accounts coming into being: customers registering, and staff made (or ensured) by the CLI and the start-up. */
export function createRegistration(deps: CustomersDeps) {
  return { register: register(deps), createStaff: createStaff(deps), ensureStaff: ensureStaff(deps) };
}

function register(deps: CustomersDeps) {
  return async (input: RegisterInput, origin: RequestOrigin): Promise<Result<AuthResult, RegisterCode>> => {
    const limited = await consume(
      deps,
      addressKey('register', origin.address),
      deps.config.rateLimits.registrationsPerAddress,
    );
    if (limited !== undefined) return limited;
    const checked = checkNewAccount(input);
    if (!checked.ok) return checked;
    const { email, name, password } = checked.value;
    // Checked before hashing to spare the work; the insert below settles races.
    if ((await store.accountByEmail(deps.db, email)) !== undefined) return emailTaken();
    const passwordHash = await deps.hasher.hash(password);
    const now = deps.clock.now();
    const row: store.NewAccountRow = {
      id: deps.ids.next('cus'),
      kind: 'customer',
      role: null,
      email,
      name,
      password_hash: passwordHash,
      created_at: now,
    };
    const opened = await deps.db.transaction(async (tx) => {
      if (!(await store.insertAccount(tx, row))) return undefined;
      const data: CustomerRegisteredData = { customerId: row.id, email, name, registeredAt: now.toISOString() };
      await deps.outbox.append(tx, [{ type: customersEvents.customerRegistered, data }]);
      return openSessionIn(deps, tx, row.id);
    });
    if (opened === undefined) return emailTaken();
    const account = await store.accountById(deps.db, row.id);
    return ok(await authResult(deps, account!, opened.sessionId, opened.refreshToken));
  };
}

/**
 * Creates a staff account (the CLI, the start-up bootstrap). Staff sign in like
 * customers; the creation is recorded in the audit log as done by `system`.
 */
function createStaff(deps: CustomersDeps) {
  return async (input: NewStaff): Promise<Result<Customer, StaffCode>> => {
    const checked = checkNewAccount({ ...input, name: input.name ?? input.email.trim().split('@')[0] ?? '' });
    if (!checked.ok) return checked;
    const { email, name, password } = checked.value;
    if ((await store.accountByEmail(deps.db, email)) !== undefined) return emailTaken();
    const passwordHash = await deps.hasher.hash(password);
    const row: store.NewAccountRow = {
      id: deps.ids.next('stf'),
      kind: 'staff',
      role: input.role ?? 'admin',
      email,
      name,
      password_hash: passwordHash,
      created_at: deps.clock.now(),
    };
    const created = await deps.db.transaction(async (tx) => {
      if (!(await store.insertAccount(tx, row))) return undefined;
      const account = (await store.accountById(tx, row.id))!;
      await deps.audit.record(tx, {
        actor: { id: 'system' },
        action: 'customers.create_staff',
        entityType: 'account',
        entityId: row.id,
        before: null,
        after: toCustomer(account),
      });
      return account;
    });
    return created === undefined ? emailTaken() : ok(toCustomer(created));
  };
}

/** Idempotent: the existing staff account when one has this email, else a new one. */
function ensureStaff(deps: CustomersDeps) {
  const create = createStaff(deps);
  return async (input: NewStaff): Promise<Result<{ staff: Customer; created: boolean }, StaffCode>> => {
    const existing = await store.accountByEmail(deps.db, normalizeEmail(input.email));
    if (existing === undefined) {
      const created = await create(input);
      if (created.ok) return ok({ staff: created.value, created: true });
      // Another process bootstrapping at the same moment won the insert: read its account.
      if (created.code !== 'email_taken') return created;
      return ensureExisting(await store.accountByEmail(deps.db, normalizeEmail(input.email)));
    }
    return ensureExisting(existing);
  };
}

function ensureExisting(
  account: store.AccountRow | undefined,
): Result<{ staff: Customer; created: boolean }, StaffCode> {
  if (account === undefined) return emailTaken();
  if (account.kind !== 'staff')
    return fail('email_taken', 'A customer account has this email; choose another for staff.');
  return ok({ staff: toCustomer(account), created: false });
}
