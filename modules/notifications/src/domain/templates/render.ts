import type { Money } from '@mercato/platform/kernel';

/**
 * The pieces every template is made of. HTML is built with the `html` tag, which
 * escapes every interpolated value unless it is already `SafeHtml` (made by the tag
 * itself): a product title such as `<script>` arrives in the message as text, and
 * escaping cannot be forgotten in one place, because it is the default.
 */
export type SafeHtml = { readonly safeHtml: string };

/** A rendered message: subject, plain text and simple HTML. */
export type Rendered = { readonly subject: string; readonly text: string; readonly html: string };

const htmlEntities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => htmlEntities[char] ?? char);
}

function isSafeHtml(value: unknown): value is SafeHtml {
  return typeof value === 'object' && value !== null && typeof (value as SafeHtml).safeHtml === 'string';
}

function htmlOf(value: unknown): string {
  if (isSafeHtml(value)) return value.safeHtml;
  if (Array.isArray(value)) return value.map(htmlOf).join('');
  return escapeHtml(plain(String(value ?? '')));
}

/** Tagged template: `html\`<p>${title}</p>\`` escapes `title`; arrays are concatenated. */
export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  let out = strings[0] ?? '';
  values.forEach((value, index) => {
    out += htmlOf(value) + (strings[index + 1] ?? '');
  });
  return { safeHtml: out };
}

/** Text from events may carry control characters; none of them belongs in a message. */
export function plain(value: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping them is the point
  return value.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '');
}

/** One line for subjects: no line breaks (header injection), runs of space collapsed, bounded. */
export function oneLine(value: string, lengthMax = 120): string {
  const line = plain(value).replace(/\s+/g, ' ').trim();
  return line.length <= lengthMax ? line : `${line.slice(0, lengthMax - 1)}…`;
}

/** `{ amount: 1234, currency: 'USD' }` → `$12.34`; the currency's own minor-unit digits. */
export function formatMoney(money: Money): string {
  const format = new Intl.NumberFormat('en-US', { style: 'currency', currency: money.currency });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(money.amount / 10 ** digits);
}

/** The HTML frame around every message body. */
export function layout(shopName: string, heading: string, body: SafeHtml): string {
  return html`<!doctype html>
<html><body style="font-family: sans-serif; line-height: 1.5; color: #222">
<h1 style="font-size: 20px">${heading}</h1>
${body}
<p style="color: #777; font-size: 12px">${shopName}</p>
</body></html>
`.safeHtml;
}

/** The plain-text signature under every message. */
export function signature(shopName: string): string {
  return `\n\n— ${oneLine(shopName)}\n`;
}
