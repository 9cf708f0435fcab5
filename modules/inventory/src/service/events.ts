import type { NewEvent, Outbox } from '@mercato/platform/bus';
import { appendEventsMax } from '@mercato/platform/bus';
import type { Tx } from '@mercato/platform/db';
import { type SkuChange, stockEvents } from '../domain/stock.ts';

/** Appends the events of every SKU this transaction changed, in the same transaction. */
export async function appendStockEvents(outbox: Outbox, tx: Tx, changes: readonly SkuChange[]): Promise<void> {
  const events: NewEvent[] = changes.flatMap(stockEvents);
  for (let start = 0; start < events.length; start += appendEventsMax) {
    await outbox.append(tx, events.slice(start, start + appendEventsMax));
  }
}
