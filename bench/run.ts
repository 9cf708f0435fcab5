/**
 * `npm run bench -- <scenario> [options]`: load benchmarks of Mercato. Each scenario
 * starts its own server as a child process on a free loopback port, measures, prints
 * a table and writes the same figures as JSON. See bench/README.md.
 */
import type { BenchOptions } from './options.ts';
import { parseBenchArgs, UsageError, usage } from './options.ts';
import { runCatalog } from './scenarios/catalog.ts';
import { runCheckout } from './scenarios/checkout.ts';
import { runFlashSale } from './scenarios/flash-sale.ts';
import { runLighthouse } from './scenarios/lighthouse.ts';
import { ServerError, stopAllServers } from './server.ts';

type Scenario = (options: BenchOptions, log: (line: string) => void) => Promise<unknown>;

const scenarios: Record<string, Scenario> = {
  catalog: runCatalog,
  checkout: runCheckout,
  'flash-sale': runFlashSale,
  lighthouse: runLighthouse,
};

function log(line: string): void {
  process.stderr.write(`bench: ${line}\n`);
}

async function main(argv: readonly string[]): Promise<number> {
  const options = parseBenchArgs(argv, import.meta.dirname, new Date());
  if (options === undefined) {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  const scenario = scenarios[options.scenario];
  if (scenario === undefined) {
    throw new UsageError(`unknown scenario "${options.scenario}"; known: ${Object.keys(scenarios).join(', ')}`);
  }
  await scenario(options, log);
  return 0;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    log(`${signal}: stopping the server`);
    void stopAllServers().finally(() => process.exit(130));
  });
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  async (error: unknown) => {
    await stopAllServers();
    if (error instanceof UsageError) {
      process.stderr.write(`bench: ${error.message}\n\n${usage}\n`);
      process.exitCode = 2;
      return;
    }
    const text =
      error instanceof ServerError
        ? error.message
        : error instanceof Error
          ? (error.stack ?? error.message)
          : String(error);
    process.stderr.write(`bench: ${text}\n`);
    process.exitCode = 1;
  },
);
