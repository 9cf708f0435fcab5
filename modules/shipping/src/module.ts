import { defineModule, type ModuleContext } from '@mercato/platform/module';
import type { Carrier } from './carrier/port.ts';
import { createTestCarrier } from './carrier/test-carrier.ts';
import { parseShippingConfig, type ShippingConfig } from './config.ts';
import type { ShippingApi } from './contract.ts';
import { shippingRoutes } from './http.ts';
import { createShippingService } from './service.ts';

export type { Carrier } from './carrier/port.ts';
export { type ShippingConfig, shippingDefaults } from './config.ts';

export type ShippingModuleOptions = {
  /** Replaces the built-in test carrier (tests: a flaky or instrumented one). */
  readonly carrier?: (ctx: ModuleContext<ShippingConfig>) => Carrier;
};

/**
 * Shipping: methods and rates per country from configuration, and a carrier that
 * books and cancels shipments. A leaf: it calls no other module and consumes no events.
 */
export function shippingModule(options: ShippingModuleOptions = {}) {
  return defineModule<ShippingApi, ShippingConfig>({
    name: 'shipping',
    uses: [],
    migrations: new URL('../migrations/', import.meta.url),
    create(ctx) {
      // The host passes `{}` when the app configures nothing: defaults fill the gaps.
      const config = parseShippingConfig(ctx.config);
      const carrier = options.carrier?.(ctx) ?? createTestCarrier();
      const api = createShippingService({
        db: ctx.db,
        outbox: ctx.outbox,
        clock: ctx.clock,
        ids: ctx.ids,
        logger: ctx.logger,
        carrier,
        config,
      });
      return { api, routes: shippingRoutes(api) };
    },
  });
}

export default shippingModule();
