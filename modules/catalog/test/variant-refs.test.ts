import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AssertionError } from '@mercato/platform/kernel';
import { testDbTargets } from '@mercato/platform/db/testing';
import { type Product, variantLookupMax } from '../src/contract.ts';
import { bootCatalog, type CatalogHost, usd, value, variant } from './helpers.ts';

for (const target of testDbTargets()) {
  describe(`catalog getVariants on ${target.name}`, { skip: target.skipReason }, () => {
    let host: CatalogHost;
    let mug: Product;
    let archived: Product;

    before(async () => {
      host = await bootCatalog(target, { start: false });
      mug = value(
        await host.api.createProduct({
          title: 'Stoneware Mug',
          description: 'Holds tea.',
          variants: [variant('MUG-BLUE', 1800, 5, { colour: 'blue' }), variant('MUG-RED', 1900, 0, { colour: 'red' })],
        }),
      );
      archived = value(
        await host.api.createProduct({ title: 'Old Mug', description: 'Gone.', variants: [variant('MUG-OLD', 900)] }),
      );
      value(await host.api.archiveProduct(archived.id));
    });

    after(() => host?.close());

    it('quotes variants of active products with their product and current price', async () => {
      const [blue, red] = mug.variants;
      const refs = await host.api.getVariants([red!.id, blue!.id, 'var_unknown']);
      const byId = new Map(refs.map((ref) => [ref.variantId, ref]));
      assert.equal(refs.length, 2);
      assert.deepEqual(byId.get(blue!.id), {
        variantId: blue!.id,
        productId: mug.id,
        productSlug: 'stoneware-mug',
        productTitle: 'Stoneware Mug',
        variantTitle: 'MUG-BLUE',
        sku: 'MUG-BLUE',
        price: usd(1800),
        thumbnailUrl: null,
      });
      assert.deepEqual(byId.get(red!.id)?.price, usd(1900));
    });

    it('answers the price of now after a price change', async () => {
      const blue = mug.variants[0]!;
      value(await host.api.updateProduct(mug.id, { variants: [{ id: blue.id, price: usd(2100) }] }));
      const [ref] = await host.api.getVariants([blue.id]);
      assert.deepEqual(ref?.price, usd(2100));
    });

    it('leaves out variants of archived products', async () => {
      assert.deepEqual(await host.api.getVariants([archived.variants[0]!.id]), []);
    });

    it('counts duplicates once and refuses more ids than the bound', async () => {
      const blue = mug.variants[0]!.id;
      assert.equal((await host.api.getVariants([blue, blue, blue])).length, 1);
      assert.deepEqual(await host.api.getVariants([]), []);
      const tooMany = Array.from({ length: variantLookupMax + 1 }, (_, i) => `var_${i}`);
      await assert.rejects(host.api.getVariants(tooMany), AssertionError);
    });
  });
}
