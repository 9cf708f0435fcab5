import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type AccountState, normalizeName, patchEndsSessions, patchProblem } from './account.ts';

const admin: AccountState = { kind: 'staff', role: 'admin', disabled: false };
const customer: AccountState = { kind: 'customer', role: null, disabled: false };

test('patchProblem › refuses a role for a customer', () => {
  assert.equal(patchProblem(customer, { role: 'catalog' }, 3)?.code, 'not_staff');
  assert.equal(patchProblem(customer, { disabled: true }, 0), undefined);
});

test('patchProblem › refuses to demote or disable the last active admin', () => {
  assert.equal(patchProblem(admin, { role: 'support' }, 0)?.code, 'last_admin');
  assert.equal(patchProblem(admin, { disabled: true }, 0)?.code, 'last_admin');
  assert.equal(patchProblem(admin, { role: 'support' }, 1), undefined);
  assert.equal(patchProblem(admin, { role: 'admin', disabled: false }, 0), undefined);
});

test('patchEndsSessions › ends sessions when an account is disabled or its role changes', () => {
  assert.equal(patchEndsSessions(admin, { ...admin, disabled: true }), 'account_disabled');
  assert.equal(patchEndsSessions(admin, { ...admin, role: 'catalog' }), 'role_changed');
  assert.equal(patchEndsSessions(admin, admin), undefined);
  assert.equal(patchEndsSessions({ ...admin, disabled: true }, admin), undefined);
});

test('normalizeName › trims, and refuses empty, over-long and control characters', () => {
  assert.equal(normalizeName('  Ada Lovelace '), 'Ada Lovelace');
  assert.equal(normalizeName('   '), undefined);
  assert.equal(normalizeName('x'.repeat(201)), undefined);
  assert.equal(normalizeName('Ada\u0007'), undefined);
});
