import { html, layout, oneLine, type Rendered, signature } from './render.ts';

export type OrderShippedInput = {
  readonly shopName: string;
  readonly number: string;
  readonly carrier: string;
  readonly trackingNumber: string;
};

/** orders.order_fulfilled → to the buyer: carrier and tracking number. */
export function orderShipped(input: OrderShippedInput): Rendered {
  const number = oneLine(input.number, 40);
  const carrier = oneLine(input.carrier, 100);
  const tracking = oneLine(input.trackingNumber, 100);
  const text =
    `Your order ${number} is on its way.\n\nCarrier: ${carrier}\nTracking number: ${tracking}` +
    signature(input.shopName);
  const body = html`<p>Your order <strong>${number}</strong> is on its way.</p>
<p>Carrier: ${carrier}<br>Tracking number: <strong>${tracking}</strong></p>`;
  return {
    subject: `${oneLine(input.shopName, 60)}: order ${number} has shipped`,
    text,
    html: layout(input.shopName, `Order ${number} has shipped`, body),
  };
}
