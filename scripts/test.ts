/**
 * `npm test`: every *.test.ts under platform/, modules/, apps/ and tests/, run by
 * node:test. Extra arguments narrow the run: `npm test -- modules/catalog`.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

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

const filters = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
const flags = process.argv.slice(2).filter((arg) => arg.startsWith('--'));
const files: string[] = [];
for (const root of roots) {
  try {
    collect(root, files);
  } catch {
    // A root that does not exist yet holds no tests.
  }
}
const selected = files.filter((file) => filters.length === 0 || filters.some((filter) => file.includes(filter))).sort();
if (selected.length === 0) {
  process.stderr.write('no test files matched\n');
  process.exit(1);
}
const result = spawnSync(
  process.execPath,
  [
    '--test',
    '--test-concurrency=2',
    '--test-timeout=300000',
    // Builds the migrated database templates once, before the files start in parallel.
    '--test-global-setup=./scripts/test-setup.ts',
    ...flags,
    ...selected,
  ],
  { stdio: 'inherit' },
);
process.exit(result.status ?? 1);
