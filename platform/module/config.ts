import type { Static, TSchema } from 'typebox';
import { Value } from 'typebox/value';

/** A value and everything in it read-only, as a parsed configuration is handed down. */
export type Frozen<T> = T extends (...args: never[]) => unknown
  ? T
  : T extends object
    ? { readonly [K in keyof T]: Frozen<T[K]> }
    : T;

/** The configuration a schema describes, after defaults: what `parseConfig` returns. */
export type ConfigOf<S extends TSchema> = Frozen<Static<S>>;

/**
 * A rule that involves more than one field, or more than a schema can say (an address
 * that must parse as a URL), checked after the schema. `field` is the setting the error
 * names; `rule` completes the sentence "checkout.retryDelayMaxMs …".
 */
export type ConfigRule<T> = {
  readonly field: string;
  readonly rule: string;
  readonly holds: (config: T) => boolean;
};

/** A configuration the module refuses to start with; the message names the module and the field. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * Reads a module's section of the app's configuration, once, at boot: fills what is
 * missing from the schema's `default` annotations, checks every field against the
 * schema (types, limits, patterns, no unknown settings), then `rules`, and returns a
 * deep-frozen copy. Anything wrong throws a ConfigError naming the module, the field
 * and the rule: `inventory.sweepBatchSize must be an integer from 1 to 1000: 10000`.
 *
 * Schema annotations the messages use: `errorMessage` replaces the generic rule text
 * (`must be an ISO 4217 code`), and `writeOnly: true` keeps a value (a URL with a
 * password) out of the message.
 */
export function parseConfig<S extends TSchema>(
  module: string,
  schema: S,
  input: unknown,
  rules: readonly ConfigRule<Static<S>>[] = [],
): ConfigOf<S> {
  const value = Value.Default(schema, structuredClone(input ?? {}));
  const errors = Value.Errors(schema, value);
  const [first] = errors;
  if (first !== undefined) {
    // A union reports each alternative's complaint, then its own: say what it accepts.
    const union = errors.find((error) => error.keyword === 'anyOf' && error.instancePath === first.instancePath);
    throw new ConfigError(describe(module, schema, value, union ?? first));
  }
  const config = value as Static<S>;
  for (const { field, rule, holds } of rules) {
    if (!holds(config)) throw new ConfigError(`${module}.${field} ${rule}`);
  }
  return deepFreeze(config) as ConfigOf<S>;
}

type SchemaError = {
  readonly keyword: string;
  readonly schemaPath: string;
  readonly instancePath: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly message: string;
};

function describe(module: string, schema: TSchema, value: unknown, error: SchemaError): string {
  const path = pointerSegments(error.instancePath);
  const name = (segments: readonly string[]) => [module, ...segments].join('.');
  const at = schemaAt(schema, error.schemaPath);
  if (error.keyword === 'required') {
    const missing = (error.params['requiredProperties'] as string[] | undefined)?.[0] ?? '?';
    return `${name([...path, missing])} is required`;
  }
  if (error.keyword === 'additionalProperties' || error.schemaPath.endsWith('/additionalProperties')) {
    return `${name(path)} is not a setting ${module} knows`;
  }
  if (error.schemaPath.endsWith('/propertyNames')) {
    const key = path.at(-1) ?? '';
    return `${name(path.slice(0, -1))}: ${JSON.stringify(key)} ${ruleText(at, error)}`;
  }
  const echoed = at?.['writeOnly'] === true ? '' : `: ${JSON.stringify(valueAt(value, path))}`;
  return `${name(path)} ${ruleText(at, error)}${echoed}`;
}

/** The rule a field broke, in words: the schema's own `errorMessage`, a range, or TypeBox's text. */
function ruleText(schema: Record<string, unknown> | undefined, error: SchemaError): string {
  if (schema === undefined) return error.message;
  if (typeof schema['errorMessage'] === 'string') return schema['errorMessage'];
  const { minimum, maximum, minLength, maxLength } = schema;
  if (schema['type'] === 'integer' && typeof minimum === 'number' && typeof maximum === 'number') {
    return `must be an integer from ${minimum} to ${maximum}`;
  }
  if (schema['type'] === 'string' && typeof minLength === 'number' && typeof maxLength === 'number') {
    return `must have ${minLength} to ${maxLength} characters`;
  }
  if (error.keyword === 'enum') {
    const allowed = (error.params['allowedValues'] as unknown[] | undefined) ?? [];
    return `must be one of ${allowed.map((option) => JSON.stringify(option)).join(', ')}`;
  }
  if (error.keyword === 'anyOf' && Array.isArray(schema['anyOf'])) {
    return `must be ${(schema['anyOf'] as Record<string, unknown>[]).map(kindOf).join(' or ')}`;
  }
  return error.message;
}

function kindOf(schema: Record<string, unknown>): string {
  if (schema['type'] === 'null') return 'null';
  if (typeof schema['errorMessage'] === 'string') return schema['errorMessage'].replace(/^must be /, '');
  const { minimum, maximum } = schema;
  if (schema['type'] === 'integer' && typeof minimum === 'number' && typeof maximum === 'number') {
    return `an integer from ${minimum} to ${maximum}`;
  }
  return String(schema['type'] ?? 'another value');
}

/** `/a/b~1c` → ['a', 'b/c'] (RFC 6901). */
function pointerSegments(pointer: string): string[] {
  if (pointer === '' || pointer === '#') return [];
  return pointer
    .replace(/^#/, '')
    .split('/')
    .slice(1)
    .map((segment) => segment.replaceAll('~1', '/').replaceAll('~0', '~'));
}

function schemaAt(schema: TSchema, pointer: string): Record<string, unknown> | undefined {
  let at: unknown = schema;
  for (const segment of pointerSegments(pointer)) {
    if (at === null || typeof at !== 'object') return undefined;
    at = (at as Record<string, unknown>)[segment];
  }
  return at !== null && typeof at === 'object' ? (at as Record<string, unknown>) : undefined;
}

function valueAt(value: unknown, segments: readonly string[]): unknown {
  let at = value;
  for (const segment of segments) {
    if (at === null || typeof at !== 'object') return undefined;
    at = (at as Record<string, unknown>)[segment];
  }
  return at;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
