import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { HttpApp } from '../../http/types.ts';
import { defineModule } from '../port.ts';
import { bootTestHost } from '../testing.ts';

describe('staff roles on a host', () => {
  let migrations: URL;
  before(async () => {
    migrations = pathToFileURL(`${await mkdtemp(join(tmpdir(), 'mercato-roles-'))}/`);
  });
  after(() => rm(migrations, { recursive: true, force: true }));

  /** A module that owns staff and declares their roles, as the customers module does. */
  const staffModule = () =>
    defineModule({ name: 'staff', uses: [], roles: ['manager', 'clerk'], migrations, create: () => ({ api: {} }) });
  /** A module with one admin route for `roles`. */
  const reportsModule = (roles: readonly string[]) =>
    defineModule({
      name: 'reports',
      uses: [],
      migrations,
      create: () => ({
        api: {},
        routes: (app: HttpApp) => {
          app.get('/api/admin/reports', { config: { auth: { roles } } }, async () => ({ items: [] }));
        },
      }),
    });

  it('boots when every route names roles a module declares, and lists them', async () => {
    const test = await bootTestHost({ modules: [staffModule(), reportsModule(['clerk'])], start: false });
    try {
      assert.deepEqual(test.host.roles, ['manager', 'clerk']);
      // The rule reaches the OpenAPI document as it did.
      const operation = test.app.swagger().paths?.['/api/admin/reports']?.get;
      assert.match(String(operation?.description), /Roles: clerk\./);
    } finally {
      await test.close();
    }
  });

  it('refuses to boot when a route names a role no module declares, naming the route and the role', async () => {
    await assert.rejects(
      bootTestHost({ modules: [staffModule(), reportsModule(['clerk', 'auditor'])], start: false }),
      /Route GET \/api\/admin\/reports names the role auditor, which no module declares \(declared: manager, clerk\)/,
    );
  });

  it('leaves role names to the hosts that run the module declaring them', async () => {
    // A leaf module under test, or a service whose staff module runs elsewhere.
    const test = await bootTestHost({ modules: [reportsModule(['auditor'])], start: false });
    try {
      assert.deepEqual(test.host.roles, []);
    } finally {
      await test.close();
    }
  });
});
