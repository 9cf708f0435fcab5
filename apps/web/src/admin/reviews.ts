import { failureOf, formatDate, type Html, html, seeOther } from '../shared/index.ts';
import { type Admin, errorBox, notAvailable, pager, serves, staffOnly } from './context.ts';
import type { Page } from './types.ts';

/** Reviews moderation: list by status, hide and restore (`/api/admin/reviews…`). */

type AdminReview = {
  readonly id: string;
  readonly productId: string;
  readonly authorName: string;
  readonly rating: number;
  readonly title: string;
  readonly body: string;
  readonly verifiedPurchase: boolean;
  readonly createdAt: string;
  readonly status: 'visible' | 'hidden';
};

type Query = { status?: string; cursor?: string };
const listPath = '/api/admin/reviews';

function reviewList(csrf: Html, items: readonly AdminReview[], back: string): Html {
  if (items.length === 0) return html`<p class="empty">No reviews.</p>`;
  const cards = items.map((review) => {
    const action = review.status === 'visible' ? 'hide' : 'restore';
    return html`<li class="card review-card" data-review="${review.id}">
<p><strong>${'★'.repeat(review.rating)}${'☆'.repeat(Math.max(0, 5 - review.rating))}</strong><span class="visually-hidden">${review.rating} of 5 stars</span>
<strong>${review.title}</strong> ${review.status === 'hidden' ? html`<span class="badge badge-danger">hidden</span>` : html`<span class="badge badge-success">visible</span>`}
${review.verifiedPurchase ? html`<span class="badge">verified purchase</span>` : ''}</p>
<p>${review.body}</p>
<p class="small muted">${review.authorName} · ${formatDate(review.createdAt)} · product <code>${review.productId}</code></p>
<form method="post" action="/admin/reviews/${encodeURIComponent(review.id)}/${action}">${csrf}<input type="hidden" name="back" value="${back}">
<button type="submit" class="btn-small${action === 'hide' ? ' btn-danger' : ''}">${action === 'hide' ? 'Hide' : 'Restore'}</button></form></li>`;
  });
  return html`<ul class="review-list">${cards}</ul>`;
}

export function reviewRoutes(admin: Admin): void {
  const { web, shared } = admin;

  web.get(
    '/admin/reviews',
    { config: { auth: 'public' } },
    staffOnly(admin, async (request, reply, staff) => {
      if (!(await serves(admin, 'GET', listPath))) {
        return admin.render(request, reply, {
          title: 'Reviews',
          main: html`<h1>Reviews</h1>${notAvailable(`GET ${listPath}`)}`,
          staff,
        });
      }
      const query = request.query as Query;
      const status = query.status === 'visible' || query.status === 'hidden' ? query.status : '';
      const answer = await admin.call<Page<AdminReview>>(request, reply, {
        path: listPath,
        query: { status, limit: 25, cursor: query.cursor },
      });
      const back = request.url.slice(0, 500);
      const body =
        answer.status === 200
          ? html`${reviewList(admin.csrfInput(request, reply), answer.body.items, back)}${pager('/admin/reviews', { status, cursor: query.cursor }, answer.body.nextCursor)}`
          : errorBox(failureOf(answer), 'Reviews could not be listed');
      const option = (value: string, label: string) =>
        html`<option value="${value}"${value === status ? html` selected` : ''}>${label}</option>`;
      const main = html`<h1>Reviews</h1>
<form class="toolbar" method="get" action="/admin/reviews"><div class="field"><label for="review-status">Show</label>
<select id="review-status" name="status">${option('', 'All reviews')}${option('visible', 'Visible')}${option('hidden', 'Hidden')}</select></div>
<div><button type="submit">Filter</button></div></form>${body}`;
      return admin.render(request, reply, { title: 'Reviews', main, staff });
    }),
  );

  for (const action of ['hide', 'restore'] as const) {
    web.post<{ Params: { id: string } }>(
      `/admin/reviews/:id/${action}`,
      { config: { auth: 'public', idempotency: 'off' }, preHandler: shared.csrfGuard },
      staffOnly(admin, async (request, reply) => {
        const answer = await admin.call(request, reply, {
          method: 'POST',
          path: `${listPath}/${encodeURIComponent(request.params.id)}/${action}`,
        });
        if (answer.status === 200)
          shared.flash.set(request, reply, 'success', action === 'hide' ? 'Review hidden.' : 'Review restored.');
        else {
          const failure = failureOf(answer);
          shared.flash.set(
            request,
            reply,
            'error',
            `Not ${action === 'hide' ? 'hidden' : 'restored'}: ${failure.message} (${failure.code})`,
          );
        }
        const back = (request.body as Record<string, unknown> | undefined)?.['back'];
        return seeOther(reply, typeof back === 'string' && back.startsWith('/admin/reviews') ? back : '/admin/reviews');
      }),
    );
  }
}
