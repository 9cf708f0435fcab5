import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseNotificationsConfig, lowStockThresholdOf, notificationsDefaults } from './config.ts';

describe('notifications config', () => {
  it('fills every gap with the defaults: the mailbox transport', () => {
    const config = parseNotificationsConfig({});
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
      parseNotificationsConfig({ transport: 'smtp', smtpUrl: 'smtp://user:pass@mail.example:587' }).smtpUrl,
      'smtp://user:pass@mail.example:587',
    );
    assert.throws(() => parseNotificationsConfig({ transport: 'smtp' }), /smtpUrl/);
    assert.throws(
      () => parseNotificationsConfig({ transport: 'smtp', smtpUrl: 'https://user:hunter2@mail.example' }),
      (error: Error) => /smtpUrl/.test(error.message) && !error.message.includes('hunter2'),
    );
  });

  it('normalizes the staff address and refuses headers that could carry a second line', () => {
    assert.equal(parseNotificationsConfig({ staffEmail: ' Ops@Shop.Example ' }).staffEmail, 'ops@shop.example');
    assert.throws(() => parseNotificationsConfig({ staffEmail: 'a@x.example, b@y.example' }), /staffEmail/);
    assert.equal(
      parseNotificationsConfig({ from: 'Tea House <shop@tea.example>' }).from,
      'Tea House <shop@tea.example>',
    );
    assert.throws(() => parseNotificationsConfig({ from: 'Shop <shop@tea.example>\r\nBcc: x@y.example' }), /from/);
  });

  it('uses a per-SKU threshold where one is set, the default elsewhere', () => {
    const config = parseNotificationsConfig({ lowStockThreshold: 5, lowStockThresholds: { BULK: 50, RARE: 0 } });
    assert.equal(lowStockThresholdOf(config, 'BULK'), 50);
    assert.equal(lowStockThresholdOf(config, 'RARE'), 0);
    assert.equal(lowStockThresholdOf(config, 'OTHER'), 5);
    assert.equal(lowStockThresholdOf(config, 'constructor'), 5);
    assert.throws(() => parseNotificationsConfig({ lowStockThresholds: { BULK: -1 } }), /lowStockThresholds\.BULK/);
  });

  it('keeps a send shorter than its lease', () => {
    assert.throws(() => parseNotificationsConfig({ leaseMs: 10_000, sendTimeoutMs: 10_000 }), /sendTimeoutMs/);
    assert.throws(() => parseNotificationsConfig({ attemptsMax: 0 }), /attemptsMax/);
  });
});
