import type { Money } from '@mercato/platform/kernel';
import { formatMoney, html, layout, oneLine, plain, type Rendered, signature } from './render.ts';

export type OrderConfirmationInput = {
  readonly shopName: string;
  readonly number: string;
  readonly items: readonly {
    readonly title: string;
    readonly sku: string;
    readonly quantity: number;
    readonly unitPrice: Money;
  }[];
  /** Lines beyond those listed (long orders are summarised). */
  readonly moreItems: number;
  readonly total: Money;
};

/** checkout.order_placed → to the buyer: the order number, what was bought, the total. */
export function orderConfirmation(input: OrderConfirmationInput): Rendered {
  const number = oneLine(input.number, 40);
  const total = formatMoney(input.total);
  const lines = input.items.map(
    (item) => `${item.quantity} × ${plain(item.title)} (${plain(item.sku)}) at ${formatMoney(item.unitPrice)}`,
  );
  const more = input.moreItems > 0 ? [`… and ${input.moreItems} more`] : [];
  const text =
    [`Thank you for your order ${number}.`, '', ...lines, ...more, '', `Total: ${total}`].join('\n') +
    signature(input.shopName);
  const rows = input.items.map(
    (item) =>
      html`<tr><td>${item.quantity} ×</td><td>${item.title} <small>(${item.sku})</small></td><td>${formatMoney(item.unitPrice)}</td></tr>`,
  );
  const body = html`<p>Thank you for your order <strong>${number}</strong>.</p>
<table>${rows}</table>
${input.moreItems > 0 ? html`<p>… and ${input.moreItems} more</p>` : ''}
<p>Total: <strong>${total}</strong></p>`;
  return {
    subject: `${oneLine(input.shopName, 60)}: order ${number} confirmed`,
    text,
    html: layout(input.shopName, `Order ${number} confirmed`, body),
  };
}
