import { AjvCompiler } from '@fastify/ajv-compiler';

type ExternalSchemas = Parameters<ReturnType<typeof AjvCompiler>>[0];
type RouteSchema = { schema: unknown; method: string; url: string; httpPart?: string };
/** What the pool really returns (its published type names the Ajv compile function instead). */
type CompileRoute = (route: RouteSchema) => (data: unknown) => boolean;

/**
 * Two Ajv setups, chosen per part of the request:
 * - bodies are JSON, so they are taken as sent: no type coercion ("5" is not 5), and
 *   `removeAdditional: false` so an unknown field is a 400 instead of being silently
 *   dropped (Fastify's default strips it);
 * - querystrings, params and headers are text, coerced to the schema's types
 *   (`coerceTypes: 'array'` lets `?id=a` fill an array).
 * Both apply schema defaults.
 */
const bodyOptions = { removeAdditional: false, coerceTypes: false, useDefaults: true, allErrors: false } as const;
const textOptions = { removeAdditional: false, coerceTypes: 'array', useDefaults: true, allErrors: false } as const;

function build(externalSchemas: ExternalSchemas) {
  const pool = AjvCompiler();
  const bodies = pool(externalSchemas, { customOptions: bodyOptions }) as unknown as CompileRoute;
  const texts = pool(externalSchemas, { customOptions: textOptions }) as unknown as CompileRoute;
  return (route: RouteSchema) => (route.httpPart === 'body' ? bodies(route) : texts(route));
}

/** For Fastify's `schemaController.compilersFactory.buildValidator`. */
export const buildValidator = build as unknown as ReturnType<typeof AjvCompiler>;
