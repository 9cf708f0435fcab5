import { defineModule } from '@mercato/platform/module';
import { parseNotificationsConfig, type NotificationsConfig } from './config.ts';
import type { NotificationsApi } from './contract.ts';
import { subscriptions } from './handlers.ts';
import { notificationsRoutes } from './http.ts';
import { createNotificationsService } from './service.ts';
import { createTicker } from './service/ticker.ts';
import { mailboxTransport } from './transport/mailbox.ts';
import type { MailTransport } from './transport/port.ts';
import { smtpTransport } from './transport/smtp.ts';

export { type NotificationsConfig, notificationsDefaults } from './config.ts';
export { type MailTransport, type OutgoingMail, PermanentSendError } from './transport/port.ts';

export type NotificationsModuleOptions = {
  /** Replaces the configured transport (tests: a transport that fails on demand). */
  readonly transport?: MailTransport;
};

/**
 * Notifications: turns other modules' events into messages, written once per event in
 * the transaction of its inbox row, and sends them through a transport (the mailbox in
 * the data directory by default, SMTP by URL in production) with retries and backoff.
 * It calls no other module: what it needs to know it keeps from their events.
 */
export function notificationsModule(options: NotificationsModuleOptions = {}) {
  return defineModule<NotificationsApi, NotificationsConfig>({
    name: 'notifications',
    uses: [],
    migrations: new URL('../migrations/', import.meta.url),
    create(ctx) {
      // The host passes `{}` when the app configures nothing: defaults fill the gaps.
      const config = parseNotificationsConfig(ctx.config);
      const transport =
        options.transport ??
        (config.transport === 'smtp' && config.smtpUrl !== undefined
          ? smtpTransport({ url: config.smtpUrl, timeoutMs: config.sendTimeoutMs })
          : mailboxTransport(ctx.db, ctx.clock));
      const deps = {
        db: ctx.db,
        clock: ctx.clock,
        ids: ctx.ids,
        logger: ctx.logger,
        rateLimiter: ctx.rateLimiter,
        transport,
        config,
      };
      const service = createNotificationsService(deps, ctx.metrics);
      const api: NotificationsApi = {
        subscribeBackInStock: service.subscribeBackInStock,
        listMailbox: service.listMailbox,
        sendDue: service.sendDue,
      };
      const ticker = createTicker(
        async () => (await service.sendDue()).claimed >= config.sendBatchSize,
        config.sendIntervalMs,
        ctx.logger,
      );
      ctx.logger.info({ transport: transport.kind }, 'notifications transport ready');
      return {
        api,
        routes: notificationsRoutes(api),
        subscriptions: subscriptions(service),
        start: async () => ticker.start(),
        stop: async () => {
          await ticker.stop();
          await transport.close();
        },
      };
    },
  });
}

export default notificationsModule();
