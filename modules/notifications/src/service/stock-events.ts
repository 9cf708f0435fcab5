import { type EventEnvelope, parseEventData } from '@mercato/platform/bus';
import type { Tx } from '@mercato/platform/db';
import { lowStockThresholdOf } from '../config.ts';
import { ConsumedProductSchema, ConsumedStockSchema, notificationsLimits } from '../contract.ts';
import { decideAlert } from '../domain/low-stock.ts';
import { backInStock, lowStock } from '../domain/templates/index.ts';
import * as store from '../store.ts';
import type { NotificationsDeps } from './deps.ts';
import { titleOf } from './event-data.ts';
import { newMessage } from './messages.ts';

/** Claim-and-write rounds for one back_in_stock event: enough for the per-variant cap. */
const notifyRoundsMax =
  Math.ceil(notificationsLimits.subscriptionsPerVariantMax / notificationsLimits.notifyBatchSize) + 1;

/** Catalog and inventory events: the variant read model, back-in-stock messages and low-stock alerts. */
export function createStockHandlers(deps: NotificationsDeps) {
  const { config } = deps;
  return {
    /** catalog.product_created / product_updated: keep variant → SKU and titles. */
    async productChanged(event: EventEnvelope, tx: Tx): Promise<void> {
      const data = parseEventData(ConsumedProductSchema, event);
      const variants = data.variants.map((variant) => ({
        variantId: variant.id,
        productId: data.id,
        sku: variant.sku,
        productTitle: data.title,
        variantTitle: variant.title,
        archived: data.archived ?? false,
      }));
      await store.upsertVariants(tx, variants, new Date(event.occurredAt));
    },

    /**
     * inventory.back_in_stock: every waiting subscriber of the SKU's variants gets one
     * message. Each subscription is claimed (waiting → notified) by a conditional
     * UPDATE in this transaction, and each message has a dedupe key: a second delivery
     * of the event finds nobody waiting and, were it to, could not write a second message.
     */
    async backInStock(event: EventEnvelope, tx: Tx): Promise<void> {
      const data = parseEventData(ConsumedStockSchema, event);
      const now = deps.clock.now();
      for (let round = 0; round < notifyRoundsMax; round++) {
        const claimed = await store.claimWaitingForSku(tx, {
          sku: data.sku,
          eventId: event.id,
          now,
          limit: notificationsLimits.notifyBatchSize,
        });
        const messages = claimed.map((subscriber) =>
          newMessage(
            deps,
            'back_in_stock',
            event.id,
            subscriber.email,
            backInStock({
              shopName: config.shopName,
              title: titleOf(subscriber.productTitle, subscriber.variantTitle),
              sku: data.sku,
            }),
          ),
        );
        await store.insertMessages(tx, messages, now);
        if (claimed.length < notificationsLimits.notifyBatchSize) return;
      }
      deps.logger.warn(
        { eventId: event.id, sku: data.sku },
        'more back-in-stock subscribers than the per-variant cap; the rest wait for the next return',
      );
    },

    /** inventory.stock_changed: one alert to staff per crossing below the SKU's threshold. */
    async stockChanged(event: EventEnvelope, tx: Tx): Promise<void> {
      const data = parseEventData(ConsumedStockSchema, event);
      const now = deps.clock.now();
      const threshold = lowStockThresholdOf(config, data.sku);
      const state = await store.lockAlertState(tx, data.sku, now);
      const decision = decideAlert(state.fresh ? undefined : state, {
        available: data.available,
        threshold,
        eventAt: new Date(event.occurredAt),
      });
      if (decision.next === undefined) return;
      await store.saveAlertState(tx, data.sku, decision.next, now);
      if (!decision.alert) return;
      const variant = await store.variantBySku(tx, data.sku);
      const title = variant === undefined ? undefined : titleOf(variant.productTitle, variant.variantTitle);
      const rendered = lowStock({
        shopName: config.shopName,
        sku: data.sku,
        title,
        available: data.available,
        threshold,
      });
      await store.insertMessages(tx, [newMessage(deps, 'low_stock', event.id, config.staffEmail, rendered)], now);
    },
  };
}
