import { html, layout, oneLine, type Rendered, signature } from './render.ts';

export type LowStockInput = {
  readonly shopName: string;
  readonly sku: string;
  /** The variant's title when notifications knows it. */
  readonly title: string | undefined;
  readonly available: number;
  readonly threshold: number;
};

/** inventory.stock_changed crossing below the threshold → to staff, once per crossing. */
export function lowStock(input: LowStockInput): Rendered {
  const sku = oneLine(input.sku, 64);
  const name = input.title === undefined ? sku : `${oneLine(input.title)} (${sku})`;
  const text =
    `Stock is low: ${name} has ${input.available} available, below the threshold of ${input.threshold}.` +
    signature(input.shopName);
  const body = html`<p>Stock is low: <strong>${name}</strong> has <strong>${input.available}</strong> available, below the threshold of ${input.threshold}.</p>`;
  return {
    subject: `Low stock: ${sku} (${input.available} left)`,
    text,
    html: layout(input.shopName, `Low stock: ${sku}`, body),
  };
}
