import { failureOf, formatDateTime, type Html, html } from '../shared/index.ts';
import { type Admin, errorBox, notAvailable, pager, serves, staffOnly } from './context.ts';
import type { Page } from './types.ts';

/** The mailbox of the default mail transport: what the shop sent, newest first (`GET /api/admin/mailbox`). */

type Letter = {
  readonly id: string;
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly sentAt: string;
};
type Query = { to?: string; cursor?: string };
const mailboxPath = '/api/admin/mailbox';

function letters(items: readonly Letter[]): Html {
  if (items.length === 0) return html`<p class="empty">The mailbox is empty.</p>`;
  return html`<ul class="mail-list">${items.map(
    (letter) => html`<li class="card" data-message="${letter.id}"><details><summary><strong>${letter.subject}</strong>
<span class="small muted">to ${letter.to} · ${formatDateTime(letter.sentAt)}</span></summary>
<pre class="mail-text">${letter.text}</pre></details></li>`,
  )}</ul>`;
}

export function mailboxRoutes(admin: Admin): void {
  admin.web.get(
    '/admin/mailbox',
    { config: { auth: 'public' } },
    staffOnly(admin, async (request, reply, staff) => {
      if (!(await serves(admin, 'GET', mailboxPath))) {
        return admin.render(request, reply, {
          title: 'Mailbox',
          main: html`<h1>Mailbox</h1>${notAvailable(`GET ${mailboxPath}`)}`,
          staff,
        });
      }
      const query = request.query as Query;
      const to = (query.to ?? '').trim().slice(0, 254);
      const answer = await admin.call<Page<Letter>>(request, reply, {
        path: mailboxPath,
        query: { to, limit: 25, cursor: query.cursor },
      });
      const body =
        answer.status === 200
          ? html`${letters(answer.body.items)}${pager('/admin/mailbox', { to, cursor: query.cursor }, answer.body.nextCursor)}`
          : errorBox(failureOf(answer), 'The mailbox could not be read');
      const main = html`<h1>Mailbox</h1>
<p class="muted">Messages written by the default mail transport (order confirmations, shipping, refunds, stock alerts). With SMTP configured they go out by mail instead.</p>
<form class="toolbar" method="get" action="/admin/mailbox" role="search"><div class="field"><label for="mail-to">Recipient</label>
<input id="mail-to" type="email" name="to" value="${to}" maxlength="254"></div><div><button type="submit">Show</button></div></form>
${body}`;
      return admin.render(request, reply, { title: 'Mailbox', main, staff });
    }),
  );
}
