/**
 * Loaded by `npm run test:unit` before the tests (`--import`), so the unit run stays
 * pure code however a test reaches out, directly or through the code it imports:
 * - loading the test hosts (platform/db/testing.ts, platform/module/testing.ts) fails;
 * - opening a database (PGlite or a PostgreSQL connection) or starting a process fails.
 * A test that needs any of these belongs in a test/ folder or is named
 * *.integration.test.ts (see scripts/test-files.ts).
 */
import childProcess from 'node:child_process';
import { registerHooks, syncBuiltinESMExports } from 'node:module';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';

const advice = 'a test that needs it belongs in a test/ folder or is named *.integration.test.ts';
const testHosts = /\/platform\/(db|module)\/testing\.ts$/;

registerHooks({
  resolve(specifier, context, nextResolve) {
    const resolved = nextResolve(specifier, context);
    if (testHosts.test(resolved.url)) {
      throw new Error(`${specifier} (imported by ${context.parentURL}) is not for unit tests: ${advice}`);
    }
    return resolved;
  },
});

function refuse(what: string): never {
  throw new Error(`a unit test ${what}: ${advice}`);
}

PGlite.create = () => refuse('opened a PGlite database');
pg.Client.prototype.connect = () => refuse('connected to PostgreSQL');
for (const name of ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork'] as const) {
  (childProcess as Record<string, unknown>)[name] = () => refuse(`started a process (child_process.${name})`);
}
syncBuiltinESMExports();
