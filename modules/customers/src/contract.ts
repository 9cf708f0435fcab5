/**
 * The customers module's contract: accounts (customers and staff), sessions and
 * tokens, two-factor authentication. What other modules, the app (CLI, start-up
 * bootstrap, the HTTP authentication seam) and a future gateway may see.
 */
import type { Principal } from '@mercato/platform/http';
import type { Result } from '@mercato/platform/kernel';
import { type Static, Type } from 'typebox';

export type { Principal };

/**
 * The staff roles, declared by this module (its definition's `roles`): each admin
 * route of any module lists those that may call it, with no hierarchy, and the host
 * refuses to boot when a route names another.
 */
export const staffRoleValues = ['admin', 'catalog', 'support'] as const;
export type StaffRole = (typeof staffRoleValues)[number];

// ── Shapes (API.md "Customers and auth") ───────────────────────────────────────

/** `customer` of API.md; staff carry their `role`. Never a hash, token or secret. */
export const CustomerSchema = Type.Object({
  id: Type.String(),
  email: Type.String(),
  name: Type.String(),
  createdAt: Type.String({ description: 'ISO 8601.' }),
  role: Type.Optional(Type.Enum([...staffRoleValues], { description: 'Staff only.' })),
  mfaEnabled: Type.Boolean({ description: 'Two-factor authentication is active: login needs `otp`.' }),
});
export type Customer = Static<typeof CustomerSchema>;

export const TokenPairSchema = Type.Object({
  accessToken: Type.String({ description: 'A signed JWT for `Authorization: Bearer`, valid 15 minutes.' }),
  refreshToken: Type.String({ description: 'Opaque; spent by its first use at POST /api/auth/refresh.' }),
  expiresIn: Type.Integer({ description: 'Seconds until the access token expires.' }),
});
export type TokenPair = Static<typeof TokenPairSchema>;

export const AuthResultSchema = Type.Object({ customer: CustomerSchema, ...TokenPairSchema.properties });
export type AuthResult = Static<typeof AuthResultSchema>;

export const MfaEnrollmentSchema = Type.Object({
  secret: Type.String({ description: 'Base32 TOTP secret (SHA-1, 6 digits, 30 s).' }),
  otpauthUrl: Type.String({ description: '`otpauth://totp/…` for authenticator apps (issuer Mercato).' }),
});
export type MfaEnrollment = Static<typeof MfaEnrollmentSchema>;

/** An account as staff see it in `GET /api/admin/customers`. */
export const AdminAccountSchema = Type.Object({
  ...CustomerSchema.properties,
  kind: Type.Enum(['customer', 'staff']),
  disabled: Type.Boolean(),
});
export type AdminAccount = Static<typeof AdminAccountSchema>;

/** A public signing key (RFC 7517), as published at `/.well-known/jwks.json`. */
export const JwkSchema = Type.Object({
  kty: Type.String(),
  crv: Type.String(),
  x: Type.String(),
  kid: Type.String(),
  alg: Type.String(),
  use: Type.String(),
});
export const JwksSchema = Type.Object({ keys: Type.Array(JwkSchema) });
export type Jwks = Static<typeof JwksSchema>;

// ── Inputs ───────────────────────────────────────────────────────────────────────

export type RegisterInput = { email: string; password: string; name: string };
export type LoginInput = { email: string; password: string; otp?: string };
export type PasswordChange = { currentPassword: string; newPassword: string };
/** Where a request came from, for per-address rate limits. */
export type RequestOrigin = { address: string };
export type NewStaff = { email: string; password: string; name?: string; role?: StaffRole };
export type AccountSearch = { q?: string; kind?: 'customer' | 'staff'; limit?: number; cursor?: string };
/** An admin's change to an account; absent fields stay as they are. */
export type AccountPatch = { disabled?: boolean; role?: StaffRole };
/** Who makes a staff write, for the audit log. */
export type Actor = { principal: Principal; requestId?: string };

// ── Failure codes ────────────────────────────────────────────────────────────────

