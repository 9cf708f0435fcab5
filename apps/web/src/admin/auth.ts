import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { field, type Html, html, seeOther, type TokenPair } from '../shared/index.ts';
import { type Admin, adminNext, errorBox, failureOf, formFailure, requireStaff } from './context.ts';
import type { Account } from './types.ts';

/**
 * Staff sign-in. `POST /api/auth/login` takes the password and the two-factor code in
 * one call, so when it answers `otp_required` the email and password wait, encrypted
 * (AES-256-GCM, key derived from the web secret), in a five-minute httpOnly cookie while
 * the code is asked for: the password is never printed into the page.
 */

const pendingCookie = 'mercato_staff_pending';
const pendingSeconds = 300;

type Pending = { readonly email: string; readonly password: string; readonly next: string; readonly at: number };
type LoginAnswer = TokenPair & { readonly customer: Account };
/** A password as typed: spaces are part of it. */
function untrimmed(body: unknown, name: string, lengthMax: number): string {
  const value = body !== null && typeof body === 'object' ? (body as Record<string, unknown>)[name] : undefined;
  return typeof value === 'string' ? value.slice(0, lengthMax) : '';
}

type LoginForm = { email?: string; step: 'password' | 'code'; next: string };

function sealer(secret: string) {
  const key = createHash('sha256').update(`mercato-admin-login:${secret}`).digest();
  return {
    seal(value: Pending): string {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
    },
    open(sealed: string | undefined, now: number): Pending | undefined {
      if (sealed === undefined) return undefined;
      try {
        const bytes = Buffer.from(sealed, 'base64url');
        const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, 12));
        decipher.setAuthTag(bytes.subarray(12, 28));
        const text = Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8');
        const pending = JSON.parse(text) as Pending;
        return now - pending.at <= pendingSeconds * 1000 ? pending : undefined;
      } catch {
        return undefined; // tampered, or sealed under another secret
      }
    },
  };
}

function loginPage(
  admin: Admin,
  request: FastifyRequest,
  reply: FastifyReply,
  form: LoginForm,
  error?: Html,
  status = 200,
) {
  const codeStep = form.step === 'code';
  const main = html`<div class="admin-login card">
<h1>Staff sign-in</h1>
${error ?? ''}
<form class="form" method="post" action="/admin/login" novalidate>
${admin.csrfInput(request, reply)}
<input type="hidden" name="next" value="${form.next}">
${
  codeStep
    ? html`<input type="hidden" name="step" value="code">
<p>Two-factor authentication is on for <strong>${form.email ?? ''}</strong>.</p>
<div class="field"><label for="otp">Authentication code</label>
<span class="hint" id="otp-hint">The 6-digit code from your authenticator app.</span>
<input id="otp" name="otp" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]{6}" maxlength="16" required autofocus aria-describedby="otp-hint"></div>
<button type="submit" class="btn-primary">Verify and sign in</button>
<p class="small"><a href="/admin/login?restart=1">Use another account</a></p>`
    : html`<div class="field"><label for="email">Email</label>
<input id="email" name="email" type="email" autocomplete="username" required maxlength="320" value="${form.email ?? ''}"${form.email ? '' : html` autofocus`}></div>
<div class="field"><label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required maxlength="1024"${form.email ? html` autofocus` : ''}></div>
<button type="submit" class="btn-primary">Sign in</button>`
}
</form>
<p class="small muted">The admin is for staff accounts. Shoppers sign in on the <a href="/account/login">storefront</a>.</p>
</div>`;
  return admin.render(request, reply, { title: 'Sign in', main, staff: undefined, status });
}

