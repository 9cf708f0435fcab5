/**
 * `npm test`: every *.test.ts under platform/, modules/, apps/, bench/, scripts/ and
 * tests/, run by node:test. Extra arguments narrow the run (`npm test -- modules/catalog`)
 * or go to node:test (`npm test -- --test-randomize`).
 */
import { spawnSync } from 'node:child_process';
import { nodeTestFlags, testFiles } from './test-files.ts';

const args = process.argv.slice(2);
const filters = args.filter((arg) => !arg.startsWith('--'));
const flags = args.filter((arg) => arg.startsWith('--'));
const selected = testFiles().filter((file) => filters.length === 0 || filters.some((filter) => file.includes(filter)));
if (selected.length === 0) {
  process.stderr.write('no test files matched\n');
  process.exit(1);
}
const runner = [
  ...nodeTestFlags,
  '--test-concurrency=2',
  // Builds the migrated database templates once, before the files start in parallel.
  '--test-global-setup=./scripts/test-setup.ts',
];
const result = spawnSync(process.execPath, ['--test', ...runner, ...flags, ...selected], { stdio: 'inherit' });
process.exit(result.status ?? 1);
