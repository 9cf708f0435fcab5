import type { CustomersApi } from '@mercato/customers/contract';
import { defineModule } from '@mercato/platform/module';
import { parseCheckoutConfig } from './config.ts';
import type { CheckoutApi } from './contract.ts';
import { checkoutRoutes } from './http.ts';
import { checkoutJobs } from './jobs.ts';
import { createSagaRunner } from './saga/runner.ts';
import { createCheckoutService, type Participants } from './service.ts';

export { type CheckoutConfig, checkoutDefaults } from './config.ts';

type Uses = Participants & { readonly customers: CustomersApi };

export type CheckoutModuleOptions = {
  /** Replaces participants (tests: a deliberately naive inventory, a failing carrier). */
  readonly participants?: (uses: Participants) => Partial<Participants>;
};

/**
 * Checkout: places orders with an orchestrated saga (cart, stock, payment, shipment,
 * confirmation), owns the orders afterwards (cancel, fulfill in parcels, deliver,
 * returns, refunds), resumes sagas and settles refunds a crash left behind, and voids
 * authorizations that have no order.
 */
export function checkoutModule(options: CheckoutModuleOptions = {}) {
  return defineModule<CheckoutApi, unknown, Uses>({
    name: 'checkout',
    uses: ['cart', 'customers', 'inventory', 'payments', 'shipping'],
    migrations: new URL('../migrations/', import.meta.url),
    create(ctx) {
      const config = parseCheckoutConfig(ctx.config);
      const runner = createSagaRunner({
        db: ctx.db,
        clock: ctx.clock,
        ids: ctx.ids,
        logger: ctx.logger,
        settings: config,
      });
      const { cart, inventory, payments, shipping } = ctx.uses;
      const participants = {
        cart,
        inventory,
        payments,
        shipping,
        ...options.participants?.({ cart, inventory, payments, shipping }),
      };
      const api = createCheckoutService({
        ...participants,
        db: ctx.db,
        outbox: ctx.outbox,
        audit: ctx.audit,
        clock: ctx.clock,
        ids: ctx.ids,
        logger: ctx.logger,
        config,
        runner,
      });
      const jobs = checkoutJobs(api, runner, config, ctx.logger);
      return {
        api,
        routes: checkoutRoutes(api),
        start: async () => jobs.start(),
        stop: () => jobs.stop(),
      };
    },
  });
}

export default checkoutModule();