/** `details.retryAfterSeconds` says when to try again (the HTTP layer sends `Retry-After`). */
export type RateLimitedCode = 'rate_limited';
export type RegisterCode = 'email_taken' | 'weak_password' | 'invalid_request' | RateLimitedCode;
export type LoginCode = 'invalid_credentials' | 'otp_required' | 'invalid_otp' | 'account_disabled' | RateLimitedCode;
export type RefreshCode = 'invalid_refresh_token' | RateLimitedCode;
/** The session ended between the token check and the use case (a race with logout). */
export type SessionCode = 'unauthorized';
export type PasswordChangeCode = 'invalid_credentials' | 'weak_password' | SessionCode | RateLimitedCode;
export type MfaCode =
  | 'mfa_already_enabled'
  | 'mfa_not_enrolled'
  | 'mfa_not_enabled'
  | 'invalid_otp'
  | SessionCode
  | RateLimitedCode;
export type StaffCode = 'email_taken' | 'weak_password' | 'invalid_request' | 'not_staff';
export type AdminCode = 'customer_not_found' | 'invalid_cursor' | 'not_staff' | 'last_admin';
export type CustomersCode =
  | RegisterCode
  | LoginCode
  | RefreshCode
  | PasswordChangeCode
  | MfaCode
  | StaffCode
  | AdminCode;

// ── Events ───────────────────────────────────────────────────────────────────────

export const customersEvents = {
  customerRegistered: 'customers.customer_registered',
  sessionRevoked: 'customers.session_revoked',
} as const;

/** `customers.customer_registered`: a customer signed up (staff accounts publish nothing). */
export type CustomerRegisteredData = { customerId: string; email: string; name: string; registeredAt: string };

export type SessionEndReason =
  | 'logout'
  | 'refresh_token_reused'
  | 'password_changed'
  | 'account_disabled'
  | 'role_changed'
  | 'sessions_max';

/** `customers.session_revoked`: sessions ended; every process drops them from its cache. */
export type SessionRevokedData = { accountId: string; sessionIds: string[]; reason: SessionEndReason };

// ── The API ──────────────────────────────────────────────────────────────────────

export interface CustomersApi {
  /** Creates a customer and signs it in; publishes `customers.customer_registered`. */
  register(input: RegisterInput, origin: RequestOrigin): Promise<Result<AuthResult, RegisterCode>>;
  /** Same answer, and one password verification, for an unknown email and a wrong password. */
  login(input: LoginInput, origin: RequestOrigin): Promise<Result<AuthResult, LoginCode>>;
  /** Spends the refresh token for a new pair; a spent one presented again ends its session. */
  refresh(refreshToken: string, origin: RequestOrigin): Promise<Result<TokenPair, RefreshCode>>;
  /** Ends the principal's session: its access and refresh tokens stop working at once. */
  logout(principal: Principal): Promise<void>;
  me(principal: Principal): Promise<Result<Customer, SessionCode>>;
  /** Changes the password and ends every other session of the account (the caller's stays). */
  changePassword(principal: Principal, change: PasswordChange): Promise<Result<void, PasswordChangeCode>>;
  enrollMfa(principal: Principal): Promise<Result<MfaEnrollment, MfaCode>>;
  activateMfa(principal: Principal, otp: string): Promise<Result<void, MfaCode>>;
  removeMfa(principal: Principal, otp: string): Promise<Result<void, MfaCode>>;

  /**
   * The HTTP authentication seam: the principal of a valid access token (signature,
   * algorithm, issuer, audience, expiry, key id, and a session still active), else null.
   */
  verifyAccessToken(token: string): Promise<Principal | null>;
  /** The public keys that verify access tokens now. */
  jwks(): Promise<Jwks>;
  /** New tokens use a new key; the previous keys verify until their last token expired. */
  rotateSigningKey(options?: { retirePreviousNow?: boolean }): Promise<{ kid: string }>;

  /** A customer or staff account by id (other modules: checkout, reviews). */
  getCustomer(id: string): Promise<Result<Customer, 'customer_not_found'>>;
  createStaff(input: NewStaff): Promise<Result<Customer, StaffCode>>;
  /** Creates the staff account unless one with this email exists (start-up bootstrap). */
  ensureStaff(input: NewStaff): Promise<Result<{ staff: Customer; created: boolean }, StaffCode>>;
  searchAccounts(
    query: AccountSearch,
  ): Promise<Result<{ items: AdminAccount[]; nextCursor: string | null }, 'invalid_cursor'>>;
  /** Disables or enables an account, or changes a staff role; audited; ends the account's sessions. */
  updateAccount(actor: Actor, id: string, patch: AccountPatch): Promise<Result<AdminAccount, AdminCode>>;

  /** Deletes expired refresh tokens, sessions and retired keys, in bounded batches. */
  purgeExpired(): Promise<number>;
}
