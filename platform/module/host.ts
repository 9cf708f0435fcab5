import type { Tracer } from '@opentelemetry/api';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { auditTableSql, createAuditLog } from '../audit/index.ts';
import { busTablesSql, createOutbox, createRelay, subscribeWithInbox } from '../bus/index.ts';
import type { Transport } from '../bus/port.ts';
import { type Migration, migrate, pendingMigrations, readMigrations } from '../db/index.ts';
import type { Db } from '../db/port.ts';
import { declaredRolesOnly } from '../http/auth.ts';
import type { Clock, IdGenerator } from '../kernel/index.ts';
import type { RateLimiter } from '../ratelimit/port.ts';
import type { ObjectStore } from '../storage/port.ts';
import { orderModules } from './graph.ts';
import { wakeRelayOnCommit } from './wake.ts';

/**
 * How often an idle relay looks at its outbox. Commits that append events wake it at
 * once, so this is only the safety net for rows no process woke a relay for.
 */
const relayPollIntervalMsDefault = 1000;
import type { ModuleDefinition, ModuleInstance } from './port.ts';

// Definitions differ in their Api, Config and Uses types; the host treats them alike.
// biome-ignore lint/suspicious/noExplicitAny: heterogeneous module definitions
export type AnyModule = ModuleDefinition<any, any, any>;

export type HostOptions = {
  readonly modules: readonly AnyModule[];
  /** The database of each module: one shared Db in the embedded default. */
  readonly db: Db;
  readonly transport: Transport;
  readonly logger: Logger;
  readonly metrics: Registry;
  readonly tracer: Tracer;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly objects: ObjectStore;
  readonly rateLimiter: RateLimiter;
  /** Each module's configuration section, by module name. */
  readonly config: Readonly<Record<string, unknown>>;
  /**
   * Schemas the platform itself owns in this database (the HTTP server's idempotency
   * keys), migrated before the modules and counted by `migrated()`.
   */
  readonly platformSchemas?: readonly { readonly schema: string; readonly migrations: URL }[];
  readonly relay?: { readonly pollIntervalMs?: number; readonly batchSize?: number; readonly attemptsMax?: number };
};

export type Host = {
  /** Each module's API, by name; `apiOf(apis, definition)` reads one typed. */
  readonly apis: Readonly<Record<string, unknown>>;
  /** The schemas of the modules this host runs (for platform reads such as the audit log). */
  readonly schemas: readonly string[];
  /** The staff role names the modules this host runs declare (`roles` of their definitions). */
  readonly roles: readonly string[];
  readonly instances: ReadonlyMap<string, ModuleInstance<unknown>>;
  /**
   * Registers every module's routes on the app. From here on, a route (a module's or
   * one the app adds later) that names a role no module declared fails the boot.
   */
  registerRoutes(app: Parameters<NonNullable<ModuleInstance<unknown>['routes']>>[0]): Promise<void>;
  /** Starts consumers, listeners, relays and background work. */
  start(): Promise<void>;
  /**
   * Relays every outbox until empty (tests and seeding): returns events relayed.
   * Subscribes the consumers first if `start()` has not.
   */
  drain(): Promise<number>;
  /** True when every module's migrations are applied (readiness). */
  migrated(): Promise<boolean>;
  stop(): Promise<void>;
};

/** Any module definition whose API is `Api`, whatever its configuration and uses. */
type DefinitionOf<Api> = Pick<ModuleDefinition<Api, never, never>, 'name' | 'create'>;

/**
 * A module's API among a host's `apis`, typed by the module's definition:
 * `apiOf(host.apis, catalog)` is the CatalogApi. Throws when no module of that name runs
 * on the host (fail fast: a composition that forgot the module).
 */
export function apiOf<Api>(apis: Readonly<Record<string, unknown>>, definition: DefinitionOf<Api>): Api {
  const api = apis[definition.name];
  if (api === undefined) throw new Error(`module ${definition.name} does not run on this host`);
  // The host keeps under each name the API that module's `create` made: the type its definition says.
  return api as Api;
}

/** A module's instance on a host (its API, subscriptions, routes), typed by the module's definition. */
export function instanceOf<Api>(host: Pick<Host, 'instances'>, definition: DefinitionOf<Api>): ModuleInstance<Api> {
  const instance = host.instances.get(definition.name);
  if (instance === undefined) throw new Error(`module ${definition.name} does not run on this host`);
  // As in apiOf: the instance its definition's `create` made.
  return instance as ModuleInstance<Api>;
}

/** The platform's own tables in every module schema, applied before the module's. */
export function platformMigrations(schema: string): Migration[] {
  return [
    { version: '0000_bus', sql: busTablesSql(schema) },
    { version: '0000_audit', sql: auditTableSql(schema) },
  ];
}

/**
 * Boots a set of modules in one process: checks the graph, migrates each module's
 * schema, creates each module with its context, and wires events. Nothing starts
 * moving (relays, consumers, jobs) until `start()`.
 */
