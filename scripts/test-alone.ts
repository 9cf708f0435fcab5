/**
 * `npm run test:alone`: runs a few test files alone, one after another, each in a
 * fresh process with nothing run before it, so a test that passes only after another
 * (or on data another left) is found. CI runs it after `npm test`. The files are chosen
 * from the commit hash, so each commit tries others; the choice is printed.
 *
 *   npm run test:alone                 five files chosen by `git rev-parse HEAD`
 *   npm run test:alone -- 12 <seed>    twelve files chosen by <seed>
 *   npm run test:alone -- all          every test file (takes a while)
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { nodeTestFlags, testFiles } from './test-files.ts';

const [countArgument = '5', seedArgument] = process.argv.slice(2);
const seed = seedArgument ?? execFileSync('git', ['rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
const files = testFiles();
const count = countArgument === 'all' ? files.length : Number(countArgument);
if (!Number.isInteger(count) || count < 1) throw new Error(`not a count of files: ${countArgument}`);

const rank = (file: string) => createHash('sha256').update(`${seed}\0${file}`).digest('hex');
const chosen = files
  .map((file) => ({ file, rank: rank(file) }))
  .sort((a, b) => (a.rank < b.rank ? -1 : 1))
  .slice(0, count)
  .map(({ file }) => file);

process.stdout.write(
  `test files run alone (chosen by ${seed.slice(0, 12)}):\n${chosen.map((f) => `  ${f}\n`).join('')}`,
);
const failed: string[] = [];
for (const file of chosen) {
  const started = Date.now();
  const result = spawnSync(process.execPath, ['--test', ...nodeTestFlags, file], { stdio: 'inherit' });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  process.stdout.write(`${result.status === 0 ? 'passed' : 'FAILED'} alone in ${seconds} s: ${file}\n`);
  if (result.status !== 0) failed.push(file);
}
if (failed.length > 0) {
  process.stderr.write(`failed when run alone:\n${failed.map((f) => `  ${f}\n`).join('')}`);
  process.exit(1);
}
