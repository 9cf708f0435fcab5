import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  Body,
  bearerAuthentication,
  HttpError,
  Page,
  PageQuery,
  type Principal,
  replyResult,
} from '@mercato/platform/http';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import {
  AdminAccountSchema,
  AuthResultSchema,
  type CustomersApi,
  CustomerSchema,
  JwksSchema,
  MfaEnrollmentSchema,
  staffRoleValues,
  TokenPairSchema,
} from './contract.ts';
import {
  adminStatuses,
  loginStatuses,
  mfaStatuses,
  passwordStatuses,
  refreshStatuses,
  registerStatuses,
} from './http/statuses.ts';
import { searchTextLengthMax } from './service/admin.ts';

// ── Schemas ─────────────────────────────────────────────────────────────────────
// Lengths here are DoS bounds; the service applies the real rules (8–128 character
// passwords answer `weak_password`, not a schema error).

const Email = Type.String({ minLength: 1, maxLength: 320 });
const Password = Type.String({ maxLength: 1024 });
const Otp = Type.String({ maxLength: 16, description: 'The 6-digit code of the authenticator app.' });

const RegisterBody = Body({ email: Email, password: Password, name: Type.String({ maxLength: 400 }) });
const LoginBody = Body({ email: Email, password: Password, otp: Type.Optional(Otp) });
const RefreshBody = Body({ refreshToken: Type.String({ maxLength: 256 }) });
const PasswordBody = Body({ currentPassword: Password, newPassword: Password });
const OtpBody = Body({ otp: Otp });
const NoContent = Type.Null({ description: 'No content.' });

const SearchQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: searchTextLengthMax, description: 'Part of an email or name.' })),
  kind: Type.Optional(Type.Enum(['customer', 'staff'])),
  ...PageQuery,
});
const AccountParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100, examples: ['cus_example'] }) });
const AccountPatchBody = Type.Object(
  { disabled: Type.Optional(Type.Boolean()), role: Type.Optional(Type.Enum([...staffRoleValues])) },
  { additionalProperties: false, minProperties: 1 },
);

// Token and secret answers must not be kept by any cache (RFC 6749 §5.1).
const noStore = 'no-store';

/**
 * The caller, set by the platform's authentication hook. Routes declared 'customer'
 * or `{ roles }` are only reached with one; the check stays as a backstop.
 */
function principalOf(request: FastifyRequest): Principal {
  const principal = request.principal;
  if (principal === null) throw new HttpError(401, 'unauthorized', 'This endpoint needs a valid bearer access token.');
  return principal;
}

const origin = (request: FastifyRequest) => ({ address: request.ip });

/** Registration, login and token refresh: public, and never stored by idempotency keys (their answers hold tokens). */
function publicRoutes(app: FastifyInstance, api: CustomersApi): void {
  const typed = app.withTypeProvider<TypeBoxTypeProvider>();
  const config = { auth: 'public', idempotency: 'off' } as const;

  typed.post(
    '/api/auth/register',
    { config, schema: { tags: ['auth'], body: RegisterBody, response: { 201: AuthResultSchema } } },
    async (request, reply) => {
      const result = await api.register(request.body, origin(request));
      return replyResult(reply, result, registerStatuses, (value) =>
        reply.code(201).header('cache-control', noStore).send(value),
      );
    },
  );

  typed.post(
    '/api/auth/login',
    { config, schema: { tags: ['auth'], body: LoginBody, response: { 200: AuthResultSchema } } },
    async (request, reply) => {
      const result = await api.login(request.body, origin(request));
      return replyResult(reply, result, loginStatuses, (value) => reply.header('cache-control', noStore).send(value));
    },
  );

  typed.post(
    '/api/auth/refresh',
    { config, schema: { tags: ['auth'], body: RefreshBody, response: { 200: TokenPairSchema } } },
    async (request, reply) => {
      const result = await api.refresh(request.body.refreshToken, origin(request));
      return replyResult(reply, result, refreshStatuses, (value) => reply.header('cache-control', noStore).send(value));
    },
  );

  typed.get(
    '/.well-known/jwks.json',
    { config: { auth: 'public' }, schema: { tags: ['auth'], response: { 200: JwksSchema } } },
    async (_request, reply) => reply.header('cache-control', 'public, max-age=60').send(await api.jwks()),
  );
}

