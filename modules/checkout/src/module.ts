import { setTimeout as delay } from 'node:timers/promises';
import type { CustomersApi } from '@mercato/customers/contract';
import { defineModule, periodicJob } from '@mercato/platform/module';
import { type CheckoutConfig, checkConfig } from './config.ts';
import type { CheckoutApi } from './contract.ts';
import { checkoutRoutes } from './http.ts';
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
  return defineModule<CheckoutApi, CheckoutConfig, Uses>({
    name: 'checkout',
    uses: ['cart', 'customers', 'inventory', 'payments', 'shipping'],
    migrations: new URL('../migrations/', import.meta.url),
    create(ctx) {
      // The host passes `{}` when the app configures nothing: defaults fill the gaps.
      const config = checkConfig(ctx.config as Partial<CheckoutConfig>);
      const runner = createSagaRunner({ db: ctx.db, clock: ctx.clock, logger: ctx.logger, settings: config });
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
      // Both run at start too: a restart resumes what a crash left behind at once.
      const recovery = periodicJob(
        'checkout.recovery',
        async () => [await api.recoverSagas(), await api.recoverRefunds()],
        config.recoveryIntervalMs,
        ctx.logger,
        { runAtStart: true },
      );
      const reconciliation = periodicJob(
        'checkout.reconciliation',
        () => api.reconcileAuthorizations(),
        config.reconciliationIntervalMs,
        ctx.logger,
        { runAtStart: true },
      );
      return {
        api,
        routes: checkoutRoutes(api),
        async start() {
          recovery.start();
          reconciliation.start();
        },
        async stop() {
          // Timers end at once; a pass under way ends when its sagas reach a step boundary.
          const jobs = Promise.all([recovery.stop(), reconciliation.stop()]);
          await runner.stop(config.stopTimeoutMs);
          await Promise.race([jobs, delay(config.stopTimeoutMs, undefined, { ref: false })]);
        },
      };
    },
  });
}

export default checkoutModule();
