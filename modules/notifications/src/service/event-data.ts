/** How a variant is named in messages: "Desk Lamp — Small", or the product title alone. */
export function titleOf(productTitle: string, variantTitle: string): string {
  return variantTitle === '' || variantTitle === productTitle ? productTitle : `${productTitle} — ${variantTitle}`;
}
