import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { Db } from '../db/port.ts';
import { HttpError } from '../http/errors.ts';
import { Page, PageQuery } from '../http/schemas.ts';
import { readAuditLog } from './audit.ts';

const idMaxLength = 200;

export const AuditRecordSchema = Type.Object({
  id: Type.String(),
  /** The module whose write this was (the schema the record lives in). */
  module: Type.String(),
  occurredAt: Type.String({ format: 'date-time' }),
  actor: Type.Object({ id: Type.String(), role: Type.Optional(Type.String()) }),
  action: Type.String({ description: '`<module>.<verb>_<noun>`, e.g. `catalog.update_product`.' }),
  entityType: Type.String(),
  entityId: Type.String(),
  before: Type.Unknown({ description: 'The entity before the write; null for a creation.' }),
  after: Type.Unknown({ description: 'The entity after the write; null for a deletion.' }),
  requestId: Type.Optional(Type.String()),
});

const AuditQuery = Type.Object({
  ...PageQuery,
  actorId: Type.Optional(Type.String({ minLength: 1, maxLength: idMaxLength })),
  entityId: Type.Optional(Type.String({ minLength: 1, maxLength: idMaxLength })),
});

export type AuditRoutesOptions = {
  /** The database holding the modules' schemas (the embedded default: one for all). */
  readonly db: Db;
  /** The module schemas whose `audit_log` tables are merged (`host.schemas`). */
  readonly schemas: readonly string[];
  /** The staff roles that may read the log (role names are the modules' to declare). */
  readonly roles: readonly string[];
};

/**
 * `GET /api/admin/audit-log?limit=&cursor=&actorId=&entityId=`, for `roles`: the staff
 * writes of every module, newest first, `{ items, nextCursor }`; a cursor this
 * endpoint did not make is 400 `invalid_cursor`.
 */
export function registerAuditRoutes(fastify: FastifyInstance, options: AuditRoutesOptions): void {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  app.get(
    '/api/admin/audit-log',
    {
      schema: {
        tags: ['admin'],
        summary: 'Read the audit log of staff writes',
        querystring: AuditQuery,
        response: { 200: Page(AuditRecordSchema) },
      },
      config: { auth: { roles: options.roles } },
    },
    async (request) => {
      const page = await readAuditLog(options.db, options.schemas, request.query);
      if (page === undefined) throw new HttpError(400, 'invalid_cursor', 'The cursor is not one this list gave out.');
      return page;
    },
  );
}
