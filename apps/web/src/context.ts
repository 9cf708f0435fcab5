import type { FastifyReply, FastifyRequest } from 'fastify';
import type { CartState } from './cart-state.ts';
import type { GuestOrders } from './guest-orders.ts';
import type { ApiAnswer, ApiRequest } from './shared/api.ts';
import type { WebShared } from './shared/index.ts';
import { type Html, html } from './shared/html.ts';
import { sendHtml } from './shared/respond.ts';
import type { Session } from './shared/session.ts';

/** What every storefront page handler gets: the shared layer plus the shopper's session and cart. */
export type Storefront = {
  readonly shared: WebShared;
  readonly session: Session;
  readonly cart: CartState;
  readonly guestOrders: GuestOrders;
  readonly shopName: string;
  /** Default shipping country for the checkout form. */
  readonly country: string;
  readonly scriptUrl: string;
  /** Calls the API as this shopper (token forwarded, refreshed on 401). */
  call<T = unknown>(request: FastifyRequest, reply: FastifyReply, apiRequest: ApiRequest): Promise<ApiAnswer<T>>;
  /** `<input type="hidden" name="_csrf">` for a form on this page. */
  csrfInput(request: FastifyRequest, reply: FastifyReply): Html;
  render(request: FastifyRequest, reply: FastifyReply, page: StorePage): FastifyReply;
};

export type StorePage = {
  readonly title: string;
  readonly main: Html;
  readonly description?: string;
  /** Private pages (cart, checkout, account) are kept out of search engines. */
  readonly noindex?: boolean;
  readonly status?: number;
  readonly head?: Html;
  /** The search box's current text. */
  readonly query?: string;
};

function header(store: Storefront, request: FastifyRequest, query: string | undefined): Html {
  const count = store.cart.count(request);
  const signedIn = store.session.signedIn(request);
  const path = request.url.split('?')[0];
  const current = (href: string) => (path === href ? html` aria-current="page"` : '');
  return html`<a class="brand" href="/">${store.shopName}</a>
<form class="search-form" action="/search" method="get" role="search">
<label class="visually-hidden" for="site-search">Search products</label>
<input id="site-search" type="search" name="q" value="${query ?? ''}" placeholder="Search products" autocomplete="off" maxlength="200">
<button type="submit" class="btn-primary">Search</button>
</form>
<nav aria-label="Main"><ul class="nav">
${signedIn ? html`<li><a href="/account"${current('/account')}>Account</a></li>` : html`<li><a href="/account/login"${current('/account/login')}>Sign in</a></li>`}
<li><a href="/cart"${current('/cart')}>Cart <span class="cart-count" data-cart-count>${count}</span><span class="visually-hidden"> items</span></a></li>
</ul></nav>`;
}

export function createStorefront(base: Omit<Storefront, 'call' | 'csrfInput' | 'render'>): Storefront {
  const store: Storefront = {
    ...base,
    call: (request, reply, apiRequest) => base.session.call(request, reply, apiRequest),
    csrfInput: (request, reply) =>
      html`<input type="hidden" name="_csrf" value="${base.shared.csrf.token(request, reply)}">`,
    render(request, reply, page) {
      const document = base.shared.page({
        title: page.title === base.shopName ? page.title : `${page.title} · ${base.shopName}`,
        main: page.main,
        header: header(store, request, page.query),
        footer: html`<p>${base.shopName} — an open-source shop built on Mercato. Secure checkout; card numbers never reach our servers.</p>`,
        flash: base.shared.flash.take(request, reply),
        scripts: [base.scriptUrl],
        ...(page.description === undefined ? {} : { description: page.description }),
        ...(page.noindex === undefined ? {} : { noindex: page.noindex }),
        ...(page.head === undefined ? {} : { head: page.head }),
      });
      return sendHtml(reply, document, page.status ?? 200);
    },
  };
  return store;
}
