/**
 * The real Mercato app in a process of its own, for tests/checkout/crash-recovery.test.ts.
 * It is `mercato start` with the checkout module adapted from outside (the app carries
 * no test hook): when MERCATO_TEST_CRASH_AFTER_STEP names a saga point, the process
 * kills itself with SIGKILL the moment the saga runner logs that point (no shutdown,
 * no flush: a power cut; see modules/checkout/test/saga-points.ts); and the checkout
 * runs with short leases so that a restart takes dead sagas over quickly.
 *
 * Usage: node tests/checkout/crash-server.ts --data DIR
 * Environment: as `mercato start` (DATABASE_URL, MERCATO_ADMIN_EMAIL, …) plus
 * MERCATO_TEST_CRASH_AFTER_STEP. Prints one line, `{"port":…,"variantId":…}`, once serving.
 */
import { parseArgs } from 'node:util';
import type { CatalogApi } from '@mercato/catalog/contract';
import checkout from '@mercato/checkout';
import { createApp, modules } from '../../apps/mercato/src/app.ts';
import { readConfig } from '../../apps/mercato/src/config.ts';
import { atSagaPoints, withContext } from '../../modules/checkout/test/saga-points.ts';

export const crashSku = 'CRASH-TEST-1';
export const crashStock = 100;

const { values } = parseArgs({ options: { data: { type: 'string' } } });
const crashAfterStep = process.env['MERCATO_TEST_CRASH_AFTER_STEP'] || undefined;
const config = readConfig({
  flags: { port: '0', data: values.data, products: '0' },
  env: process.env,
  cwd: process.cwd(),
});

const shortLeases = withContext(checkout, (context) => ({
  ...context,
  // A crashing process does not resume older sagas (the final, clean restart does),
  // so each crash happens in the checkout the test just sent.
  config: { ...context.config, leaseMs: 1000, recoveryIntervalMs: crashAfterStep === undefined ? 100 : 0 },
}));
const crashing =
  crashAfterStep === undefined
    ? shortLeases
    : atSagaPoints(shortLeases, (point) => {
        if (point === crashAfterStep) process.kill(process.pid, 'SIGKILL');
      });
const app = await createApp(config, {
  modules: modules.map((module) => (module.name === crashing.name ? crashing : module)),
});

/** One product with plenty of stock, made on the first start. */
async function variantToBuy(catalog: CatalogApi): Promise<string> {
  if ((await catalog.countProducts()) === 0) {
    const created = await catalog.createProduct({
      title: 'Crash Test Lamp',
      description: 'Bought while the server dies.',
      variants: [
        {
          sku: crashSku,
          title: 'Brass',
          options: { finish: 'brass' },
          price: { amount: 1500, currency: 'USD' },
          initialStock: crashStock,
        },
      ],
    });
    if (!created.ok) throw new Error(created.message);
    await app.host.drain();
  }
  const page = await catalog.listProducts({ limit: 1 });
  if (!page.ok || page.value.items[0] === undefined) throw new Error('no product to buy');
  const product = await catalog.getProduct(page.value.items[0].id);
  if (!product.ok) throw new Error(product.message);
  return product.value.variants[0]!.id;
}

const variantId = await variantToBuy(app.catalog);
await app.start();
const address = app.http.server.address();
const port = typeof address === 'object' && address !== null ? address.port : 0;
process.stdout.write(`${JSON.stringify({ port, variantId })}\n`);

process.once('SIGTERM', () => {
  app.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
});
