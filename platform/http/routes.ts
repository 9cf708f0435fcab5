import type { FastifyReply, FastifyRequest } from 'fastify';
import { assert, type Result } from '../kernel/index.ts';
import { replyFailure, type StatusTable } from './errors.ts';
import type { Principal } from './types.ts';

/** The staff member behind a request, as modules' services take it for the audit log. */
export type StaffActor = {
  readonly id: string;
  readonly role?: NonNullable<Principal['role']>;
  readonly requestId: string;
};

/**
 * The actor of a staff route: the caller's id and role, and the request id the audit
 * log records. The route's `auth` rule guarantees a principal; its absence is a bug.
 */
export function actorOf(request: FastifyRequest): StaffActor {
  const principal = request.principal;
  assert(principal !== null, 'a staff route ran without a principal');
  return { id: principal.id, ...(principal.role === undefined ? {} : { role: principal.role }), requestId: request.id };
}

/**
 * Answers a use case's Result: a failure with the status its module's table gives its
 * code (`replyFailure`); a success as `onOk` makes it (another status, headers, a
 * different shape), or as the value itself with the route's default status.
 */
export function replyResult<T, Code extends string>(
  reply: FastifyReply,
  result: Result<T, Code>,
  statuses: StatusTable<Code>,
): T | FastifyReply;
export function replyResult<T, Code extends string, Answer>(
  reply: FastifyReply,
  result: Result<T, Code>,
  statuses: StatusTable<Code>,
  onOk: (value: T) => Answer,
): Answer | FastifyReply;
export function replyResult<T, Code extends string, Answer>(
  reply: FastifyReply,
  result: Result<T, Code>,
  statuses: StatusTable<Code>,
  onOk?: (value: T) => Answer,
): T | Answer | FastifyReply {
  if (!result.ok) return replyFailure(reply, result, statuses);
  return onOk === undefined ? result.value : onOk(result.value);
}
