import { inResultTransaction, uniqueViolation } from '@mercato/platform/db';
import { decodeCursor, encodeCursor, fail, limits, ok, type Result } from '@mercato/platform/kernel';
import type {
  Actor,
  CreateDiscountCode,
  CreateDiscountInput,
  Discount,
  DiscountListQuery,
  DiscountPage,
  ListDiscountsCode,
  UpdateDiscountCode,
  UpdateDiscountInput,
} from '../contract.ts';
import { planNewDiscount, planUpdate } from '../domain/discount.ts';
import * as store from '../store.ts';
import { type CartDeps, transactionOptions } from './deps.ts';
import { toDiscount } from './views.ts';

export const discountAuditActions = {
  createDiscount: 'cart.create_discount',
  updateDiscount: 'cart.update_discount',
} as const;

function auditActor(actor: Actor) {
  return actor.role === undefined ? { id: actor.id } : { id: actor.id, role: actor.role };
}

const requestIdOf = (actor: Actor) => (actor.requestId === undefined ? {} : { requestId: actor.requestId });

/** A cursor is the (createdAt, id) of the last discount served, exactly as written here. */
function afterOf(cursor: string | undefined): { createdAt: Date; id: string } | undefined | 'invalid' {
  if (cursor === undefined) return undefined;
  const keys = decodeCursor(cursor);
  if (keys?.length !== 2) return 'invalid';
  const [createdAt, id] = keys;
  if (typeof createdAt !== 'string' || typeof id !== 'string') return 'invalid';
  const instant = new Date(createdAt);
  return Number.isNaN(instant.getTime()) || instant.toISOString() !== createdAt
    ? 'invalid'
    : { createdAt: instant, id };
}

/** Staff manage discount codes; every write is audited in its own transaction. */
export function createDiscountAdmin(deps: CartDeps) {
  const { db } = deps;

  async function createDiscount(
    actor: Actor,
    input: CreateDiscountInput,
  ): Promise<Result<Discount, CreateDiscountCode>> {
    const planned = planNewDiscount(input, deps.config.currency);
    if (!planned.ok) return planned;
    try {
      return await inResultTransaction(
        db,
        async (tx) => {
          const now = deps.clock.now();
          const created = toDiscount(await store.insertDiscount(tx, deps.ids.next('disc'), planned.value, now));
          await deps.audit.record(tx, {
            actor: auditActor(actor),
            action: discountAuditActions.createDiscount,
            entityType: 'discount',
            entityId: created.id,
            before: null,
            after: created,
            ...requestIdOf(actor),
          });
          return ok(created);
        },
        transactionOptions,
      );
    } catch (error) {
      if (uniqueViolation(error) === 'discounts_code_key') {
        return fail('code_taken', 'Another discount has this code.', { code: planned.value.code });
      }
      throw error;
    }
  }

  async function listDiscounts(query: DiscountListQuery): Promise<Result<DiscountPage, ListDiscountsCode>> {
    const limit = Math.max(1, Math.min(Math.trunc(query.limit ?? limits.pageSizeDefault), limits.pageSizeMax));
    const after = afterOf(query.cursor);
    if (after === 'invalid') return fail('invalid_cursor', 'This cursor was not given out by this list.');
    const rows = await store.pageOfDiscounts(db, after, limit);
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    const nextCursor =
      rows.length > limit && last !== undefined ? encodeCursor([last.createdAt.toISOString(), last.id]) : null;
    return ok({ items: page.map(toDiscount), nextCursor });
  }

  async function updateDiscount(
    actor: Actor,
    discountId: string,
    input: UpdateDiscountInput,
  ): Promise<Result<Discount, UpdateDiscountCode>> {
    return inResultTransaction(
      db,
      async (tx) => {
        const current = await store.lockDiscount(tx, discountId);
        if (current === undefined) return fail('discount_not_found', 'No discount has this id.');
        const planned = planUpdate(current, input);
        if (!planned.ok) return planned;
        const updated = toDiscount(await store.saveSettings(tx, discountId, planned.value, deps.clock.now()));
        await deps.audit.record(tx, {
          actor: auditActor(actor),
          action: discountAuditActions.updateDiscount,
          entityType: 'discount',
          entityId: discountId,
          before: toDiscount(current),
          after: updated,
          ...requestIdOf(actor),
        });
        return ok(updated);
      },
      transactionOptions,
    );
  }

  return { createDiscount, listDiscounts, updateDiscount };
}
