import { html, layout, oneLine, type Rendered, signature } from './render.ts';

export type BackInStockInput = { readonly shopName: string; readonly title: string; readonly sku: string };

/** inventory.back_in_stock → to each waiting subscriber of the variant, once. */
export function backInStock(input: BackInStockInput): Rendered {
  const title = oneLine(input.title);
  const text =
    `Good news: ${title} (${oneLine(input.sku, 64)}) is back in stock.\n\nYou asked us to tell you once; we will not write again about it.` +
    signature(input.shopName);
  const body = html`<p>Good news: <strong>${title}</strong> <small>(${input.sku})</small> is back in stock.</p>
<p>You asked us to tell you once; we will not write again about it.</p>`;
  return {
    subject: `${oneLine(input.shopName, 60)}: ${title} is back in stock`,
    text,
    html: layout(input.shopName, `${title} is back in stock`, body),
  };
}
