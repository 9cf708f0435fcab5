import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as delay } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { openDb } from '@mercato/platform/db';
import type { Db } from '@mercato/platform/db';
import pg from 'pg';
import { assertNoOrphans } from '../../modules/checkout/test/support.ts';

/**
 * Crash recovery, for real: the server process is killed with SIGKILL at each step
 * boundary of the place-order saga (after a step's outcome is persisted, and between a
 * participant's answer and its persistence), then restarted. Every saga must end placed
 * exactly once or fully compensated: no reservation without an order, no authorization
 * without an order or a void, no order placed twice.
 *
 * Each crash runs in its own start of the server (tests/checkout/crash-server.ts, the real
 * app with its checkout module adapted from outside: it dies where the saga runner logs
 * the point) on one data directory; a last, clean start resumes every saga the crashes
 * left behind. Then the database is inspected directly.
 */
const server = new URL('./crash-server.ts', import.meta.url).pathname;
const admin = { email: 'crash-admin@example.com', password: 'Crash-Recovery-Admin-1' };

/** Points where the process dies: `<step>` after the step was persisted, `<step>:unpersisted` before. */
const forwardPoints = [
  'cart',
  'reserve:unpersisted',
  'reserve',
  'authorize:unpersisted',
  'authorize',
  'ship:unpersisted',
  'ship',
  'confirm:unpersisted',
  'confirm',
];
/** With an undeliverable address the saga turns around at `ship`: these die while compensating. */
const compensationPoints = ['compensate:ship', 'compensate:authorize', 'compensate:reserve'];

const databaseUrl = process.env['DATABASE_URL'] || undefined;
if (process.env['CI'] === 'true' && !databaseUrl)
  throw new Error('DATABASE_URL must be set in CI: the PostgreSQL run may not skip there');

type Topology = {
  name: string;
  skip?: string;
  setUp(): Promise<Record<string, string>>;
  open(dataDir: string): Promise<Db>;
  tearDown(): Promise<void>;
};

