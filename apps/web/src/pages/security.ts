import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Storefront } from '../context.ts';
import { field } from '../shared/guards.ts';
import { type Html, html } from '../shared/html.ts';
import { seeOther } from '../shared/respond.ts';
import type { Customer } from '../types.ts';
import { shopperMessage } from '../views/messages.ts';

/**
 * `/account/security`: turn two-factor sign-in (TOTP) on and off. Enrolling shows the
 * secret once, to type or paste into an authenticator app; it is active only after a
 * code from the app is confirmed.
 */

function codeField(id: string): Html {
  return html`<div class="field"><label for="${id}">6-digit code from your app</label><input id="${id}" name="otp" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]{6}" maxlength="6" required></div>`;
}

async function securityPage(
  store: Storefront,
  request: FastifyRequest,
  reply: FastifyReply,
  enrolled?: { secret: string; otpauthUrl: string },
) {
  const me = await store.call<{ customer: Customer }>(request, reply, { path: '/api/me' });
  if (me.status !== 200) return seeOther(reply, '/account/login?next=/account/security');
  const csrf = store.csrfInput(request, reply);
  const enabled = me.body.customer.mfaEnabled === true;
  const body = enabled
    ? html`<p>Two-factor sign-in is <strong>on</strong>. You need a code from your authenticator app to sign in.</p>
<form method="post" action="/account/security/disable" class="form">${csrf}${codeField('otp-off')}<button type="submit" class="btn btn-danger">Turn off two-factor sign-in</button></form>`
    : enrolled !== undefined
      ? html`<p>Add this key to your authenticator app (Google Authenticator, 1Password, …), then enter the code it shows.</p>
<p class="card card-muted"><span class="muted small">Key</span><br><code data-secret>${enrolled.secret}</code></p>
<p class="small"><a href="${enrolled.otpauthUrl}">Open in an authenticator app on this device</a></p>
<form method="post" action="/account/security/activate" class="form">${csrf}${codeField('otp-on')}<button type="submit" class="btn-primary">Turn on two-factor sign-in</button></form>`
      : html`<p>Two-factor sign-in is <strong>off</strong>. Turn it on so a stolen password alone cannot open your account.</p>
<form method="post" action="/account/security/enroll">${csrf}<button type="submit" class="btn-primary">Set up two-factor sign-in</button></form>`;
  const main = html`<h1>Sign-in security</h1>${body}<p><a href="/account">Back to your account</a></p>`;
  return store.render(request, reply, { title: 'Sign-in security', main, noindex: true });
}

export function securityPages(app: FastifyInstance, store: Storefront): void {
  const post = { config: { auth: 'public' as const, idempotency: 'off' as const }, preHandler: store.shared.csrfGuard };
  app.get('/account/security', { config: { auth: 'public' } }, (request, reply) => securityPage(store, request, reply));

  app.post('/account/security/enroll', post, async (request, reply) => {
    const answer = await store.call<{ secret: string; otpauthUrl: string }>(request, reply, {
      method: 'POST',
      path: '/api/auth/mfa/enroll',
    });
    if (answer.status === 200) return securityPage(store, request, reply, answer.body);
    store.shared.flash.set(request, reply, 'error', shopperMessage(answer));
    return seeOther(reply, '/account/security');
  });

  for (const [action, method, path, success] of [
    ['activate', 'POST', '/api/auth/mfa/activate', 'Two-factor sign-in is on.'],
    ['disable', 'DELETE', '/api/auth/mfa', 'Two-factor sign-in is off.'],
  ] as const) {
    app.post(`/account/security/${action}`, post, async (request, reply) => {
      const otp = field(request.body, 'otp', 6) ?? '';
      const answer = await store.call(request, reply, { method, path, body: { otp } });
      const ok = answer.status === 204;
      store.shared.flash.set(request, reply, ok ? 'success' : 'error', ok ? success : shopperMessage(answer));
      return seeOther(reply, '/account/security');
    });
  }
}
