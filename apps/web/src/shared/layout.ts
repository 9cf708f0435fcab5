import type { FlashMessage } from './flash.ts';
import { type Html, html, raw } from './html.ts';

/**
 * The one page shell of the storefront and the admin: document head (title, description,
 * the hashed stylesheet, deferred module scripts), a skip link, a header with the
 * caller's navigation slot, the flash message, main content and a footer.
 */
export type PageOptions = {
  readonly title: string;
  readonly description?: string;
  /** Content of `<main id="main">`. */
  readonly main: Html;
  /** Content of `<header class="site-header">`: brand and navigation (a nav slot). */
  readonly header?: Html;
  /** Content of `<footer class="site-footer">`. */
  readonly footer?: Html;
  readonly flash?: FlashMessage;
  /** The stylesheet URL (`assets.url('styles.css')`). */
  readonly stylesheetUrl: string;
  /** Script URLs, loaded as deferred modules after the page is usable. */
  readonly scripts?: readonly string[];
  /** Extra `<head>` markup (canonical link, image preload, JSON data). */
  readonly head?: Html;
  /** A class on `<body>` (e.g. `admin`). */
  readonly bodyClass?: string;
  /** `noindex` for private pages (cart, checkout, account, admin). */
  readonly noindex?: boolean;
};

export function flashBox(flash: FlashMessage | undefined): Html {
  if (flash === undefined) return html``;
  const role = flash.kind === 'error' ? 'alert' : 'status';
  return html`<div class="flash flash-${flash.kind}" role="${role}">${flash.text}</div>`;
}

export function layout(options: PageOptions): string {
  const scripts = (options.scripts ?? []).map((src) => html`<script type="module" src="${src}"></script>`);
  const page = html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${options.title}</title>
${options.description === undefined ? '' : html`<meta name="description" content="${options.description}">`}
${options.noindex ? html`<meta name="robots" content="noindex">` : ''}
<meta name="theme-color" content="#1f4e79">
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${options.stylesheetUrl}">
${options.head ?? ''}
${scripts}
</head>
<body${raw(options.bodyClass === undefined ? '' : ` class="${options.bodyClass.replace(/[^a-z0-9 _-]/gi, '')}"`)}>
<a class="skip-link" href="#main">Skip to content</a>
<header class="site-header"><div class="container header-inner">${options.header ?? ''}</div></header>
<main id="main" class="container" tabindex="-1">
${flashBox(options.flash)}
${options.main}
</main>
<footer class="site-footer"><div class="container">${options.footer ?? html`<p>Mercato</p>`}</div></footer>
</body>
</html>`;
  return page.__html;
}
