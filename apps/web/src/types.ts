/**
 * The shapes of API.md answers the storefront reads. Written from the public contract,
 * not imported from module code: the pages depend on the HTTP API alone.
 */
import type { Money } from './shared/format.ts';

export type { Money };

export type Rating = { readonly average: number | null; readonly count: number };

export type ProductSummary = {
  readonly id: string;
  readonly slug: string;
  readonly title: string;
  readonly price: Money;
  readonly thumbnailUrl: string | null;
  readonly rating: Rating;
  readonly inStock: boolean;
};

export type Variant = {
  readonly id: string;
  readonly sku: string;
  readonly title: string;
  readonly options: Readonly<Record<string, string>>;
  readonly price: Money;
  readonly available: number;
};

export type Product = ProductSummary & {
  readonly description: string;
  readonly images: readonly string[];
  readonly categories: readonly { id: string; slug: string; name: string }[];
  readonly variants: readonly Variant[];
};

export type Facets = {
  readonly categories: readonly { slug: string; name: string; count: number }[];
  readonly price: { readonly min: Money | null; readonly max: Money | null };
  readonly rating: readonly { stars: number; count: number }[];
};

export type ProductPage = {
  readonly items: readonly ProductSummary[];
  readonly nextCursor: string | null;
  readonly facets: Facets;
};

export type Category = {
  readonly id: string;
  readonly slug: string;
  readonly name: string;
  readonly productCount: number;
  readonly children: readonly Category[];
};

export type Review = {
  readonly id: string;
  readonly productId: string;
  readonly authorName: string;
  readonly rating: number;
  readonly title: string;
  readonly body: string;
  readonly verifiedPurchase: boolean;
  readonly createdAt: string;
};

export type Totals = {
  readonly subtotal: Money;
  readonly discount: Money;
  readonly shipping: Money;
  readonly tax: Money;
  readonly total: Money;
};

export type CartItem = {
  readonly id: string;
  readonly variantId: string;
  readonly productId: string;
  readonly title: string;
  readonly variantTitle?: string;
  readonly sku: string;
  readonly quantity: number;
  readonly unitPrice: Money;
  readonly lineTotal: Money;
  readonly thumbnailUrl?: string | null;
};

export type Cart = {
  readonly id: string;
  readonly items: readonly CartItem[];
  readonly totals: Totals;
  readonly customerId: string | null;
  readonly status?: string;
  /** Added by the cart module: the code the cart holds; `problem` says why it does not apply now. */
  readonly discount?: { readonly code: string; readonly problem: string | null } | null;
};

export type Address = {
  readonly name: string;
  readonly line1: string;
  readonly line2?: string;
  readonly city: string;
  readonly postalCode: string;
  readonly country: string;
};

export type OrderItem = {
  readonly id: string;
  readonly variantId: string;
  readonly productId: string;
  readonly title: string;
  readonly sku: string;
  readonly quantity: number;
  readonly unitPrice: Money;
  readonly lineTotal: Money;
};

export type Order = {
  readonly id: string;
  readonly number: string;
  readonly status: string;
  readonly email: string;
  readonly items: readonly OrderItem[];
  readonly totals: Totals;
  readonly shippingAddress: Address;
  readonly shippingMethod: string;
  readonly payment: { readonly status: string; readonly method: string };
  readonly shipment?: { readonly carrier: string; readonly trackingNumber: string } | null;
  readonly createdAt: string;
  readonly accessToken?: string;
};

export type Customer = {
  readonly id: string;
  readonly email: string;
  readonly name: string;
  readonly createdAt: string;
  readonly mfaEnabled?: boolean;
};

export type AuthAnswer = {
  readonly customer: Customer;
  readonly accessToken: string;
  readonly refreshToken: string;
  readonly expiresIn?: number;
};

export type ShippingMethod = {
  readonly id: string;
  readonly name: string;
  readonly price: Money;
  readonly estimatedDays?: { readonly min: number; readonly max: number };
};
