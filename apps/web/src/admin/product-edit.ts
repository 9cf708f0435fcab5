import type { FastifyReply, FastifyRequest } from 'fastify';
import { type ApiFailure, failureOf, html, seeOther } from '../shared/index.ts';
import { type Admin, errorBox, formFailure, keyInput, staffOnly } from './context.ts';
import {
  type FormBody,
  formatAmount,
  formatOptions,
  type Issue,
  list,
  parseProductPatch,
  text,
} from './product-form.ts';
import { imageSection } from './product-images.ts';
import { categoryBoxes, existingVariantRows, input, newVariantRows, textarea } from './product-views.ts';
import { apiIssueToField, loadCategories } from './products.ts';
import type { Product, Staff } from './types.ts';

/**
 * Editing a product: details, categories, variant titles, options and prices, new
 * variants, images, and archiving. The product is read from the public API
 * (`GET /api/products/{id}`); an archived product is not found there, so it cannot be
 * edited (as the admin API also says: `PATCH` answers 404 for it).
 */

const newRowsShown = 2;
type IdParams = { Params: { id: string } };

/** The form's values as the product is now. */
export function productValues(product: Product): FormBody {
  const values: Record<string, unknown> = {
    title: product.title,
    slug: product.slug,
    description: product.description,
    categoryIds: product.categories.map((category) => category.id),
  };
  product.variants.forEach((variant, index) => {
    values[`v_${index}_id`] = variant.id;
    values[`v_${index}_title`] = variant.title;
    values[`v_${index}_options`] = formatOptions(variant.options);
    values[`v_${index}_price`] = formatAmount(variant.price.amount);
  });
  return values;
}

type EditForm = { values: FormBody; issues: readonly Issue[]; failure?: ApiFailure };

async function editPage(
  admin: Admin,
  request: FastifyRequest,
  reply: FastifyReply,
  staff: Staff,
  product: Product,
  form: EditForm,
  status = 200,
) {
  const categories = await loadCategories(admin, request, reply);
  const { values, issues } = form;
  const id = encodeURIComponent(product.id);
  const main = html`<nav class="breadcrumbs" aria-label="Breadcrumb"><ol><li><a href="/admin/products">Products</a></li><li aria-current="page">${product.title}</li></ol></nav>
<h1>${product.title}</h1>
<p class="small muted">Id <code>${product.id}</code> · <a href="/products/${encodeURIComponent(product.slug)}">View in the shop</a></p>
${errorBox(form.failure, 'The changes were not saved')}
<form class="form form-wide" method="post" action="/admin/products/${id}" aria-label="Product details and variants">
${admin.csrfInput(request, reply)}
<h2>Details</h2>
${input(values, issues, { name: 'title', label: 'Title', required: true, maxlength: 200 })}
${input(values, issues, { name: 'slug', label: 'Slug', maxlength: 120 })}
${textarea(values, issues, { name: 'description', label: 'Description' })}
${categoryBoxes(categories, list(values, 'categoryIds'))}
<h2>Variants</h2>
${existingVariantRows(product.variants, values, issues)}
<h3>Add variants</h3>
<p class="hint">Empty rows are left out. Save to get more rows.</p>
${newVariantRows(values, issues, 'n_', newRowsShown)}
<div class="cluster"><button type="submit" class="btn-primary">Save changes</button></div>
</form>
${imageSection(admin, request, reply, product)}
<section class="card card-muted danger-zone" aria-labelledby="archive-title"><h2 id="archive-title">Archive</h2>
<p>Archiving hides the product from the shop. Orders keep referring to it; its slug and SKUs stay reserved.</p>
<form method="post" action="/admin/products/${id}/archive">${admin.csrfInput(request, reply)}${keyInput()}
<button type="submit" class="btn-danger">Archive this product</button></form></section>`;
  return admin.render(request, reply, { title: product.title, main, staff, status });
}

/** The product by id, or the "not found" page (archived products included). */
export async function loadProduct(
  admin: Admin,
  request: FastifyRequest,
  reply: FastifyReply,
  staff: Staff,
  id: string,
): Promise<Product | undefined> {
  const answer = await admin.call<Product>(request, reply, { path: `/api/products/${encodeURIComponent(id)}` });
  if (answer.status === 200) return answer.body;
  const main = html`<h1>Product not available</h1>${errorBox(failureOf(answer), 'The product could not be loaded')}
<p>Archived products are not shown. <a href="/admin/products">Back to products</a></p>`;
  admin.render(request, reply, {
    title: 'Product not available',
    main,
    staff,
    status: answer.status === 404 ? 404 : 502,
  });
  return undefined;
}

export function productEditRoutes(admin: Admin): void {
  const { web, shared } = admin;

  web.get<IdParams>(
    '/admin/products/:id',
    { config: { auth: 'public' } },
    staffOnly(admin, async (request, reply, staff) => {
      const product = await loadProduct(admin, request, reply, staff, request.params.id);
      if (product === undefined) return reply;
      return editPage(admin, request, reply, staff, product, { values: productValues(product), issues: [] });
    }),
  );

  web.post<IdParams>(
    '/admin/products/:id',
    { config: { auth: 'public', idempotency: 'off' }, preHandler: shared.csrfGuard },
    staffOnly(admin, async (request, reply, staff) => {
      const product = await loadProduct(admin, request, reply, staff, request.params.id);
      if (product === undefined) return reply;
      const values = (request.body ?? {}) as FormBody;
      const parsed = parseProductPatch(values, product);
      if (parsed.issues.length > 0) {
        const failure = formFailure('Some fields need attention.', parsed.issues);
        return editPage(admin, request, reply, staff, product, { values, issues: parsed.issues, failure }, 400);
      }
      const path = `/admin/products/${encodeURIComponent(product.id)}`;
      if (Object.keys(parsed.value).length === 0) {
        shared.flash.set(request, reply, 'info', 'Nothing changed.');
        return seeOther(reply, path);
      }
      const answer = await admin.call<Product>(request, reply, {
        method: 'PATCH',
        path: `/api${path}`,
        body: parsed.value,
      });
      if (answer.status === 200) {
        shared.flash.set(request, reply, 'success', 'Saved.');
        return seeOther(reply, path);
      }
      const failure = failureOf(answer);
      // The patch sends changed rows only, so its variant indexes are not the form's: those issues are in the error box alone.
      const issues = ((failure.details?.['issues'] as Issue[] | undefined) ?? []).map((issue) =>
        apiIssueToField(issue, issue.path.startsWith('body.newVariants.') ? 'n_' : 'v_changed_'),
      );
      return editPage(admin, request, reply, staff, product, { values, issues, failure }, answer.status);
    }),
  );

  web.post<IdParams>(
    '/admin/products/:id/archive',
    { config: { auth: 'public', idempotency: 'off' }, preHandler: shared.csrfGuard },
    staffOnly(admin, async (request, reply) => {
      const id = request.params.id;
      const answer = await admin.call<Product>(request, reply, {
        method: 'DELETE',
        path: `/api/admin/products/${encodeURIComponent(id)}`,
        idempotencyKey: text((request.body ?? {}) as FormBody, '_key', 255) || undefined,
      });
      if (answer.status === 200) {
        shared.flash.set(request, reply, 'success', `Archived “${answer.body.title}”. It is no longer in the shop.`);
        return seeOther(reply, '/admin/products');
      }
      const failure = failureOf(answer);
      shared.flash.set(request, reply, 'error', `Not archived: ${failure.message} (${failure.code})`);
      return seeOther(reply, `/admin/products/${encodeURIComponent(id)}`);
    }),
  );
}
