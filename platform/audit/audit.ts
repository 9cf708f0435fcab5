import { assertSchemaName } from '../bus/tables.ts';
import type { Db } from '../db/port.ts';
import { assert, type Clock, decodeCursor, encodeCursor, type IdGenerator, limits } from '../kernel/index.ts';
import type { AuditEntry, AuditLog, AuditRecord } from './port.ts';

/** Idempotent DDL for `<schema>.audit_log`, applied by the host in every module schema. */
export function auditTableSql(schema: string): string {
  assertSchemaName(schema);
  return `
CREATE TABLE IF NOT EXISTS ${schema}.audit_log (
  id text PRIMARY KEY,
  occurred_at timestamptz NOT NULL,
  actor_id text NOT NULL,
  actor_role text,
  action text NOT NULL CHECK (length(action) <= 100),
  entity_type text NOT NULL,
  entity_id text NOT NULL,
  before jsonb,
  after jsonb,
  request_id text
);
CREATE INDEX IF NOT EXISTS audit_log_time ON ${schema}.audit_log (occurred_at DESC, id DESC);
CREATE INDEX IF NOT EXISTS audit_log_entity ON ${schema}.audit_log (entity_id, occurred_at DESC);
`;
}

export function createAuditLog(options: { schema: string; ids: IdGenerator; clock: Clock }): AuditLog {
  assertSchemaName(options.schema);
  const sql = `INSERT INTO ${options.schema}.audit_log
    (id, occurred_at, actor_id, actor_role, action, entity_type, entity_id, before, after, request_id)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`;
  return {
    async record(tx, entry: AuditEntry) {
      assert(entry.actor.id.length > 0, 'an audit entry needs an actor');
      await tx.query(sql, [
        options.ids.next('aud'),
        options.clock.now(),
        entry.actor.id,
        entry.actor.role ?? null,
        entry.action,
        entry.entityType,
        entry.entityId,
        entry.before === null || entry.before === undefined ? null : JSON.stringify(entry.before),
        entry.after === null || entry.after === undefined ? null : JSON.stringify(entry.after),
        entry.requestId ?? null,
      ]);
    },
  };
}

export type AuditQuery = {
  readonly limit?: number;
  readonly cursor?: string;
  readonly actorId?: string;
  readonly entityId?: string;
};

/** `Date.prototype.toISOString()` output, the time key of audit cursors. */
const isoTimePattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

type AuditRow = {
  id: string;
  occurred_at: Date;
  actor_id: string;
  actor_role: string | null;
  action: string;
  entity_type: string;
  entity_id: string;
  before: unknown;
  after: unknown;
  request_id: string | null;
};

/**
 * Reads the audit log of every module schema, newest first. Platform code that knows
 * the module list merges the per-module tables; no module reads another's schema.
 * Answers `undefined` for a cursor it did not make.
 */
export async function readAuditLog(
  db: Db,
  schemas: readonly string[],
  query: AuditQuery,
): Promise<{ items: AuditRecord[]; nextCursor: string | null } | undefined> {
  const limit = Math.min(query.limit ?? limits.pageSizeDefault, limits.pageSizeMax);
  let after: [string, string] | undefined;
  if (query.cursor !== undefined) {
    const keys = decodeCursor(query.cursor);
    if (keys?.length !== 2 || typeof keys[0] !== 'string' || typeof keys[1] !== 'string') return undefined;
    // Only the exact form this function writes: PostgreSQL would also take words such
    // as 'yesterday', and fail the query (a 500) on anything it cannot parse.
    if (!isoTimePattern.test(keys[0]) || Number.isNaN(Date.parse(keys[0]))) return undefined;
    after = [keys[0], keys[1]];
  }
  const rows: (AuditRecord & { sortTime: string })[] = [];
  for (const schema of schemas) {
    assertSchemaName(schema);
    const conditions: string[] = [];
    const params: unknown[] = [];
    if (after) {
      params.push(after[0], after[1]);
      conditions.push(`(occurred_at, id) < ($${params.length - 1}::timestamptz, $${params.length})`);
    }
    if (query.actorId) {
      params.push(query.actorId);
      conditions.push(`actor_id = $${params.length}`);
    }
    if (query.entityId) {
      params.push(query.entityId);
      conditions.push(`entity_id = $${params.length}`);
    }
    params.push(limit + 1);
    const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
    const result = await db.query<AuditRow>(
      `SELECT * FROM ${schema}.audit_log ${where} ORDER BY occurred_at DESC, id DESC LIMIT $${params.length}`,
      params,
    );
    for (const row of result.rows) rows.push({ ...toRecord(schema, row), sortTime: row.occurred_at.toISOString() });
  }
  rows.sort((a, b) => (a.sortTime === b.sortTime ? (a.id < b.id ? 1 : -1) : a.sortTime < b.sortTime ? 1 : -1));
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map(({ sortTime: _, ...record }) => record),
    nextCursor: rows.length > limit && last ? encodeCursor([last.sortTime, last.id]) : null,
  };
}

function toRecord(module: string, row: AuditRow): AuditRecord {
  return {
    id: row.id,
    module,
    occurredAt: row.occurred_at.toISOString(),
    actor: row.actor_role ? { id: row.actor_id, role: row.actor_role } : { id: row.actor_id },
    action: row.action,
    entityType: row.entity_type,
    entityId: row.entity_id,
    before: row.before,
    after: row.after,
    ...(row.request_id ? { requestId: row.request_id } : {}),
  };
}
