import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { backInStock, formatMoney, lowStock, orderConfirmation, orderRefunded, orderShipped } from './index.ts';
import { html } from './render.ts';

const usd = (amount: number) => ({ amount, currency: 'USD' });

describe('message templates', () => {
  it('formats money from minor units in the currency’s own digits', () => {
    assert.equal(formatMoney(usd(123456)), '$1,234.56');
    assert.equal(formatMoney(usd(5)), '$0.05');
    assert.equal(formatMoney({ amount: 1500, currency: 'JPY' }), '¥1,500');
  });

  it('escapes every interpolated value in HTML, and only once', () => {
    const nested = html`<b>${'<i>'}</b>`;
    assert.equal(html`<p>${nested}${['&', '"']}</p>`.safeHtml, '<p><b>&lt;i&gt;</b>&amp;&quot;</p>');
  });

  it('order confirmation names the order number, the lines and the total', () => {
    const message = orderConfirmation({
      shopName: 'Mercato',
      number: 'M-1042',
      items: [{ title: 'Desk Lamp — Small', sku: 'DESK-S', quantity: 2, unitPrice: usd(2500) }],
      moreItems: 0,
      total: usd(5799),
    });
    assert.equal(message.subject, 'Mercato: order M-1042 confirmed');
    assert.match(message.text, /order M-1042/);
    assert.match(message.text, /2 × Desk Lamp — Small \(DESK-S\) at \$25\.00/);
    assert.match(message.text, /Total: \$57\.99/);
    assert.match(message.html, /<strong>M-1042<\/strong>/);
    assert.match(message.html, /<strong>\$57\.99<\/strong>/);
  });

  it('a hostile product title stays text in HTML and cannot break the subject line', () => {
    const message = backInStock({
      shopName: 'Mercato',
      title: '<script>alert(1)</script>\r\nBcc: x@evil.test',
      sku: 'EVIL-1',
    });
    assert.ok(!message.html.includes('<script>'), message.html);
    assert.match(message.html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    assert.ok(!/[\r\n]/.test(message.subject), message.subject);
    assert.match(message.text, /is back in stock/);
  });

  it('shipped names carrier and tracking number; refund this amount and the total so far', () => {
    const shipped = orderShipped({ shopName: 'Mercato', number: 'M-7', carrier: 'UPS', trackingNumber: '1Z999' });
    assert.match(shipped.text, /Carrier: UPS\nTracking number: 1Z999/);
    assert.match(shipped.html, /<strong>1Z999<\/strong>/);
    const refunded = orderRefunded({ shopName: 'Mercato', number: 'M-7', amount: usd(1000), refunded: usd(2500) });
    assert.equal(refunded.subject, 'Mercato: refund of $10.00 for order M-7');
    assert.match(refunded.text, /so far: \$25\.00/);
  });

  it('low stock names the SKU, what is left and the threshold', () => {
    const message = lowStock({ shopName: 'Mercato', sku: 'TEA-1', title: 'Green Tea', available: 2, threshold: 5 });
    assert.equal(message.subject, 'Low stock: TEA-1 (2 left)');
    assert.match(message.text, /Green Tea \(TEA-1\) has 2 available, below the threshold of 5/);
  });
});
