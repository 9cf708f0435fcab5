import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dictionary } from '@zxcvbn-ts/language-common';
import { commonPasswords, normalizePassword, passwordLength, passwordProblem } from './password-policy.ts';

test('passwordProblem › refuses passwords under 8 characters', () => {
  assert.equal(passwordProblem('Ab3$xyz'), 'too_short');
  assert.equal(passwordProblem('Ab3$xyzQ'), undefined);
});

test('passwordProblem › accepts 128 characters and refuses 129', () => {
  assert.equal(passwordProblem('k'.repeat(127) + 'Z'), undefined);
  assert.equal(passwordProblem('k'.repeat(128) + 'Z'), 'too_long');
});

test('passwordProblem › counts characters, not UTF-16 units', () => {
  const emoji = '🔑'.repeat(8);
  assert.equal(emoji.length, 16);
  assert.equal(passwordLength(emoji), 8);
  assert.equal(passwordProblem(emoji), undefined);
  assert.equal(passwordProblem('🔑'.repeat(128)), undefined);
  assert.equal(passwordProblem('🔑'.repeat(129)), 'too_long');
});

test('passwordProblem › refuses common passwords whatever their case', () => {
  for (const password of ['password', 'PASSWORD', '12345678', 'Qwertyuiop', 'iloveyou', 'Baseball']) {
    assert.equal(passwordProblem(password), 'common', password);
  }
});

test('commonPasswords › holds every password of 8 or more characters in the top 10,000', () => {
  const top = dictionary['passwords-common'].slice(0, 10_000).filter((password) => passwordLength(password) >= 8);
  assert.ok(top.length > 3000);
  for (const password of top) assert.ok(commonPasswords.has(password.toLowerCase()), password);
});

test('normalizePassword › makes composed and decomposed accents one password', () => {
  assert.equal(normalizePassword('cafe\u0301-latte'), normalizePassword('caf\u00e9-latte'));
});
