import { formatMoney } from '../shared/format.ts';
import { type Html, html } from '../shared/html.ts';
import type { Totals } from '../types.ts';

export function totalsView(totals: Totals): Html {
  return html`<div class="totals">
<div><span>Subtotal</span><span>${formatMoney(totals.subtotal)}</span></div>
${totals.discount.amount > 0 ? html`<div><span>Discount</span><span>−${formatMoney(totals.discount)}</span></div>` : ''}
${totals.shipping.amount > 0 ? html`<div><span>Shipping</span><span>${formatMoney(totals.shipping)}</span></div>` : ''}
${totals.tax.amount > 0 ? html`<div><span>Tax</span><span>${formatMoney(totals.tax)}</span></div>` : ''}
<div class="grand"><span>Total</span><span>${formatMoney(totals.total)}</span></div>
</div>`;
}