/** The signed-in caller's own account, session and second factor. */
function accountRoutes(app: FastifyInstance, api: CustomersApi): void {
  const typed = app.withTypeProvider<TypeBoxTypeProvider>();
  const config = { auth: 'customer' } as const;

  typed.post(
    '/api/auth/logout',
    { config, schema: { tags: ['auth'], response: { 204: NoContent } } },
    async (request, reply) => {
      await api.logout(principalOf(request));
      return reply.code(204).send(null);
    },
  );

  typed.get(
    '/api/me',
    { config, schema: { tags: ['auth'], response: { 200: Type.Object({ customer: CustomerSchema }) } } },
    async (request, reply) => {
      const result = await api.me(principalOf(request));
      return replyResult(reply, result, { unauthorized: 401 }, (value) =>
        reply.header('cache-control', noStore).send({ customer: value }),
      );
    },
  );

  typed.post(
    '/api/auth/password',
    { config, schema: { tags: ['auth'], body: PasswordBody, response: { 204: NoContent } } },
    async (request, reply) => {
      const result = await api.changePassword(principalOf(request), request.body);
      return replyResult(reply, result, passwordStatuses, () => reply.code(204).send(null));
    },
  );

  typed.post(
    '/api/auth/mfa/enroll',
    // Enrolling again just replaces the waiting secret, and the answer holds a secret: no idempotency store.
    { config: { ...config, idempotency: 'off' }, schema: { tags: ['auth'], response: { 200: MfaEnrollmentSchema } } },
    async (request, reply) => {
      const result = await api.enrollMfa(principalOf(request));
      return replyResult(reply, result, mfaStatuses, (value) => reply.header('cache-control', noStore).send(value));
    },
  );

  typed.post(
    '/api/auth/mfa/activate',
    { config, schema: { tags: ['auth'], body: OtpBody, response: { 204: NoContent } } },
    async (request, reply) => {
      const result = await api.activateMfa(principalOf(request), request.body.otp);
      return replyResult(reply, result, mfaStatuses, () => reply.code(204).send(null));
    },
  );

  typed.delete(
    '/api/auth/mfa',
    { config, schema: { tags: ['auth'], body: OtpBody, response: { 204: NoContent } } },
    async (request, reply) => {
      const result = await api.removeMfa(principalOf(request), request.body.otp);
      return replyResult(reply, result, mfaStatuses, () => reply.code(204).send(null));
    },
  );
}

/** Staff: account search (admin, support) and account changes (admin only, audited). */
function adminRoutes(app: FastifyInstance, api: CustomersApi): void {
  const typed = app.withTypeProvider<TypeBoxTypeProvider>();

  typed.get(
    '/api/admin/customers',
    {
      config: { auth: { roles: ['admin', 'support'] } },
      schema: { tags: ['admin'], querystring: SearchQuery, response: { 200: Page(AdminAccountSchema) } },
    },
    async (request, reply) => {
      const result = await api.searchAccounts(request.query);
      return replyResult(reply, result, adminStatuses);
    },
  );

  typed.patch(
    '/api/admin/customers/:id',
    {
      config: { auth: { roles: ['admin'] } },
      schema: { tags: ['admin'], params: AccountParams, body: AccountPatchBody, response: { 200: AdminAccountSchema } },
    },
    async (request, reply) => {
      const actor = { principal: principalOf(request), requestId: request.id };
      const result = await api.updateAccount(actor, request.params.id, request.body);
      return replyResult(reply, result, adminStatuses);
    },
  );
}

/**
 * The `authenticate` of the HTTP server, from this module's token verifier: no
 * header → anonymous; a bad, expired or revoked token → 401 `invalid_token`.
 */
export function customersAuthentication(api: Pick<CustomersApi, 'verifyAccessToken'>) {
  return bearerAuthentication((token) => api.verifyAccessToken(token));
}

/** Every route of the module; each declares who may call it (`config.auth`). */
export function customersRoutes(api: CustomersApi) {
  return (fastify: FastifyInstance): void => {
    publicRoutes(fastify, api);
    accountRoutes(fastify, api);
    adminRoutes(fastify, api);
  };
}
