import type { StatusTable } from '@mercato/platform/http';
import type { NotificationsCode } from '../contract.ts';

/** Every notifications failure code and its HTTP status; the compiler refuses a missing code. */
export const notificationsStatuses: StatusTable<NotificationsCode> = {
  variant_not_found: 404,
  invalid_email: 400,
  subscription_limit_reached: 409,
  rate_limited: 429,
  invalid_cursor: 400,
};
