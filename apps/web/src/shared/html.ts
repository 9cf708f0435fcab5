/**
 * HTML by tagged template with automatic escaping. Every interpolated value is escaped
 * unless it is already `Html` (made by `html` or `raw`), so markup cannot be injected
 * by data: a product title `<script>` prints as text.
 *
 *   html`<h1>${product.title}</h1>${items.map((item) => html`<li>${item}</li>`)}`
 *
 * Arrays are joined (each element follows the same rules); `null`, `undefined` and
 * `false` print nothing, so `${cond && html`…`}` works.
 */

/** Trusted markup. Only `html` and `raw` make one. */
export type Html = { readonly __html: string };

export type HtmlValue = Html | string | number | boolean | null | undefined | readonly HtmlValue[];

const replacements: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
};

/** Escapes text for element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`]/g, (character) => replacements[character] ?? character);
}

function isHtml(value: unknown): value is Html {
  return typeof value === 'object' && value !== null && '__html' in value;
}

function render(value: HtmlValue): string {
  if (value === null || value === undefined || value === false) return '';
  if (isHtml(value)) return value.__html;
  if (Array.isArray(value)) return value.map((item: HtmlValue) => render(item)).join('');
  return escapeHtml(String(value));
}

/** The template tag: static parts as written, interpolations escaped. */
export function html(strings: TemplateStringsArray, ...values: readonly HtmlValue[]): Html {
  let out = strings[0] ?? '';
  for (let index = 0; index < values.length; index++) {
    out += render(values[index]) + (strings[index + 1] ?? '');
  }
  return { __html: out };
}

/** Marks a string as trusted markup (never pass user data here). */
export function raw(markup: string): Html {
  return { __html: markup };
}

/** The markup of a fragment, for sending. */
export function markupOf(fragment: Html): string {
  return fragment.__html;
}

/** Old name of `markupOf` (importing it trips Biome's noShadowRestrictedNames); prefer `markupOf`. */
export { markupOf as toString };

/** `attrs({ disabled: true, value: 'x', hidden: false })` → ` disabled value="x"`, escaped. */
export function attrs(values: Readonly<Record<string, string | number | boolean | null | undefined>>): Html {
  let out = '';
  for (const [name, value] of Object.entries(values)) {
    if (value === false || value === null || value === undefined) continue;
    out += value === true ? ` ${name}` : ` ${name}="${escapeHtml(String(value))}"`;
  }
  return { __html: out };
}
