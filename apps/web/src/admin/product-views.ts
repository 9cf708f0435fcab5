import { type Html, html } from '../shared/index.ts';
import { type FormBody, type Issue, text } from './product-form.ts';
import type { Category } from './types.ts';

/** Form pieces the product pages share: fields that show their issue, category boxes, variant rows. */

export function issueFor(issues: readonly Issue[], name: string): Issue | undefined {
  return issues.find((issue) => issue.path === name || issue.path === `body.${name}`);
}

/** A labelled input with its hint and its issue (`aria-invalid`, `aria-describedby`). */
export function input(
  values: FormBody,
  issues: readonly Issue[],
  spec: {
    name: string;
    label: string;
    hint?: string;
    type?: string;
    required?: boolean;
    maxlength?: number;
    inputmode?: string;
    placeholder?: string;
  },
): Html {
  const issue = issueFor(issues, spec.name);
  const id = `f-${spec.name}`;
  const described = [spec.hint ? `${id}-hint` : '', issue ? `${id}-error` : ''].filter(Boolean).join(' ');
  return html`<div class="field"><label for="${id}">${spec.label}</label>
${spec.hint ? html`<span class="hint" id="${id}-hint">${spec.hint}</span>` : ''}
${issue ? html`<span class="field-error" id="${id}-error">${issue.message}</span>` : ''}
<input id="${id}" name="${spec.name}" type="${spec.type ?? 'text'}" value="${text(values, spec.name)}"${spec.required ? html` required` : ''}${
    spec.maxlength ? html` maxlength="${spec.maxlength}"` : ''
  }${spec.inputmode ? html` inputmode="${spec.inputmode}"` : ''}${spec.placeholder ? html` placeholder="${spec.placeholder}"` : ''}${
    issue ? html` aria-invalid="true"` : ''
  }${described ? html` aria-describedby="${described}"` : ''}></div>`;
}

export function textarea(
  values: FormBody,
  issues: readonly Issue[],
  spec: { name: string; label: string; rows?: number },
): Html {
  const issue = issueFor(issues, spec.name);
  const id = `f-${spec.name}`;
  return html`<div class="field"><label for="${id}">${spec.label}</label>
${issue ? html`<span class="field-error" id="${id}-error">${issue.message}</span>` : ''}
<textarea id="${id}" name="${spec.name}" rows="${spec.rows ?? 6}" maxlength="20000"${issue ? html` aria-invalid="true" aria-describedby="${id}-error"` : ''}>${text(values, spec.name)}</textarea></div>`;
}

type FlatCategory = { id: string; name: string; depth: number };

export function flattenCategories(tree: readonly Category[], depth = 0, out: FlatCategory[] = []): FlatCategory[] {
  for (const category of tree) {
    if (out.length >= 5000) break;
    out.push({ id: category.id, name: category.name, depth });
    flattenCategories(category.children ?? [], depth + 1, out);
  }
  return out;
}

export function categoryBoxes(categories: readonly FlatCategory[], chosen: readonly string[]): Html {
  if (categories.length === 0) return html`<p class="muted small">No categories yet.</p>`;
  const boxes = categories.map(
    (category) => html`<label class="check" style="padding-left:${category.depth * 1.25}rem">
<input type="checkbox" name="categoryIds" value="${category.id}"${chosen.includes(category.id) ? html` checked` : ''}> ${category.name}</label>`,
  );
  return html`<fieldset class="category-boxes"><legend>Categories</legend><div class="category-scroll">${boxes}</div></fieldset>`;
}

/** One editable cell of a variant row: labelled for screen readers by column and row. */
function cell(values: FormBody, issues: readonly Issue[], name: string, label: string, extra: Html = html``): Html {
  const issue = issueFor(issues, name);
  return html`<td><label class="visually-hidden" for="f-${name}">${label}</label>
<input id="f-${name}" name="${name}" value="${text(values, name)}"${issue ? html` aria-invalid="true" aria-describedby="f-${name}-error"` : ''}${extra}>
${issue ? html`<span class="field-error" id="f-${name}-error">${issue.message}</span>` : ''}</td>`;
}

/** Blank rows for new variants (`<prefix><i>_sku|title|options|price|stock`), refilled from `values`. */
export function newVariantRows(values: FormBody, issues: readonly Issue[], prefix: string, rows: number): Html {
  const body = Array.from({ length: rows }, (_, index) => {
    const name = (field: string) => `${prefix}${index}_${field}`;
    const row = `new variant ${index + 1}`;
    return html`<tr>
${cell(values, issues, name('sku'), `SKU, ${row}`, html` maxlength="64" autocomplete="off"`)}
${cell(values, issues, name('title'), `Title, ${row}`, html` maxlength="200"`)}
${cell(values, issues, name('options'), `Options, ${row}`, html` placeholder="size=M, color=Red"`)}
${cell(values, issues, name('price'), `Price, ${row}`, html` inputmode="decimal" placeholder="0.00" class="price-input"`)}
${cell(values, issues, name('stock'), `Opening stock, ${row}`, html` inputmode="numeric" placeholder="0" class="stock-input"`)}
</tr>`;
  });
  return html`<div class="table-wrap"><table class="variant-table"><thead><tr>
<th scope="col">SKU</th><th scope="col">Title</th><th scope="col">Options</th><th scope="col">Price</th><th scope="col">Opening stock</th>
</tr></thead><tbody>${body}</tbody></table></div>`;
}

/** Existing variants (`v_<i>_*`): SKU fixed, title, options and price editable. */
export function existingVariantRows(
  variants: readonly { id: string; sku: string; available: number }[],
  values: FormBody,
  issues: readonly Issue[],
): Html {
  const rows = variants.map((variant, index) => {
    const name = (field: string) => `v_${index}_${field}`;
    const row = `variant ${variant.sku}`;
    return html`<tr><th scope="row"><input type="hidden" name="${name('id')}" value="${variant.id}">${variant.sku}</th>
${cell(values, issues, name('title'), `Title, ${row}`, html` maxlength="200"`)}
${cell(values, issues, name('options'), `Options, ${row}`)}
${cell(values, issues, name('price'), `Price, ${row}`, html` inputmode="decimal" class="price-input"`)}
<td class="num"><a href="/admin/inventory?sku=${encodeURIComponent(variant.sku)}">${variant.available}</a></td></tr>`;
  });
  return html`<div class="table-wrap"><table class="variant-table"><thead><tr>
<th scope="col">SKU</th><th scope="col">Title</th><th scope="col">Options</th><th scope="col">Price</th><th scope="col" class="num">Available</th>
</tr></thead><tbody>${rows}</tbody></table></div>`;
}
