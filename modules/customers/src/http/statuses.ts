import type { StatusTable } from '@mercato/platform/http';
import type { AdminCode, LoginCode, MfaCode, PasswordChangeCode, RefreshCode, RegisterCode } from '../contract.ts';

/** The failure codes of each use case and their HTTP statuses, complete (the compiler refuses a missing one). */

export const registerStatuses: StatusTable<RegisterCode> = {
  email_taken: 409,
  weak_password: 400,
  invalid_request: 400,
  rate_limited: 429,
};
export const loginStatuses: StatusTable<LoginCode> = {
  invalid_credentials: 401,
  otp_required: 401,
  invalid_otp: 401,
  account_disabled: 403,
  rate_limited: 429,
};
export const refreshStatuses: StatusTable<RefreshCode> = { invalid_refresh_token: 401, rate_limited: 429 };
/** The token is fine; a wrong current password is a wrong field of the body, hence 400. */
export const passwordStatuses: StatusTable<PasswordChangeCode> = {
  invalid_credentials: 400,
  weak_password: 400,
  unauthorized: 401,
  rate_limited: 429,
};
export const mfaStatuses: StatusTable<MfaCode> = {
  mfa_already_enabled: 409,
  mfa_not_enrolled: 409,
  mfa_not_enabled: 409,
  invalid_otp: 400,
  unauthorized: 401,
  rate_limited: 429,
};
export const adminStatuses: StatusTable<AdminCode> = {
  customer_not_found: 404,
  invalid_cursor: 400,
  not_staff: 409,
  last_admin: 409,
};
