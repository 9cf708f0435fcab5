import { formatDateTime, formatMoney, humanize } from '../shared/format.ts';
import { type Html, html } from '../shared/html.ts';
import type { Order } from '../types.ts';
import { totalsView } from './totals.ts';

const badgeClass: Readonly<Record<string, string>> = {
  pending: 'badge-warning',
  placed: 'badge-success',
  fulfilled: 'badge-success',
  delivered: 'badge-success',
  cancelled: 'badge-danger',
  failed: 'badge-danger',
  refunded: 'badge-warning',
  partially_refunded: 'badge-warning',
};

export function statusBadge(status: string): Html {
  return html`<span class="badge ${badgeClass[status] ?? ''}">${humanize(status)}</span>`;
}

export function orderSummary(order: Order): Html {
  const address = order.shippingAddress;
  return html`<div class="table-wrap"><table><caption class="visually-hidden">Items in order ${order.number}</caption>
<thead><tr><th scope="col">Item</th><th scope="col" class="num">Price</th><th scope="col" class="num">Qty</th><th scope="col" class="num">Total</th></tr></thead>
<tbody>${order.items.map((item) => html`<tr><td>${item.title}<br><span class="muted small">SKU ${item.sku}</span></td><td class="num">${formatMoney(item.unitPrice)}</td><td class="num">${item.quantity}</td><td class="num">${formatMoney(item.lineTotal)}</td></tr>`)}</tbody>
</table></div>
${totalsView(order.totals)}
<div class="two-columns">
<section aria-labelledby="ship-to"><h2 id="ship-to">Shipping</h2><p>${address.name}<br>${address.line1}${address.line2 ? html`<br>${address.line2}` : ''}<br>${address.postalCode} ${address.city}<br>${address.country}</p>
<p>${humanize(order.shippingMethod)} delivery${order.shipment ? html` · ${order.shipment.carrier} tracking number <strong>${order.shipment.trackingNumber}</strong>` : ''}</p></section>
<section aria-labelledby="paid-with"><h2 id="paid-with">Payment</h2><p>Test card · ${humanize(order.payment.status)}</p><p class="muted small">Placed ${formatDateTime(order.createdAt)}</p></section>
</div>`;
}
