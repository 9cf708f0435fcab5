import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isEmail, normalizeEmail } from './email.ts';

describe('recipient emails', () => {
  it('normalizes case and surrounding space', () => {
    assert.equal(normalizeEmail('  Ann.Lee@Example.COM '), 'ann.lee@example.com');
  });

  it('accepts plausible single addresses', () => {
    for (const email of ['a@example.com', 'first.last+tag@sub.example.co.uk', 'x@xn--bcher-kva.example']) {
      assert.equal(isEmail(email), true, email);
    }
  });

  it('refuses anything that could name several recipients or break a header', () => {
    for (const email of [
      '',
      'no-at.example.com',
      '@example.com',
      'a@b',
      'a,b@example.com',
      'a@example.com\r\nBcc: x@y.com',
      'a b@example.com',
      '<a@example.com>',
      `${'x'.repeat(65)}@example.com`,
    ]) {
      assert.equal(isEmail(email), false, JSON.stringify(email));
    }
  });
});
