import { inResultTransaction } from '@mercato/platform/db';
import { assert, decodeCursor, encodeCursor, fail, limits, ok, type Result } from '@mercato/platform/kernel';
import {
  type AcceptReturnCode,
  type Actor,
  type AdminListReturnsInput,
  checkoutAuditActions,
  checkoutEvents,
  checkoutLimits,
  type OrderAccess,
  type RejectReturnCode,
  type Return,
  type ReturnPage,
  type ReturnRequestCode,
  type ReturnRequestedData,
  type ReturnRequestInput,
  type ReturnStatus,
} from '../contract.ts';
import { anythingReturnable, planReturn } from '../domain/quantities.ts';
import { checkReturnMove } from '../domain/return-status.ts';
import { currenciesOf, findOrder, lockOrder, type OrderRow } from '../store/orders.ts';
import {
  changeReturn,
  countReturns,
  insertReturn,
  listReturns,
  lockReturn,
  type ReturnRow,
  returnItems,
} from '../store/returns.ts';
import { recordStaffWrite } from './audit.ts';
import type { CheckoutDeps } from './deps.ts';
import { lineStates } from './fulfill.ts';
import { mayAccess } from './orders.ts';
import { toReturn } from './views.ts';

const orderNotFound = () => fail('order_not_found', 'No such order.');
export const returnNotFound = () => fail('return_not_found', 'No such return.');

/** Returns are asked for while the order shows its delivery and still holds money to give back. */
function returnable(order: OrderRow): boolean {
  return order.delivered_at != null && (order.status === 'delivered' || order.status === 'partially_refunded');
}

/** Returns as the API shows them (in their orders' currencies), in a fixed number of queries. */
export async function returnViews(deps: Pick<CheckoutDeps, 'db'>, rows: readonly ReturnRow[]): Promise<Return[]> {
  const [currencies, items] = await Promise.all([
    currenciesOf(
      deps.db,
      rows.map((row) => row.order_id),
    ),
    returnItems(
      deps.db,
      rows.map((row) => row.id),
    ),
  ]);
  return rows.map((row) => {
    const currency = currencies.get(row.order_id);
    assert(currency !== undefined, `return ${row.id} names a missing order`);
    return toReturn(row, items, currency);
  });
}

export async function returnView(deps: Pick<CheckoutDeps, 'db'>, row: ReturnRow): Promise<Return> {
  const [view] = await returnViews(deps, [row]);
  return view!;
}

function afterKeys(cursor: string | undefined): { createdAt: Date; id: string } | 'invalid' | undefined {
  if (cursor === undefined) return undefined;
  const [createdAt, id] = decodeCursor(cursor) ?? [];
  if (typeof createdAt !== 'string' || typeof id !== 'string' || Number.isNaN(new Date(createdAt).getTime()))
    return 'invalid';
  return { createdAt: new Date(createdAt), id };
}