function postgresTopology(): Topology {
  const name = `mercato_crash_${randomBytes(5).toString('hex')}`;
  const url = new URL(databaseUrl ?? 'postgres://localhost/none');
  url.pathname = `/${name}`;
  const adminQuery = async (sql: string) => {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  return {
    name: 'postgres',
    ...(databaseUrl ? {} : { skip: 'DATABASE_URL not set: PostgreSQL tests skipped' }),
    async setUp() {
      await adminQuery(`CREATE DATABASE ${name}`);
      return { DATABASE_URL: url.toString() };
    },
    open: () => openDb({ kind: 'postgres', url: url.toString(), poolSize: 2 }),
    tearDown: () => adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

const topologies: Topology[] = [
  {
    name: 'pglite',
    setUp: async () => ({}),
    open: (dataDir) => openDb({ kind: 'pglite', dataDir: join(dataDir, 'pglite') }),
    tearDown: async () => {},
  },
  postgresTopology(),
];

type Started = {
  child: ChildProcess;
  port: number;
  variantId: string;
  exited: Promise<NodeJS.Signals | number | null>;
};

async function start(dataDir: string, env: Record<string, string>): Promise<Started> {
  const child = spawn(process.execPath, [server, '--data', dataDir], {
    env: {
      PATH: process.env['PATH'] ?? '',
      LOG_LEVEL: 'error',
      MERCATO_ADMIN_EMAIL: admin.email,
      MERCATO_ADMIN_PASSWORD: admin.password,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) =>
    child.once('exit', (code, signal) => resolve(signal ?? code)),
  );
  const lines = createInterface({ input: child.stdout! });
  const ready = new Promise<{ port: number; variantId: string }>((resolve, reject) => {
    lines.once('line', (line) => resolve(JSON.parse(line)));
    void exited.then((how) => reject(new Error(`the server exited before it served (${String(how)})`)));
  });
  const timeout = delay(60_000, undefined, { ref: false }).then(() => {
    throw new Error('the server did not start within 60 s');
  });
  // A server that did not start is killed: left running, it would keep this file's
  // process alive forever after the test failed.
  const { port, variantId } = await Promise.race([ready, timeout]).catch((error: unknown) => {
    child.kill('SIGKILL');
    throw error;
  });
  return { child, port, variantId, exited };
}

async function call(port: number, method: string, path: string, body?: object, headers: Record<string, string> = {}) {
  const response = await fetch(`http://127.0.0.1:${port}${path}`, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const undeliverable = { name: 'N. Body', line1: 'Nowhere 1', city: 'Void', postalCode: '00000', country: 'US' };
const deliverable = {
  name: 'Ada Buyer',
  line1: '1 Main Street',
  city: 'Springfield',
  postalCode: '12345',
  country: 'US',
};

/** A shopper's checkout in a server that dies at `point`: answers the cart id once the process is gone. */
async function checkoutThroughCrash(
  dataDir: string,
  env: Record<string, string>,
  point: string,
  address: object,
): Promise<string> {
  const running = await start(dataDir, { ...env, MERCATO_TEST_CRASH_AFTER_STEP: point });
  try {
    const cart = await call(running.port, 'POST', '/api/carts', {});
    const cartId = cart.body['id'] as string;
    const added = await call(running.port, 'POST', `/api/carts/${cartId}/items`, {
      variantId: running.variantId,
      quantity: 1,
    });
    assert.equal(added.status, 200, JSON.stringify(added.body));
    const body = {
      cartId,
      email: 'crash@example.com',
      shippingAddress: address,
      shippingMethod: 'standard',
      payment: { method: 'test_card', token: 'tok_visa' },
    };
    // The answer never comes: the process dies in the middle of this request.
    await call(running.port, 'POST', '/api/checkout', body, { 'idempotency-key': `crash-${point}` }).then(
      (answer) => assert.fail(`the server answered ${answer.status} instead of dying at ${point}`),
      () => undefined,
    );
    const how = await Promise.race([running.exited, delay(20_000, 'still running', { ref: false })]);
    assert.equal(how, 'SIGKILL', `the server was to die at ${point}`);
    return cartId;
  } finally {
    running.child.kill('SIGKILL');
  }
}

/** The clean restart: recovery resumes every saga; waits until none is pending, then shuts down. */
async function restartUntilSettled(dataDir: string, env: Record<string, string>): Promise<void> {
  const running = await start(dataDir, env);
  try {
    const login = await call(running.port, 'POST', '/api/auth/login', admin);
    const token = login.body['accessToken'] as string;
    const until = Date.now() + 30_000;
    for (let attempt = 0; attempt < 600 && Date.now() < until; attempt++) {
      const pending = await call(running.port, 'GET', '/api/admin/orders?status=pending', undefined, {
        authorization: `Bearer ${token}`,
      });
      assert.equal(pending.status, 200);
      if ((pending.body['items'] as unknown[]).length === 0) break;
      await delay(100);
    }
  } finally {
    running.child.kill('SIGTERM');
    await running.exited;
  }
}

for (const topology of topologies) {
  describe(`checkout crash recovery (${topology.name})`, { skip: topology.skip }, () => {
    let dataDir: string;
    let env: Record<string, string>;
    const carts = new Map<string, { point: string; expected: 'placed' | 'failed' }>();
    let db: Db;

    before(async () => {
      dataDir = await mkdtemp(join(tmpdir(), 'mercato-crash-'));
      env = await topology.setUp();
      for (const point of forwardPoints)
        carts.set(await checkoutThroughCrash(dataDir, env, point, deliverable), { point, expected: 'placed' });
      for (const point of compensationPoints)
        carts.set(await checkoutThroughCrash(dataDir, env, point, undeliverable), { point, expected: 'failed' });
      await restartUntilSettled(dataDir, env);
      db = await topology.open(dataDir);
    });

    after(async () => {
      await db?.close();
      await topology.tearDown();
      await rm(dataDir, { recursive: true, force: true });
    });

    it('ends every saga: placed exactly once, or compensated', async () => {
      for (const [cartId, { point, expected }] of carts) {
        const orders = await db.query<{ id: string; status: string }>(
          'SELECT id, status FROM checkout.orders WHERE cart_id = $1',
          [cartId],
        );
        assert.deepEqual(
          orders.rows.map((row) => row.status),
          [expected],
          `the order that died at ${point}`,
        );
        const orderId = orders.rows[0]!.id;
        const saga = await db.query<{ status: string }>(`SELECT status FROM checkout.sagas WHERE order_id = $1`, [
          orderId,
        ]);
        assert.deepEqual(saga.rows, [{ status: expected === 'placed' ? 'completed' : 'compensated' }], point);
        const placedEvents = await db.query<{ count: number }>(
          `SELECT count(*) AS count FROM checkout.outbox WHERE type = 'checkout.order_placed' AND data->>'orderId' = $1`,
          [orderId],
        );
        assert.equal(
          placedEvents.rows[0]?.count,
          expected === 'placed' ? 1 : 0,
          `order_placed events of the order that died at ${point}`,
        );
      }
    });

    it('charges each placed order once and voids every authorization of a failed one', async () => {
      for (const [cartId, { point, expected }] of carts) {
        const payments = await db.query<{ status: string }>(
          'SELECT p.status FROM payments.payments p JOIN checkout.orders o ON o.id = p.order_id WHERE o.cart_id = $1',
          [cartId],
        );
        assert.deepEqual(
          payments.rows.map((row) => row.status),
          [expected === 'placed' ? 'authorized' : 'voided'],
          point,
        );
      }
    });

    it('holds stock for each placed order once, and none for a failed one', async () => {
      for (const [cartId, { point, expected }] of carts) {
        const held = await db.query<{ status: string; quantity: number }>(
          `SELECT r.status, coalesce(sum(l.quantity), 0)::int AS quantity FROM inventory.reservations r
             JOIN checkout.orders o ON o.id = r.order_id LEFT JOIN inventory.reservation_lines l ON l.order_id = r.order_id
            WHERE o.cart_id = $1 GROUP BY r.status`,
          [cartId],
        );
        assert.deepEqual(held.rows, [{ status: expected === 'placed' ? 'active' : 'released', quantity: 1 }], point);
      }
      const placed = [...carts.values()].filter((cart) => cart.expected === 'placed').length;
      const level = await db.query<{ on_hand: number; reserved: number }>(
        `SELECT on_hand, reserved FROM inventory.skus WHERE sku = 'CRASH-TEST-1'`,
      );
      assert.deepEqual(level.rows[0], { on_hand: 100, reserved: placed });
    });

    it('leaves no reservation without an order and no authorization without an order or a void', async () => {
      await assertNoOrphans({ db });
    });
  });
}
