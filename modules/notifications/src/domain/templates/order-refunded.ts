import type { Money } from '@mercato/platform/kernel';
import { formatMoney, html, layout, oneLine, type Rendered, signature } from './render.ts';

export type OrderRefundedInput = {
  readonly shopName: string;
  readonly number: string;
  /** This refund. */
  readonly amount: Money;
  /** Everything refunded on the order so far, this refund included. */
  readonly refunded: Money;
};

/** orders.order_refunded → to the buyer: how much this refund is, and the total refunded. */
export function orderRefunded(input: OrderRefundedInput): Rendered {
  const number = oneLine(input.number, 40);
  const amount = formatMoney(input.amount);
  const refunded = formatMoney(input.refunded);
  const text =
    `We refunded ${amount} for your order ${number}.\nRefunded on this order so far: ${refunded}.\n\nIt may take a few days to show on your statement.` +
    signature(input.shopName);
  const body = html`<p>We refunded <strong>${amount}</strong> for your order <strong>${number}</strong>.</p>
<p>Refunded on this order so far: ${refunded}.</p>
<p>It may take a few days to show on your statement.</p>`;
  return {
    subject: `${oneLine(input.shopName, 60)}: refund of ${amount} for order ${number}`,
    text,
    html: layout(input.shopName, `Refund for order ${number}`, body),
  };
}
