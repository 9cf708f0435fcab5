/**
 * Which files are tests, and which of them are unit tests: shared by `npm test`,
 * `npm run test:unit` and the CI step that runs a few test files alone.
 *
 * A unit test is a `*.test.ts` next to the code it tests (outside any `test/` or
 * `tests/` folder) that is not named `*.integration.test.ts`: pure code, no database, no
 * broker, no browser. Everything else (a module's `test/` folder, `tests/`, and
 * `*.integration.test.ts`) may boot hosts on databases.
 */
import { readdirSync, statSync } from 'node:fs';
import { join, sep } from 'node:path';

/**
 * node:test flags for runs of every kind of test (`npm test`, the files run alone).
 * PGlite is PostgreSQL compiled to WebAssembly; V8's optimizing tier recompiles it in
 * every process for seconds of CPU the tests never win back, so only V8's baseline
 * WebAssembly compiler (Liftoff) is used.
 */
export const nodeTestFlags = ['--liftoff-only', '--test-timeout=300000'];

const roots = ['platform', 'modules', 'apps', 'tests', 'bench', 'scripts'];
const skipped = new Set(['node_modules', 'data', 'artifacts', 'public']);

function collect(dir: string, out: string[]): void {
  for (const name of readdirSync(dir)) {
    if (skipped.has(name) || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) collect(path, out);
    else if (name.endsWith('.test.ts')) out.push(path);
  }
}

/** Every test file under the repository root `root`, as paths relative to it, sorted. */
export function testFiles(root = '.'): string[] {
  const files: string[] = [];
  for (const dir of roots) {
    try {
      collect(join(root, dir), files);
    } catch {
      // A root that does not exist yet holds no tests.
    }
  }
  return files.map((file) => (root === '.' ? file : file.slice(join(root, '.').length + 1))).sort();
}

export function isUnitTest(file: string): boolean {
  const folders = file.split(sep).slice(0, -1);
  return !folders.includes('test') && !folders.includes('tests') && !file.endsWith('.integration.test.ts');
}
