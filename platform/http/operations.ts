import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance, RouteOptions } from 'fastify';
import type { Registry } from 'prom-client';
import { bearerSecurityScheme } from './auth.ts';
import { errorBody } from './errors.ts';

const docsPrefix = '/docs';
const readinessTimeoutMs = 2000;
const retryAfterSeconds = '5';
/** Hidden from the OpenAPI document, and from spans, logs, auth and idempotency. */
const operational = { schema: { hide: true }, config: { operational: true } } as const;

/** Marks the documentation plugin's own routes operational; runs from onRoute. */
export function markDocumentationRoute(route: RouteOptions): void {
  if (route.url === docsPrefix || route.url.startsWith(`${docsPrefix}/`)) {
    route.config = { ...route.config, operational: true };
  }
}

async function readiness(isReady: () => Promise<boolean>): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), readinessTimeoutMs);
  });
  try {
    return await Promise.race([isReady(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** OpenAPI 3.1 generation; must be registered before any route it should describe. */
export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Mercato API', version: '1', description: 'The public HTTP API of Mercato (see API.md).' },
      components: { securitySchemes: bearerSecurityScheme },
    },
  });
  // The UI's assets ship inside the package and are served from here: no CDN.
  await app.register(fastifySwaggerUi, { routePrefix: docsPrefix, staticCSP: true });
}

/** `/healthz`, `/readyz`, `/metrics` and `/openapi.json`. */
export function registerOperationalRoutes(
  app: FastifyInstance,
  metrics: Registry,
  isReady: () => Promise<boolean>,
): void {
  app.get('/healthz', operational, async () => ({ status: 'ok' }));

  app.get('/readyz', operational, async (request, reply) => {
    let ready = false;
    try {
      ready = await readiness(isReady);
    } catch (error) {
      request.log.warn({ err: error }, 'readiness check failed');
    }
    if (ready) return { status: 'ready' };
    return reply
      .code(503)
      .header('retry-after', retryAfterSeconds)
      .send(errorBody('not_ready', 'The service cannot serve requests yet.'));
  });

  app.get('/metrics', operational, async (_request, reply) => {
    const text = await metrics.metrics();
    return reply.type(metrics.contentType).send(text);
  });

  app.get('/openapi.json', operational, async () => app.swagger());
}