export function authRoutes(admin: Admin): void {
  const { web, shared, session } = admin;
  const pending = sealer(shared.secret);

  web.get('/admin/login', { config: { auth: 'public' } }, async (request, reply) => {
    const query = request.query as Record<string, string | undefined>;
    const next = adminNext(query['next']);
    if (query['restart'] !== undefined) shared.jar.clear(request, reply, pendingCookie);
    if (query['restart'] === undefined && session.signedIn(request)) {
      const staff = await requireStaff(admin, request, reply);
      if (staff === undefined) return reply;
      return seeOther(reply, next);
    }
    const waiting =
      query['restart'] === undefined ? pending.open(shared.jar.get(request, pendingCookie), Date.now()) : undefined;
    return loginPage(
      admin,
      request,
      reply,
      waiting ? { step: 'code', email: waiting.email, next: waiting.next } : { step: 'password', next },
    );
  });

  web.post(
    '/admin/login',
    { config: { auth: 'public', idempotency: 'off' }, preHandler: shared.csrfGuard },
    async (request, reply) => {
      const body = request.body;
      const waiting =
        field(body, 'step') === 'code' ? pending.open(shared.jar.get(request, pendingCookie), Date.now()) : undefined;
      const email = waiting?.email ?? field(body, 'email', 320);
      const password = waiting?.password ?? untrimmed(body, 'password', 1024);
      const next = adminNext(waiting?.next ?? field(body, 'next', 500));
      const otp = field(body, 'otp', 16);
      if (field(body, 'step') === 'code' && waiting === undefined) {
        return loginPage(
          admin,
          request,
          reply,
          { step: 'password', next },
          errorBox(
            formFailure('The sign-in took too long. Please enter your email and password again.'),
            'Sign-in expired',
          ),
          400,
        );
      }
      if (email === undefined || password === '') {
        return loginPage(
          admin,
          request,
          reply,
          { step: 'password', next, ...(email ? { email } : {}) },
          errorBox(formFailure('Enter your email and password.'), 'Missing details'),
          400,
        );
      }
      const answer = await shared.api.call<LoginAnswer>({
        method: 'POST',
        path: '/api/auth/login',
        body: { email, password, ...(otp === undefined ? {} : { otp }) },
        remoteAddress: request.ip,
        requestId: request.id,
      });
      if (answer.status === 200) return signedIn(admin, request, reply, answer.body, next);
      const failure = failureOf(answer);
      if (failure.code === 'otp_required' || (waiting !== undefined && failure.code === 'invalid_otp')) {
        shared.jar.set(
          request,
          reply,
          pendingCookie,
          pending.seal({ email, password, next, at: waiting?.at ?? Date.now() }),
          pendingSeconds,
        );
        const error = failure.code === 'invalid_otp' ? errorBox(failure, 'Wrong code') : undefined;
        return loginPage(
          admin,
          request,
          reply,
          { step: 'code', email, next },
          error,
          failure.code === 'invalid_otp' ? 401 : 200,
        );
      }
      shared.jar.clear(request, reply, pendingCookie);
      return loginPage(
        admin,
        request,
        reply,
        { step: 'password', email, next },
        errorBox(failure, 'Could not sign in'),
        answer.status,
      );
    },
  );

  web.post(
    '/admin/logout',
    { config: { auth: 'public', idempotency: 'off' }, preHandler: shared.csrfGuard },
    async (request, reply) => {
      if (session.signedIn(request)) await admin.call(request, reply, { method: 'POST', path: '/api/auth/logout' });
      session.signOut(request, reply);
      shared.flash.set(request, reply, 'success', 'You are signed out.');
      return seeOther(reply, '/admin/login');
    },
  );

  async function signedIn(
    admin: Admin,
    request: FastifyRequest,
    reply: FastifyReply,
    answer: LoginAnswer,
    next: string,
  ) {
    shared.jar.clear(request, reply, pendingCookie);
    if (answer.customer.role === undefined) {
      // A shopper's credentials: end the session the login just opened, keep no cookie.
      await shared.api.call({
        method: 'POST',
        path: '/api/auth/logout',
        token: answer.accessToken,
        remoteAddress: request.ip,
      });
      const failure = formFailure(
        'That is a customer account. The admin is for staff accounts only; shoppers sign in on the storefront.',
      );
      return loginPage(
        admin,
        request,
        reply,
        { step: 'password', email: answer.customer.email, next },
        errorBox({ ...failure, code: 'not_staff' }, 'Staff only'),
        403,
      );
    }
    session.signIn(request, reply, answer);
    shared.flash.set(request, reply, 'success', `Signed in as ${answer.customer.name} (${answer.customer.role}).`);
    return seeOther(reply, next);
  }
}
