import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { Tracer } from '@opentelemetry/api';
import type { Clock, IdGenerator } from '../kernel/index.ts';
import type { Db } from '../db/port.ts';
import type { HttpApp } from '../http/types.ts';
import type { Listener, Outbox, Subscription } from '../bus/port.ts';
import type { AuditLog } from '../audit/port.ts';
import type { RateLimiter } from '../ratelimit/port.ts';
import type { ObjectStore } from '../storage/port.ts';

/** What the host hands a module when it creates it. Everything is already configured. */
export type ModuleContext<Config = unknown, Uses = Record<string, never>> = {
  /** The module's name, which is also its Postgres schema. */
  readonly name: string;
  readonly config: Readonly<Config>;
  readonly db: Db;
  /** Bound to this module's own outbox table. */
  readonly outbox: Outbox;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly logger: Logger;
  readonly metrics: Registry;
  readonly tracer: Tracer;
  readonly objects: ObjectStore;
  /** Bound to this module's own audit table: staff writes record who, what, before and after. */
  readonly audit: AuditLog;
  readonly rateLimiter: RateLimiter;
  /** The APIs of the modules this one declared in `uses`, and only those. */
  readonly uses: Uses;
};

/** What a module gives back to the host. */
export type ModuleInstance<Api> = {
  readonly api: Api;
  /** Registers the module's HTTP routes. Only `http.ts` knows the framework. */
  readonly routes?: (app: HttpApp) => void | Promise<void>;
  /** Durable, inbox-deduplicated event consumers. */
  readonly subscriptions?: readonly Subscription[];
  /** Broadcast listeners (cache invalidation). */
  readonly listeners?: readonly Listener[];
  /** Background work (sweepers, pollers); `stop` must end it. */
  readonly start?: () => Promise<void>;
  readonly stop?: () => Promise<void>;
};

export type ModuleDefinition<Api = unknown, Config = unknown, Uses = Record<string, never>> = {
  /** Lowercase, also the Postgres schema it owns. */
  readonly name: string;
  /** Names of the modules whose APIs this module calls (through their contracts). */
  readonly uses: readonly string[];
  /**
   * Staff role names this module declares (the module that owns staff accounts does).
   * Any module's routes may name them in `{ roles }` rules; the host refuses a route
   * that names a role no module it runs declares.
   */
  readonly roles?: readonly string[];
  /** Folder of `NNNN_name.sql` files, applied in order inside the module's schema. */
  readonly migrations: URL;
  readonly create: (context: ModuleContext<Config, Uses>) => ModuleInstance<Api> | Promise<ModuleInstance<Api>>;
};

export function defineModule<Api, Config = unknown, Uses = Record<string, never>>(
  definition: ModuleDefinition<Api, Config, Uses>,
): ModuleDefinition<Api, Config, Uses> {
  return definition;
}
