import { setTimeout as delay } from 'node:timers/promises';
import type { CustomersApi } from '@mercato/customers/contract';
import { defineModule } from '@mercato/platform/module';
import { type CheckoutConfig, checkConfig } from './config.ts';
import type { CheckoutApi } from './contract.ts';
import { checkoutRoutes } from './http.ts';
import { createSagaRunner } from './saga/runner.ts';
import { createCheckoutService, type Participants } from './service.ts';
import { periodic } from './service/jobs.ts';

export { type CheckoutConfig, checkoutDefaults } from './config.ts';

type Uses = Participants & { readonly customers: CustomersApi };

export type CheckoutModuleOptions = {
  /**
   * Tests only: what to do when a saga reaches `config.crashAfterStep` (the crash
   * recovery test kills its own process here). Without `crashAfterStep` it is never called.
   */
  readonly crash?: (point: string) => void;
  /** Tests only: called at every saga point (`reserve:unpersisted`, `reserve`, `compensate:reserve`, …). */
  readonly onSagaPoint?: (point: string) => void;
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
      const crash = options.crash;
      if (config.crashAfterStep !== undefined && crash === undefined) {
        throw new Error('checkout.crashAfterStep is set but the module was given no crash hook');
      }
      const { crashAfterStep } = config;
      const onPoint = (point: string): void => {
        options.onSagaPoint?.(point);
        if (point === crashAfterStep) crash?.(point);
      };
      const runner = createSagaRunner({
        db: ctx.db,
        clock: ctx.clock,
        ids: ctx.ids,
        logger: ctx.logger,
        settings: config,
        ...(crashAfterStep === undefined && options.onSagaPoint === undefined ? {} : { onPoint }),
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
      const recovery = periodic(
        'checkout.recovery',
        config.recoveryIntervalMs,
        async () => [await api.recoverSagas(), await api.recoverRefunds()],
        ctx.logger,
      );
      const reconciliation = periodic(
        'checkout.reconciliation',
        config.reconciliationIntervalMs,
        () => api.reconcileAuthorizations(),
        ctx.logger,
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
