import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { apiOf, instanceOf } from './host.ts';
import { defineModule } from './port.ts';

type GreeterApi = { greet(name: string): string };

const greeter = defineModule<GreeterApi, { readonly greeting: string }>({
  name: 'greeter',
  uses: [],
  migrations: new URL('./', import.meta.url),
  create: (context) => ({ api: { greet: (name) => `${context.config.greeting}, ${name}` } }),
});
const absent = defineModule<GreeterApi>({
  name: 'absent',
  uses: [],
  migrations: new URL('./', import.meta.url),
  create: () => ({ api: { greet: (name) => name } }),
});

describe('apiOf and instanceOf', () => {
  const api: GreeterApi = { greet: (name) => `Hello, ${name}` };

  it('answer the module named like the definition, typed by the definition', () => {
    // Typed without a cast: `greet` is known to take and answer a string.
    assert.equal(apiOf({ greeter: api }, greeter).greet('Ada'), 'Hello, Ada');
    assert.equal(instanceOf({ instances: new Map([['greeter', { api }]]) }, greeter).api, api);
  });

  it('refuse a module the host does not run, naming it', () => {
    assert.throws(() => apiOf({ greeter: api }, absent), /module absent does not run on this host/);
    assert.throws(
      () => instanceOf({ instances: new Map([['greeter', { api }]]) }, absent),
      /module absent does not run on this host/,
    );
  });
});