/** A customer's return request and the staff's decisions on it (receiving is `receive-return.ts`). */
export function createReturns(deps: CheckoutDeps) {
  const { db, clock, outbox } = deps;

  /**
   * The rules, in order: the caller may see the order (else 404, as for reads), it was
   * delivered, within the window, and the units were delivered and not yet returned.
   * Checked under the order's row lock, so two requests cannot both take the last units.
   */
  async function requestReturn(
    orderId: string,
    access: OrderAccess,
    input: ReturnRequestInput,
  ): Promise<Result<Return, ReturnRequestCode>> {
    const found = await findOrder(db, orderId);
    if (found === undefined || !mayAccess(found, access)) return orderNotFound();
    const created = await inResultTransaction(db, async (tx): Promise<Result<ReturnRow, ReturnRequestCode>> => {
      const order = await lockOrder(tx, orderId);
      if (order === undefined) return orderNotFound();
      if (!returnable(order))
        return fail('order_not_returnable', `An order that is ${order.status} and not delivered cannot be returned.`, {
          status: order.status,
        });
      const now = clock.now();
      const closedAt = new Date(order.delivered_at!.getTime() + deps.config.returnWindowMs);
      if (now > closedAt)
        return fail('return_window_closed', 'The time to return this order has passed.', {
          closedAt: closedAt.toISOString(),
        });
      const lines = await lineStates(tx, orderId);
      if (!anythingReturnable(lines))
        return fail('order_not_returnable', 'Every delivered item was returned already.', { status: order.status });
      const planned = planReturn(lines, input.items);
      if (!planned.ok) return planned;
      if ((await countReturns(tx, orderId)) >= checkoutLimits.returnsPerOrderMax) {
        return fail(
          'order_not_returnable',
          `An order takes at most ${checkoutLimits.returnsPerOrderMax} return requests.`,
          { status: order.status },
        );
      }
      const row: ReturnRow = {
        id: deps.ids.next('ret'),
        order_id: orderId,
        status: 'requested',
        reason: input.reason,
        location_id: null,
        refunded: 0,
        created_at: now,
        updated_at: now,
      };
      await insertReturn(tx, row, planned.value);
      const data: ReturnRequestedData = {
        returnId: row.id,
        orderId,
        number: order.number,
        customerId: order.customer_id,
        email: order.email,
        items: planned.value.map(({ orderItemId, sku, quantity }) => ({ orderItemId, sku, quantity })),
        reason: input.reason,
        requestedAt: now.toISOString(),
      };
      await outbox.append(tx, [{ type: checkoutEvents.returnRequested, data }]);
      return ok(row);
    });
    return created.ok ? ok(await returnView(deps, created.value)) : created;
  }

  /** requested → accepted or rejected: a conditional move, audited in its transaction. */
  async function decide<Code extends string>(
    actor: Actor,
    returnId: string,
    to: ReturnStatus,
    refusal: Code,
    action: string,
  ): Promise<Result<Return, Code | 'return_not_found'>> {
    const moved = await inResultTransaction(db, async (tx): Promise<Result<ReturnRow, Code | 'return_not_found'>> => {
      const current = await lockReturn(tx, returnId);
      if (current === undefined) return returnNotFound();
      const allowed = checkReturnMove(current.status, to, refusal);
      if (!allowed.ok) return allowed;
      const after = await changeReturn(tx, returnId, current.status, to, {}, clock.now());
      if (after === undefined) throw new Error(`return ${returnId} changed while locked`);
      await recordStaffWrite(deps, tx, actor, {
        action,
        entityType: 'return',
        entityId: returnId,
        before: { status: current.status },
        after: { status: to },
      });
      return ok(after);
    });
    return moved.ok ? ok(await returnView(deps, moved.value)) : moved;
  }

  async function adminListReturns(input: AdminListReturnsInput): Promise<Result<ReturnPage, 'invalid_cursor'>> {
    const after = afterKeys(input.cursor);
    if (after === 'invalid') return fail('invalid_cursor', 'The cursor is not one this list gave out.');
    const limit = Math.min(input.limit ?? limits.pageSizeDefault, checkoutLimits.pageSizeMax);
    const rows = await listReturns(db, {
      ...(input.status === undefined ? {} : { status: input.status }),
      ...(after === undefined ? {} : { after }),
      limit,
    });
    const served = rows.slice(0, limit);
    const last = served.at(-1);
    const items = await returnViews(deps, served);
    return ok({
      items,
      nextCursor:
        rows.length > limit && last !== undefined ? encodeCursor([last.created_at.toISOString(), last.id]) : null,
    });
  }

  return {
    requestReturn,
    adminListReturns,
    acceptReturn: (actor: Actor, returnId: string): Promise<Result<Return, AcceptReturnCode>> =>
      decide(actor, returnId, 'accepted', 'return_not_acceptable', checkoutAuditActions.acceptReturn),
    rejectReturn: (actor: Actor, returnId: string): Promise<Result<Return, RejectReturnCode>> =>
      decide(actor, returnId, 'rejected', 'return_not_rejectable', checkoutAuditActions.rejectReturn),
  };
}
