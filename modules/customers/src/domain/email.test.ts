import assert from 'node:assert/strict';
import { test } from 'node:test';
import { emailProblem, normalizeEmail } from './email.ts';

test('normalizeEmail › trims and lowercases', () => {
  assert.equal(normalizeEmail('  Ada.Lovelace@Example.COM \n'), 'ada.lovelace@example.com');
});

test('emailProblem › accepts ordinary addresses', () => {
  for (const email of ['a@b.co', 'first.last+tag@mail.example.org', 'x@xn--bcher-kva.example']) {
    assert.equal(emailProblem(email), undefined, email);
  }
});

test('emailProblem › refuses malformed addresses', () => {
  for (const email of [
    '',
    'plain',
    '@example.com',
    'a@b',
    'a@@b.com',
    'a b@example.com',
    'a@-b.com',
    'a@b..com',
    'a@b.com\u0000',
  ]) {
    assert.notEqual(emailProblem(email), undefined, JSON.stringify(email));
  }
});

test('emailProblem › refuses addresses over 254 characters or with a local part over 64', () => {
  assert.notEqual(emailProblem(`${'a'.repeat(65)}@example.com`), undefined);
  assert.equal(emailProblem(`${'a'.repeat(64)}@example.com`), undefined);
  const longDomain = `${Array.from({ length: 5 }, () => 'd'.repeat(60)).join('.')}.com`;
  assert.notEqual(emailProblem(`a@${longDomain}`), undefined);
});
