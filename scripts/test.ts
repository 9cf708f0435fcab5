/**
 * `npm test`: every *.test.ts under platform/, modules/, apps/, bench/, scripts/ and
 * tests/, run by node:test. Extra arguments narrow the run (`npm test -- modules/catalog`)
 * or go to node:test (`npm test -- --test-randomize`).
 *
 * `npm run test:unit` (`--unit`): only the unit tests (see scripts/test-files.ts), in one
 * process, with scripts/unit-guard.ts refusing databases, brokers and browsers.
 */
import { spawnSync } from 'node:child_process';
import { isUnitTest, nodeTestFlags, testFiles } from './test-files.ts';

const args = process.argv.slice(2);
const unit = args.includes('--unit');
const filters = args.filter((arg) => !arg.startsWith('--'));
const flags = args.filter((arg) => arg.startsWith('--') && arg !== '--unit');
const selected = testFiles()
  .filter((file) => !unit || isUnitTest(file))
  .filter((file) => filters.length === 0 || filters.some((filter) => file.includes(filter)));
if (selected.length === 0) {
  process.stderr.write('no test files matched\n');
  process.exit(1);
}
// Unit tests share one process (a process per file would cost them ten times the time),
// so they may leave no global state behind. Other runs build the migrated database
// templates once, before the files start in parallel.
const runner = unit
  ? ['--import=./scripts/unit-guard.ts', '--test-isolation=none']
  : [...nodeTestFlags, '--test-concurrency=2', '--test-global-setup=./scripts/test-setup.ts'];
const result = spawnSync(process.execPath, ['--test', ...runner, ...flags, ...selected], { stdio: 'inherit' });
process.exit(result.status ?? 1);
