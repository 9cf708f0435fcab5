import { decodeCursor, encodeCursor, fail, limits, ok, type Result } from '@mercato/platform/kernel';
import type { AccountPatch, AccountSearch, Actor, AdminAccount, AdminCode, Customer } from '../contract.ts';
import { type AccountState, applyPatch, patchEndsSessions, patchProblem } from '../domain/account.ts';
import * as store from '../store.ts';
import type { CustomersDeps } from './deps.ts';
import { endSessionsIn } from './sessions.ts';
import { toAdminAccount, toCustomer } from './views.ts';

/** Longer search text is cut: nobody types more, and it bounds the LIKE pattern. */
export const searchTextLengthMax = 100;

function stateOf(row: store.AccountRow): AccountState {
  return { kind: row.kind, role: row.role, disabled: row.disabled_at !== null };
}

export function createAccountAdmin(deps: CustomersDeps) {
  return {
    async getCustomer(id: string): Promise<Result<Customer, 'customer_not_found'>> {
      const row = id.length <= 100 ? await store.accountById(deps.db, id) : undefined;
      return row === undefined ? fail('customer_not_found', 'No account has this id.') : ok(toCustomer(row));
    },

    async searchAccounts(
      query: AccountSearch,
    ): Promise<Result<{ items: AdminAccount[]; nextCursor: string | null }, 'invalid_cursor'>> {
      const limit = Math.min(Math.max(query.limit ?? limits.pageSizeDefault, 1), limits.pageSizeMax);
      let beforeId: string | undefined;
      if (query.cursor !== undefined) {
        const keys = decodeCursor(query.cursor);
        if (keys?.length !== 1 || typeof keys[0] !== 'string')
          return fail('invalid_cursor', 'This cursor was not made by this list.');
        beforeId = keys[0];
      }
      const text = query.q?.trim().slice(0, searchTextLengthMax);
      const rows = await store.searchAccounts(deps.db, {
        limit: limit + 1,
        ...(text === undefined || text === '' ? {} : { text }),
        ...(query.kind === undefined ? {} : { kind: query.kind }),
        ...(beforeId === undefined ? {} : { beforeId }),
      });
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      return ok({
        items: page.map(toAdminAccount),
        nextCursor: rows.length > limit && last ? encodeCursor([last.id]) : null,
      });
    },

    /**
     * One transaction: lock the active admins, then the account; check the guards;
     * write the change, its audit record (who, before, after) and, when the account
     * may now do less or more, the end of its sessions.
     */
    async updateAccount(actor: Actor, id: string, patch: AccountPatch): Promise<Result<AdminAccount, AdminCode>> {
      const outcome = await deps.db.transaction(async (tx) => {
        const admins = await store.lockActiveAdmins(tx);
        const before = id.length <= 100 ? await store.accountById(tx, id, true) : undefined;
        if (before === undefined) return { result: fail('customer_not_found', 'No account has this id.'), ended: [] };
        const problem = patchProblem(stateOf(before), patch, admins.filter((adminId) => adminId !== id).length);
        if (problem !== undefined) return { result: problem, ended: [] };
        const next = applyPatch(stateOf(before), patch);
        const endReason = patchEndsSessions(stateOf(before), next);
        if (next.role === before.role && next.disabled === (before.disabled_at !== null)) {
          return { result: ok(toAdminAccount(before)), ended: [] };
        }
        const now = deps.clock.now();
        const disabledAt = next.disabled ? (before.disabled_at ?? now) : null;
        const after = await store.updateAdminFields(tx, id, { role: next.role, disabledAt }, now);
        await deps.audit.record(tx, {
          actor:
            actor.principal.role === undefined
              ? { id: actor.principal.id }
              : { id: actor.principal.id, role: actor.principal.role },
          action: 'customers.update_account',
          entityType: 'account',
          entityId: id,
          before: toAdminAccount(before),
          after: toAdminAccount(after),
          ...(actor.requestId === undefined ? {} : { requestId: actor.requestId }),
        });
        const ended = endReason === undefined ? [] : await endSessionsIn(deps, tx, id, { allExcept: null }, endReason);
        return { result: ok(toAdminAccount(after)), ended };
      });
      deps.sessions.drop(outcome.ended);
      return outcome.result;
    },
  };
}
