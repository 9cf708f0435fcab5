import { createHash } from 'node:crypto';
import { type Failure, fail } from '@mercato/platform/kernel';
import type { RateLimitDecision } from '@mercato/platform/ratelimit';
import type { RateLimitRule } from '../config.ts';
import type { CustomersDeps } from './deps.ts';

/**
 * Rate-limit keys are bounded whatever the client sends: an account is named by the
 * sha-256 of its normalized email (known or not, so a limit says nothing about
 * whether an account exists), an address by at most 64 characters.
 */
export function accountKey(email: string): string {
  return `customers:failed_logins:${createHash('sha256').update(email).digest('base64url')}`;
}

export function addressKey(purpose: 'login' | 'register' | 'refresh', address: string): string {
  return `customers:${purpose}:${address.slice(0, 64)}`;
}

export function rateLimited(decision: RateLimitDecision): Failure<'rate_limited'> {
  const retryAfterSeconds = Math.max(1, Math.ceil(decision.retryAfterMs / 1000));
  return fail('rate_limited', 'Too many attempts; try again later.', { retryAfterSeconds });
}

/** Counts one event against the rule; a failure when it is over. */
export async function consume(
  deps: CustomersDeps,
  key: string,
  rule: RateLimitRule,
): Promise<Failure<'rate_limited'> | undefined> {
  const decision = await deps.rateLimiter.consume(key, rule.limit, rule.windowMs);
  return decision.allowed ? undefined : rateLimited(decision);
}

/** Whether one more failed check is still allowed for the account, without counting one. */
export async function checkAccountLimit(
  deps: CustomersDeps,
  email: string,
): Promise<Failure<'rate_limited'> | undefined> {
  const rule = deps.config.rateLimits.failedLoginsPerAccount;
  const decision = await deps.rateLimiter.peek(accountKey(email), rule.limit, rule.windowMs);
  return decision.allowed ? undefined : rateLimited(decision);
}

export async function countFailure(deps: CustomersDeps, email: string): Promise<void> {
  const rule = deps.config.rateLimits.failedLoginsPerAccount;
  await deps.rateLimiter.consume(accountKey(email), rule.limit, rule.windowMs);
}
