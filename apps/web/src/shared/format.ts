/** Display formats shared by the storefront and the admin. */

export type Money = { readonly amount: number; readonly currency: string };

const formatters = new Map<string, Intl.NumberFormat>();

/** `{ amount: 129999, currency: 'USD' }` → `$1,299.99` (minor units by the currency's digits). */
export function formatMoney(money: Money | null | undefined): string {
  if (money === null || money === undefined) return '';
  let formatter = formatters.get(money.currency);
  if (formatter === undefined) {
    formatter = new Intl.NumberFormat('en-US', { style: 'currency', currency: money.currency });
    if (formatters.size < 50) formatters.set(money.currency, formatter);
  }
  const digits = formatter.resolvedOptions().maximumFractionDigits ?? 2;
  return formatter.format(money.amount / 10 ** digits);
}

/** Parses a shopper-typed price ("12.50", "12") to minor units; undefined when it is not one. */
export function parseMoneyInput(text: string | undefined, fractionDigits = 2): number | undefined {
  if (text === undefined || !/^\d{1,9}(\.\d{1,2})?$/.test(text.trim())) return undefined;
  return Math.round(Number(text.trim()) * 10 ** fractionDigits);
}

const dateFormat = new Intl.DateTimeFormat('en-US', { year: 'numeric', month: 'short', day: 'numeric' });
const dateTimeFormat = new Intl.DateTimeFormat('en-US', {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});

export function formatDate(iso: string | undefined): string {
  if (iso === undefined) return '';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '' : dateFormat.format(date);
}

export function formatDateTime(iso: string | undefined): string {
  if (iso === undefined) return '';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '' : dateTimeFormat.format(date);
}

/** "pending" → "Pending", "partially_refunded" → "Partially refunded". */
export function humanize(code: string): string {
  const text = code.replaceAll('_', ' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}
