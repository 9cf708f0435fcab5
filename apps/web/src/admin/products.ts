import type { FastifyReply, FastifyRequest } from 'fastify';
import { type ApiFailure, failureOf, formatMoney, type Html, html, seeOther } from '../shared/index.ts';
import { type Admin, errorBox, formFailure, keyInput, pager, staffOnly } from './context.ts';
import { type FormBody, type Issue, list, parseNewProduct, text } from './product-form.ts';
import { categoryBoxes, flattenCategories, input, newVariantRows, textarea } from './product-views.ts';
import type { Category, Page, Product, ProductSummary, Staff } from './types.ts';

/**
 * Products: the list (the public catalog search, which is what shoppers see; archived
 * products are not in it), the new-product form, and its POST. Editing is
 * product-edit.ts, images product-images.ts.
 */

const newVariantRowsShown = 3;

type ListQuery = { q?: string; cursor?: string };

function searchForm(query: ListQuery): Html {
  return html`<form class="toolbar" method="get" action="/admin/products" role="search">
<div class="field"><label for="product-q">Search products</label>
<input id="product-q" type="search" name="q" value="${query.q ?? ''}" maxlength="200" placeholder="Title, category or description"></div>
<div class="cluster"><button type="submit">Search</button><a class="btn btn-primary" href="/admin/products/new">New product</a></div>
</form>`;
}

function productTable(items: readonly ProductSummary[]): Html {
  if (items.length === 0) return html`<p class="empty">No products found.</p>`;
  const rows = items.map(
    (
      product,
    ) => html`<tr><td class="thumb-cell">${product.thumbnailUrl ? html`<img src="${product.thumbnailUrl}" alt="" width="48" height="48" loading="lazy">` : ''}</td>
<th scope="row"><a href="/admin/products/${encodeURIComponent(product.id)}">${product.title}</a><br><span class="small muted">${product.slug}</span></th>
<td class="num">${formatMoney(product.price)}</td>
<td>${product.inStock ? html`<span class="badge badge-success">In stock</span>` : html`<span class="badge badge-danger">Sold out</span>`}</td></tr>`,
  );
  return html`<div class="table-wrap"><table><caption class="visually-hidden">Products</caption>
<thead><tr><th scope="col"><span class="visually-hidden">Image</span></th><th scope="col">Product</th><th scope="col" class="num">From</th><th scope="col">Stock</th></tr></thead>
<tbody>${rows}</tbody></table></div>`;
}

/** The shop's currency as its products show it (the API has no settings endpoint). */
export async function shopCurrency(admin: Admin, request: FastifyRequest, reply: FastifyReply): Promise<string> {
  const answer = await admin.call<Page<ProductSummary>>(request, reply, { path: '/api/products', query: { limit: 1 } });
  return answer.status === 200 ? (answer.body.items[0]?.price.currency ?? 'USD') : 'USD';
}

export async function loadCategories(admin: Admin, request: FastifyRequest, reply: FastifyReply) {
  const answer = await admin.call<{ items: Category[] }>(request, reply, { path: '/api/categories' });
  return answer.status === 200 ? flattenCategories(answer.body.items) : [];
}

type NewForm = { values: FormBody; issues: readonly Issue[]; failure?: ApiFailure; currency: string };

async function newProductPage(
  admin: Admin,
  request: FastifyRequest,
  reply: FastifyReply,
  staff: Staff,
  form: NewForm,
  status = 200,
) {
  const categories = await loadCategories(admin, request, reply);
  const { values, issues } = form;
  const main = html`<nav class="breadcrumbs" aria-label="Breadcrumb"><ol><li><a href="/admin/products">Products</a></li><li aria-current="page">New</li></ol></nav>
<h1>New product</h1>
${errorBox(form.failure, 'The product was not created')}
<form class="form form-wide" method="post" action="/admin/products">
${admin.csrfInput(request, reply)}${keyInput()}
${input(values, issues, { name: 'title', label: 'Title', required: true, maxlength: 200 })}
${input(values, issues, { name: 'slug', label: 'Slug (optional)', hint: 'Lowercase words joined by hyphens; made from the title when empty.', maxlength: 120 })}
${textarea(values, issues, { name: 'description', label: 'Description' })}
${input({ currency: text(values, 'currency') || form.currency }, issues, { name: 'currency', label: 'Currency of the prices', maxlength: 3 })}
${categoryBoxes(categories, list(values, 'categoryIds'))}
<fieldset><legend>Variants</legend>
<p class="hint">Fill one row per variant; empty rows are left out. Options are name=value pairs separated by commas.</p>
${newVariantRows(values, issues, 'variant_', newVariantRowsShown)}
</fieldset>
<div class="cluster"><button type="submit" class="btn-primary">Create product</button><a href="/admin/products">Cancel</a></div>
</form>`;
  return admin.render(request, reply, { title: 'New product', main, staff, status });
}

