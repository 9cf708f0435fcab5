import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkConfig, lowStockThresholdOf, notificationsDefaults } from './config.ts';

describe('notifications config', () => {
  it('fills every gap with the defaults: the mailbox transport', () => {
    const config = checkConfig({});
    assert.equal(config.transport, 'mailbox');
    assert.equal(config.smtpUrl, undefined);
    assert.deepEqual(
      { ...config, subscribeRateLimit: { ...config.subscribeRateLimit } },
      { ...notificationsDefaults, subscribeRateLimit: { ...notificationsDefaults.subscribeRateLimit } },
    );
    assert.ok(Object.isFrozen(config));
  });

  it('takes SMTP by URL and refuses it without one, never echoing the URL', () => {
    assert.equal(
      checkConfig({ transport: 'smtp', smtpUrl: 'smtp://user:pass@mail.example:587' }).smtpUrl,
      'smtp://user:pass@mail.example:587',
    );
    assert.throws(() => checkConfig({ transport: 'smtp' }), /smtpUrl/);
    assert.throws(
      () => checkConfig({ transport: 'smtp', smtpUrl: 'https://user:hunter2@mail.example' }),
      (error: Error) => /smtpUrl/.test(error.message) && !error.message.includes('hunter2'),
    );
  });

  it('normalizes the staff address and refuses headers that could carry a second line', () => {
    assert.equal(checkConfig({ staffEmail: ' Ops@Shop.Example ' }).staffEmail, 'ops@shop.example');
    assert.throws(() => checkConfig({ staffEmail: 'a@x.example, b@y.example' }), /staffEmail/);
    assert.equal(checkConfig({ from: 'Tea House <shop@tea.example>' }).from, 'Tea House <shop@tea.example>');
    assert.throws(() => checkConfig({ from: 'Shop <shop@tea.example>\r\nBcc: x@y.example' }), /from/);
  });

  it('uses a per-SKU threshold where one is set, the default elsewhere', () => {
    const config = checkConfig({ lowStockThreshold: 5, lowStockThresholds: { BULK: 50, RARE: 0 } });
    assert.equal(lowStockThresholdOf(config, 'BULK'), 50);
    assert.equal(lowStockThresholdOf(config, 'RARE'), 0);
    assert.equal(lowStockThresholdOf(config, 'OTHER'), 5);
    assert.equal(lowStockThresholdOf(config, 'constructor'), 5);
    assert.throws(() => checkConfig({ lowStockThresholds: { BULK: -1 } }), /lowStockThresholds\.BULK/);
  });

  it('keeps a send shorter than its lease', () => {
    assert.throws(() => checkConfig({ leaseMs: 10_000, sendTimeoutMs: 10_000 }), /sendTimeoutMs/);
    assert.throws(() => checkConfig({ attemptsMax: 0 }), /attemptsMax/);
  });
});
