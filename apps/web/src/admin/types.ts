/**
 * The shapes of API.md answers the admin reads, written from the public contract (the
 * admin depends on the HTTP API alone, never on module code).
 */
import type { Money, Product as StorefrontProduct, Variant } from '../types.ts';

export type { Money, Variant };

export type StaffRole = 'admin' | 'catalog' | 'support';

export type Account = {
  readonly id: string;
  readonly email: string;
  readonly name: string;
  readonly createdAt: string;
  readonly role?: StaffRole;
  readonly mfaEnabled?: boolean;
};

export type Staff = Account & { readonly role: StaffRole };

export type AdminAccount = Account & { readonly kind: 'customer' | 'staff'; readonly disabled: boolean };

export type Page<T> = { readonly items: readonly T[]; readonly nextCursor: string | null };

/** The storefront's product shapes, plus the `archived` flag of admin answers. */
export type ProductSummary = Omit<StorefrontProduct, 'description' | 'images' | 'categories' | 'variants' | 'rating'>;

export type Product = Omit<StorefrontProduct, 'rating'> & {
  /** Only in admin answers. */
  readonly archived?: boolean;
};

export type Category = {
  readonly id: string;
  readonly slug: string;
  readonly name: string;
  readonly children: readonly Category[];
};

export type StockLevel = {
  readonly sku: string;
  readonly locationId: string;
  readonly onHand: number;
  readonly reserved: number;
  readonly available: number;
};

export type OrderStatus =
  | 'pending'
  | 'placed'
  | 'fulfilled'
  | 'delivered'
  | 'cancelled'
  | 'refunded'
  | 'partially_refunded'
  | 'failed';

export const orderStatuses: readonly OrderStatus[] = [
  'pending',
  'placed',
  'fulfilled',
  'delivered',
  'cancelled',
  'refunded',
  'partially_refunded',
  'failed',
];

export type Totals = {
  readonly subtotal: Money;
  readonly discount: Money;
  readonly shipping: Money;
  readonly tax: Money;
  readonly total: Money;
};

export type Order = {
  readonly id: string;
  readonly number: string;
  readonly status: OrderStatus;
  readonly email: string;
  readonly items: readonly {
    readonly id: string;
    readonly title: string;
    readonly sku: string;
    readonly quantity: number;
    readonly unitPrice: Money;
    readonly lineTotal: Money;
  }[];
  readonly totals: Totals;
  readonly shippingAddress: {
    readonly name: string;
    readonly line1: string;
    readonly line2?: string;
    readonly city: string;
    readonly postalCode: string;
    readonly country: string;
  };
  readonly shippingMethod: string;
  readonly payment: { readonly status: string; readonly method: string };
  /** Additive fields of this platform (may be absent on another implementation). */
  readonly shipment?: { readonly carrier: string; readonly trackingNumber: string } | null;
  readonly refunded?: Money;
  readonly createdAt: string;
};

export type StatsSample = {
  readonly at: string;
  readonly ordersPerMinute: number;
  readonly revenueToday: Money;
  readonly p99LatencyMs: number | null;
  readonly errorRate: number;
};

export type Stats = StatsSample & {
  readonly lowStock: readonly {
    readonly sku: string;
    readonly available: number;
    readonly onHand?: number;
    readonly reserved?: number;
  }[];
  readonly lowStockThreshold?: number;
  readonly series?: readonly StatsSample[];
};