export function productRoutes(admin: Admin): void {
  const { web, shared } = admin;

  web.get(
    '/admin/products',
    { config: { auth: 'public' } },
    staffOnly(admin, async (request, reply, staff) => {
      const query = request.query as ListQuery;
      const q = (query.q ?? '').trim().slice(0, 200);
      const answer = await admin.call<Page<ProductSummary>>(request, reply, {
        path: '/api/products',
        query: { q, sort: q === '' ? 'newest' : 'relevance', limit: 20, cursor: query.cursor },
      });
      const body =
        answer.status === 200
          ? html`${productTable(answer.body.items)}${pager('/admin/products', { q, cursor: query.cursor }, answer.body.nextCursor)}`
          : errorBox(failureOf(answer), 'Products could not be listed');
      const main = html`<h1>Products</h1>${searchForm({ q })}${body}`;
      return admin.render(request, reply, { title: 'Products', main, staff });
    }),
  );

  web.get(
    '/admin/products/new',
    { config: { auth: 'public' } },
    staffOnly(admin, async (request, reply, staff) =>
      newProductPage(admin, request, reply, staff, {
        values: {},
        issues: [],
        currency: await shopCurrency(admin, request, reply),
      }),
    ),
  );

  web.post(
    '/admin/products',
    { config: { auth: 'public', idempotency: 'off' }, preHandler: shared.csrfGuard },
    staffOnly(admin, async (request, reply, staff) => {
      const values = (request.body ?? {}) as FormBody;
      const currency = await shopCurrency(admin, request, reply);
      const parsed = parseNewProduct(values, currency);
      if (parsed.issues.length > 0) {
        const failure = formFailure('Some fields need attention.', parsed.issues);
        return newProductPage(admin, request, reply, staff, { values, issues: parsed.issues, failure, currency }, 400);
      }
      const answer = await admin.call<Product>(request, reply, {
        method: 'POST',
        path: '/api/admin/products',
        body: parsed.value,
        idempotencyKey: text(values, '_key', 255) || undefined,
      });
      if (answer.status === 201 || answer.status === 200) {
        shared.flash.set(request, reply, 'success', `Created “${answer.body.title}”.`);
        return seeOther(reply, `/admin/products/${encodeURIComponent(answer.body.id)}`);
      }
      const failure = failureOf(answer);
      const issues = ((failure.details?.['issues'] as Issue[] | undefined) ?? []).map((issue) =>
        apiIssueToField(issue),
      );
      return newProductPage(admin, request, reply, staff, { values, issues, failure, currency }, answer.status);
    }),
  );
}

/** `body.variants.0.price.amount` → `variant_0_price`, so the API's issue shows at its field. */
export function apiIssueToField(issue: Issue, prefix = 'variant_'): Issue {
  const variant = /^body\.(?:variants|newVariants)\.(\d+)\.(sku|title|options|price|initialStock)/.exec(issue.path);
  if (variant !== null) {
    const field = variant[2] === 'initialStock' ? 'stock' : variant[2];
    return { path: `${prefix}${variant[1]}_${field}`, message: issue.message };
  }
  const top = /^body\.(title|slug|description|categoryIds)/.exec(issue.path);
  return top === null ? issue : { path: top[1] ?? issue.path, message: issue.message };
}
