import { defineModule } from '@mercato/platform/module';
import { parseNotificationsConfig } from './config.ts';
import type { NotificationsApi } from './contract.ts';
import { notificationsSubscriptions } from './handlers.ts';
import { notificationsRoutes } from './http.ts';
import { notificationsJobs } from './jobs.ts';
import { createNotificationsService, type NotificationsDeps } from './service.ts';
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
  return defineModule<NotificationsApi, unknown>({
    name: 'notifications',
    uses: [],
    migrations: new URL('../migrations/', import.meta.url),
    create(ctx) {
      const config = parseNotificationsConfig(ctx.config);
      const transport =
        options.transport ??
        (config.transport === 'smtp' && config.smtpUrl !== undefined
          ? smtpTransport({ url: config.smtpUrl, timeoutMs: config.sendTimeoutMs })
          : mailboxTransport(ctx.db, ctx.clock));
      ctx.logger.info({ transport: transport.kind }, 'notifications transport ready');
      const deps: NotificationsDeps = {
        db: ctx.db,
        clock: ctx.clock,
        ids: ctx.ids,
        logger: ctx.logger,
        metrics: ctx.metrics,
        rateLimiter: ctx.rateLimiter,
        transport,
        config,
      };
      const api = createNotificationsService(deps);
      const jobs = notificationsJobs(api, config, ctx.logger);
      return {
        api,
        routes: notificationsRoutes(api),
        subscriptions: notificationsSubscriptions(deps),
        start: async () => jobs.start(),
        stop: async () => {
          await jobs.stop();
          await transport.close();
        },
      };
    },
  });
}

export default notificationsModule();
