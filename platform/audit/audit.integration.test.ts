import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Db } from '../db/port.ts';
import { testDbTargets } from '../db/testing.ts';
import { encodeCursor, manualClock, sequentialIds } from '../kernel/index.ts';
import { bearerAuthentication, createHttpServer, type HttpApp, type Principal } from '../http/index.ts';
import { createTelemetry, type Telemetry } from '../telemetry/index.ts';
import {
  type AuditEntry,
  type AuditRecord,
  auditTableSql,
  createAuditLog,
  readAuditLog,
  registerAuditRoutes,
} from './index.ts';

const schemas = ['catalog', 'customers'] as const;

/**
 * Seven writes one second apart, alternating between the two module schemas and two
 * staff members, over three entities; the last two share a millisecond, so ties are
 * broken by id across schemas.
 */
async function seed(db: Db): Promise<void> {
  const clock = manualClock(new Date('2026-03-01T10:00:00.000Z'));
  const ids = sequentialIds();
  const logs = schemas.map((schema) => createAuditLog({ schema, ids, clock }));
  for (let i = 0; i < 7; i++) {
    const entry: AuditEntry = {
      actor: i % 2 === 0 ? { id: 'stf_a', role: 'admin' } : { id: 'stf_b' },
      action: 'catalog.update_product',
      entityType: 'product',
      entityId: `prod_${i % 3}`,
      before: i === 0 ? null : { title: `v${i - 1}` },
      after: { title: `v${i}` },
      ...(i === 0 ? { requestId: 'req-1' } : {}),
    };
    await db.transaction((tx) => logs[i % 2]!.record(tx, entry));
    if (i < 5) clock.advance(1000);
  }
}

/** Follows `nextCursor` to the end (bounded), answering every page's ids. */
async function readAllPages(
  db: Db,
  query: { limit: number; actorId?: string; entityId?: string },
): Promise<string[][]> {
  const pages: string[][] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 10; page++) {
    const result = await readAuditLog(db, schemas, { ...query, ...(cursor === undefined ? {} : { cursor }) });
    assert.ok(result, 'a cursor the log made is accepted');
    pages.push(result.items.map((item) => item.id));
    if (result.nextCursor === null) return pages;
    cursor = result.nextCursor;
  }
  throw new Error('more pages than entries');
}

const newestFirst = [
  'aud_000000000007',
  'aud_000000000006',
  'aud_000000000005',
  'aud_000000000004',
  'aud_000000000003',
  'aud_000000000002',
  'aud_000000000001',
];

