#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { type StaffRole, staffRoleValues } from '@mercato/customers/contract';
import { DirectoryLockedError } from '@mercato/platform/db';
import { type App, createApp } from './app.ts';
import { type Config, ConfigError, readConfig } from './config.ts';
import { seedDemoCatalog } from './seed/seed.ts';

const usage = `Usage: mercato <command> [options]

Commands:
  start                 migrate, seed an empty database with the demo catalog, and serve
  migrate               apply every module's migrations and exit
  seed --products N     add N generated demo products and exit
  admin create --email E --password P [--name N] [--role ${staffRoleValues.join('|')}]
                        create a staff account (role admin by default)
  keys rotate           start signing access tokens with a new key (tokens already
                        issued stay valid until they expire)

Options:
  --port N              port to serve on (PORT, default 3000)
  --host ADDR           address to bind (HOST, default 127.0.0.1)
  --data DIR            data directory for the embedded database and objects (MERCATO_DATA_DIR, default ./data)
  --products N          demo products to seed (MERCATO_SEED_PRODUCTS, default 1000)
  --log-level LEVEL     fatal|error|warn|info|debug|trace|silent (LOG_LEVEL, default info)

Environment: DATABASE_URL (PostgreSQL instead of the embedded PGlite), NATS_URL (NATS JetStream
instead of in-process events), MERCATO_ADMIN_EMAIL and MERCATO_ADMIN_PASSWORD (a staff admin made
at start when no such account exists), TRUSTED_PROXY_HOPS (proxies whose X-Forwarded-For is trusted).`;

const commands = ['start', 'migrate', 'seed', 'admin', 'keys'];
const isStaffRole = (role: string): role is StaffRole => staffRoleValues.some((known) => known === role);

async function main(argv: readonly string[]): Promise<number> {
  const { positionals, values } = parseCommandLine(argv);
  const command = positionals[0];
  if (values.help || command === undefined || !commands.includes(command)) {
    process.stdout.write(`${usage}\n`);
    return values.help ? 0 : 2;
  }
  const checked = checkArguments(command, positionals[1], values);
  if ('refusal' in checked) {
    process.stderr.write(`${checked.refusal}\n`);
    return 2;
  }
  const config = readConfig({ flags: values, env: process.env, cwd: process.cwd() });
  const startedAt = performance.now();
  const app = await createApp(config);
  switch (command) {
    case 'migrate':
      app.logger.info('migrations are applied');
      await app.close();
      return 0;
    case 'admin':
      return createStaffAccount(app, values, checked.role);
    case 'keys':
      return rotateSigningKey(app);
    case 'seed':
      await seedAndRelay(app, config.seedProducts);
      await app.close();
      return 0;
    default:
      return serve(app, config, startedAt);
  }
}

function parseCommandLine(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      data: { type: 'string' },
      products: { type: 'string' },
      'log-level': { type: 'string' },
      email: { type: 'string' },
      password: { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

type Values = ReturnType<typeof parseCommandLine>['values'];

/** The staff role the arguments name (admin by default), or the line refusing them before anything opens. */
function checkArguments(
  command: string,
  subcommand: string | undefined,
  values: Values,
): { readonly role: StaffRole } | { readonly refusal: string } {
  if (command === 'seed' && values.products === undefined) return { refusal: 'mercato seed needs --products N' };
  if (command === 'admin' && (subcommand !== 'create' || !values.email || !values.password)) {
    return {
      refusal: `usage: mercato admin create --email E --password P [--name N] [--role ${staffRoleValues.join('|')}]`,
    };
  }
  const role = values.role ?? 'admin';
  if (!isStaffRole(role))
    return { refusal: `mercato admin create: --role must be one of ${staffRoleValues.join(', ')}` };
  if (command === 'keys' && subcommand !== 'rotate') return { refusal: 'usage: mercato keys rotate' };
  return { role };
}

async function createStaffAccount(app: App, values: Values, role: StaffRole): Promise<number> {
  const created = await app.customers.createStaff({
    email: values.email ?? '',
    password: values.password ?? '',
    role,
    ...(values.name ? { name: values.name } : {}),
  });
  await app.close();
  if (!created.ok) {
    process.stderr.write(`mercato admin create: ${created.code}: ${created.message}\n`);
    return 1;
  }
  process.stdout.write(`staff account ${created.value.email} (${role}) created: ${created.value.id}\n`);
  return 0;
}

async function rotateSigningKey(app: App): Promise<number> {
  const rotated = await app.customers.rotateSigningKey();
  await app.close();
  process.stdout.write(`access tokens are now signed with key ${rotated.kid}\n`);
  return 0;
}

/** `mercato start`: seeds an empty catalog, serves until SIGINT or SIGTERM (answers -1: the process stays). */
async function serve(app: App, config: Config, startedAt: number): Promise<number> {
  if (config.seedProducts > 0 && (await app.catalog.countProducts()) === 0) {
    await seedAndRelay(app, config.seedProducts);
  }
  await app.start();
  app.logger.info(
    { url: `http://${config.host}:${config.port}`, startMs: Math.round(performance.now() - startedAt) },
    'Mercato is serving',
  );
  const shutdown = async (signal: string) => {
    app.logger.info({ signal }, 'shutting down');
    await app.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  return -1;
}

async function seedAndRelay(app: App, products: number): Promise<void> {
  // Generated products are numbered; continuing after the existing count keeps a
  // second `mercato seed` from regenerating slugs and SKUs that are already taken.
  const firstIndex = await app.catalog.countProducts();
  const result = await seedDemoCatalog({ catalog: app.catalog, products, firstIndex, logger: app.logger });
  await app.host.drain();
  app.logger.info(result, 'demo catalog seeded');
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof ConfigError) {
      process.stderr.write(`mercato: configuration error: ${error.message}\n`);
      process.exitCode = 2;
      return;
    }
    if (error instanceof DirectoryLockedError) {
      process.stderr.write(`mercato: ${error.message}\n`);
      process.exitCode = 1;
      return;
    }
    process.stderr.write(`mercato: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