export async function bootModules(options: HostOptions): Promise<Host> {
  const ordered = orderModules(options.modules);
  const migrationsByModule = new Map<string, Migration[]>();
  for (const { schema, migrations: dir } of options.platformSchemas ?? []) {
    const migrations = await readMigrations(dir);
    migrationsByModule.set(schema, migrations);
    await migrate(options.db, schema, migrations);
  }
  for (const definition of ordered) {
    const migrations = [...platformMigrations(definition.name), ...(await readMigrations(definition.migrations))];
    migrationsByModule.set(definition.name, migrations);
    const applied = await migrate(options.db, definition.name, migrations);
    if (applied.length > 0)
      options.logger.info({ module: definition.name, applied: applied.map((m) => m.version) }, 'migrations applied');
  }

  const relays = ordered.map((definition) =>
    createRelay({
      db: options.db,
      schema: definition.name,
      transport: options.transport,
      logger: options.logger.child({ module: definition.name, component: 'relay' }),
      metrics: options.metrics,
      clock: options.clock,
      batchSize: options.relay?.batchSize ?? 200,
      pollIntervalMs: options.relay?.pollIntervalMs ?? relayPollIntervalMsDefault,
      attemptsMax: options.relay?.attemptsMax ?? 10,
    }),
  );
  const relayOf = new Map(ordered.map((definition, index) => [definition.name, relays[index]!]));
  // Each module's Db and Outbox wake its relay when a transaction with events commits.
  const wired = new Map(
    ordered.map((definition) => {
      const outbox = createOutbox({ schema: definition.name, ids: options.ids, clock: options.clock });
      const relay = relayOf.get(definition.name)!;
      return [definition.name, wakeRelayOnCommit(options.db, outbox, () => relay.wake())];
    }),
  );

  const apis: Record<string, unknown> = {};
  const instances = new Map<string, ModuleInstance<unknown>>();
  for (const definition of ordered) {
    const uses: Record<string, unknown> = {};
    for (const used of definition.uses) uses[used] = apis[used];
    const instance = await definition.create({
      name: definition.name,
      config: Object.freeze(options.config[definition.name] ?? {}),
      db: wired.get(definition.name)!.db,
      outbox: wired.get(definition.name)!.outbox,
      clock: options.clock,
      ids: options.ids,
      logger: options.logger.child({ module: definition.name }),
      metrics: options.metrics,
      tracer: options.tracer,
      objects: options.objects,
      audit: createAuditLog({ schema: definition.name, ids: options.ids, clock: options.clock }),
      rateLimiter: options.rateLimiter,
      uses,
    });
    apis[definition.name] = instance.api;
    instances.set(definition.name, instance);
  }

  let started = false;
  let subscribed: Promise<void> | undefined;

  /** Consumers and listeners subscribe once, before any event is relayed. */
  const subscribeAll = (): Promise<void> => {
    subscribed ??= (async () => {
      for (const definition of ordered) {
        const instance = instances.get(definition.name)!;
        for (const subscription of instance.subscriptions ?? []) {
          await subscribeWithInbox({
            db: wired.get(definition.name)!.db,
            schema: definition.name,
            transport: options.transport,
            subscription,
            logger: options.logger.child({ module: definition.name, consumer: subscription.consumer }),
            tracer: options.tracer,
          });
        }
        for (const listener of instance.listeners ?? []) {
          await options.transport.listen(listener.types, listener.handle);
        }
      }
    })();
    return subscribed;
  };

  const roles = [...new Set(ordered.flatMap((definition) => definition.roles ?? []))];

  return {
    apis,
    schemas: ordered.map((definition) => definition.name),
    roles,
    instances,
    async registerRoutes(app) {
      // A host running no module that declares roles (a leaf module under test, or a
      // service whose staff module runs elsewhere) cannot tell a misspelt role from one
      // declared elsewhere: it leaves role names to the hosts that run the staff module.
      if (roles.length > 0) app.addHook('onRoute', declaredRolesOnly(roles));
      for (const instance of instances.values()) await instance.routes?.(app);
    },
    async start() {
      await subscribeAll();
      for (const relay of relays) relay.start();
      for (const instance of instances.values()) await instance.start?.();
      started = true;
    },
    async drain() {
      // Relaying before the consumers subscribe would hand events to nobody.
      await subscribeAll();
      let total = 0;
      for (let pass = 0; pass < 1000; pass++) {
        let relayed = 0;
        for (const relay of relays) relayed += await relay.relayOnce();
        total += relayed;
        // A background pass may hold events this pass could not claim: wait for it
        // and look again, so that everything appended before `drain` is handled.
        const busy = (await Promise.all(relays.map((relay) => relay.settle()))).some(Boolean);
        if (relayed === 0 && !busy) return total;
      }
      throw new Error('outboxes did not drain within 1000 passes');
    },
    async migrated() {
      for (const [schema, migrations] of migrationsByModule) {
        const pending = await pendingMigrations(options.db, schema, migrations);
        if (pending.length > 0) return false;
      }
      return true;
    },
    async stop() {
      if (!started) return;
      for (const instance of [...instances.values()].reverse()) await instance.stop?.();
      for (const relay of relays) await relay.stop();
      started = false;
    },
  };
}