for (const target of testDbTargets()) {
  describe(`audit log on ${target.name}`, { skip: target.skipReason }, () => {
    let db: Db;
    let telemetry: Telemetry;
    let app: HttpApp;
    const verify = async (token: string): Promise<Principal | null> => {
      if (token === 'admin') return { id: 'stf_a', kind: 'staff', role: 'admin', sessionId: 'ses_1' };
      if (token === 'catalog') return { id: 'stf_c', kind: 'staff', role: 'catalog', sessionId: 'ses_2' };
      return null;
    };
    const get = (url: string, token = 'admin') =>
      app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });

    before(async () => {
      db = await target.openEmpty();
      for (const schema of schemas) await db.exec(`CREATE SCHEMA ${schema}; ${auditTableSql(schema)}`);
      await seed(db);
      telemetry = createTelemetry({ serviceName: 'test', logLevel: 'silent', tracing: 'memory' });
      app = await createHttpServer({
        telemetry,
        db,
        isReady: async () => true,
        authenticate: bearerAuthentication(verify),
      });
      registerAuditRoutes(app, { db, schemas, roles: ['admin'] });
      await app.ready();
    });
    after(async () => {
      await app?.close();
      await telemetry?.shutdown();
      await db?.close();
    });

    test('reads every module schema merged, newest first, with ties broken by id', async () => {
      const page = await readAuditLog(db, schemas, {});
      assert.deepEqual(
        page?.items.map((item) => item.id),
        newestFirst,
      );
      assert.deepEqual(
        page?.items.map((item) => item.module),
        ['catalog', 'customers', 'catalog', 'customers', 'catalog', 'customers', 'catalog'],
      );
      assert.equal(page?.nextCursor, null);
    });

    test('keeps who, what, when, before and after of each write', async () => {
      const page = await readAuditLog(db, schemas, { entityId: 'prod_0', limit: 100 });
      const first = page?.items.at(-1);
      assert.deepEqual(first, {
        id: 'aud_000000000001',
        module: 'catalog',
        occurredAt: '2026-03-01T10:00:00.000Z',
        actor: { id: 'stf_a', role: 'admin' },
        action: 'catalog.update_product',
        entityType: 'product',
        entityId: 'prod_0',
        before: null,
        after: { title: 'v0' },
        requestId: 'req-1',
      } satisfies AuditRecord);
      assert.deepEqual(page?.items.at(0)?.actor, { id: 'stf_a', role: 'admin' });
      assert.deepEqual(page?.items.at(0)?.before, { title: 'v5' });
    });

    test('pages through every entry exactly once, across schemas and same-millisecond ties', async () => {
      for (const limit of [1, 2, 3, 6]) {
        const pages = await readAllPages(db, { limit });
        assert.deepEqual(pages.flat(), newestFirst, `limit ${limit}`);
        assert.ok(pages.every((page) => page.length <= limit));
      }
    });

    test('filters by actor and by entity, and pages within a filter', async () => {
      assert.deepEqual((await readAllPages(db, { limit: 2, actorId: 'stf_b' })).flat(), [
        'aud_000000000006',
        'aud_000000000004',
        'aud_000000000002',
      ]);
      assert.deepEqual((await readAllPages(db, { limit: 1, entityId: 'prod_1' })).flat(), [
        'aud_000000000005',
        'aud_000000000002',
      ]);
      assert.deepEqual((await readAllPages(db, { limit: 5, actorId: 'stf_a', entityId: 'prod_0' })).flat(), [
        'aud_000000000007',
        'aud_000000000001',
      ]);
      assert.deepEqual((await readAllPages(db, { limit: 5, actorId: 'nobody' })).flat(), []);
    });

    test('answers undefined for a cursor it did not make', async () => {
      for (const cursor of [
        'not-a-cursor',
        encodeCursor(['only-one-key']),
        encodeCursor([1, 2]),
        encodeCursor(['yesterday', 'aud_1']),
        encodeCursor(['2026-13-45T99:00:00.000Z', 'aud_1']),
      ]) {
        assert.equal(await readAuditLog(db, schemas, { cursor }), undefined, cursor);
      }
    });

    test('GET /api/admin/audit-log serves the merged log to admins, with paging and filters', async () => {
      const first = await get('/api/admin/audit-log?limit=4');
      assert.equal(first.statusCode, 200);
      const body = first.json();
      assert.deepEqual(
        body.items.map((item: AuditRecord) => item.id),
        newestFirst.slice(0, 4),
      );
      assert.deepEqual(body.items[0].after, { title: 'v6' });
      const second = (await get(`/api/admin/audit-log?limit=4&cursor=${body.nextCursor}`)).json();
      assert.deepEqual(
        second.items.map((item: AuditRecord) => item.id),
        newestFirst.slice(4),
      );
      assert.equal(second.nextCursor, null);
      const filtered = (await get('/api/admin/audit-log?actorId=stf_b&entityId=prod_0')).json();
      assert.deepEqual(
        filtered.items.map((item: AuditRecord) => item.id),
        ['aud_000000000004'],
      );
    });

    test('GET /api/admin/audit-log answers 400 invalid_cursor for a bad cursor and 400 for a limit over 100', async () => {
      const badCursor = await get('/api/admin/audit-log?cursor=garbage');
      assert.equal(badCursor.statusCode, 400);
      assert.equal(badCursor.json().error.code, 'invalid_cursor');
      const tooMany = await get('/api/admin/audit-log?limit=101');
      assert.equal(tooMany.statusCode, 400);
      assert.equal(tooMany.json().error.code, 'invalid_request');
    });

    test('GET /api/admin/audit-log is for admins only: 401 without a token, 403 for other staff', async () => {
      assert.equal((await app.inject({ method: 'GET', url: '/api/admin/audit-log' })).statusCode, 401);
      assert.equal((await get('/api/admin/audit-log', 'catalog')).statusCode, 403);
      const document = (await app.inject({ method: 'GET', url: '/openapi.json' })).json();
      const operation = document.paths['/api/admin/audit-log'].get;
      assert.deepEqual(operation.security, [{ bearerAuth: [] }]);
      assert.match(operation.description, /Roles: admin\./);
    });
  });
}
