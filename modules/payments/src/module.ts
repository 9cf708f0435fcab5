import { defineModule, type ModuleContext } from '@mercato/platform/module';
import { parsePaymentsConfig, type PaymentsConfig } from './config.ts';
import type { PaymentsApi } from './contract.ts';
import { paymentsRoutes } from './http.ts';
import type { PaymentProvider } from './provider/port.ts';
import { createTestProvider } from './provider/test-provider.ts';
import { createPaymentsService } from './service.ts';

export { type PaymentsConfig, paymentsDefaults } from './config.ts';
export type { PaymentProvider } from './provider/port.ts';

/** Log fields that could ever hold payment input; censored even if someone logs them by mistake. */
export const redactedPaths = ['token', '*.token', 'payment', '*.payment', 'number', '*.number', 'cvc', '*.cvc'];

export type PaymentsModuleOptions = {
  /** Replaces the configured provider (tests: a flaky or instrumented one). */
  readonly provider?: (ctx: ModuleContext<PaymentsConfig>, config: PaymentsConfig) => PaymentProvider;
};

/**
 * Payments: a provider behind a port, payment records and a money ledger. Takes only
 * provider tokens: no card number or security code is ever accepted, stored or logged.
 * A leaf: it calls no other module and consumes no events.
 */
export function paymentsModule(options: PaymentsModuleOptions = {}) {
  return defineModule<PaymentsApi, PaymentsConfig>({
    name: 'payments',
    uses: [],
    migrations: new URL('../migrations/', import.meta.url),
    create(ctx) {
      // The host passes `{}` when the app configures nothing: defaults fill the gaps.
      const config = parsePaymentsConfig(ctx.config);
      const logger = ctx.logger.child({}, { redact: { paths: redactedPaths, censor: '[redacted]' } });
      const provider =
        options.provider?.(ctx, config) ??
        createTestProvider({
          db: ctx.db,
          clock: ctx.clock,
          ids: ctx.ids,
          slowDelayMs: config.testProvider.slowDelayMs,
        });
      const api = createPaymentsService({
        db: ctx.db,
        outbox: ctx.outbox,
        clock: ctx.clock,
        ids: ctx.ids,
        logger,
        provider,
        amountMax: config.amountMax,
      });
      return { api, routes: paymentsRoutes(api) };
    },
  });
}

export default paymentsModule();
