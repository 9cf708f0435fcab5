import { type Failure, fail } from '@mercato/platform/kernel';
import type { AccountPatch, StaffRole } from '../contract.ts';

/** What the admin rules need to know of an account. */
export type AccountState = {
  readonly kind: 'customer' | 'staff';
  readonly role: StaffRole | null;
  readonly disabled: boolean;
};

export const nameLengthMax = 200;

/** Trims a display name; undefined when nothing printable is left or it is too long. */
export function normalizeName(raw: string): string | undefined {
  const name = raw.trim();
  if (name.length === 0 || name.length > nameLengthMax) return undefined;
  // Control characters have no place in a name shown in emails and admin screens.
  if (/\p{Cc}/u.test(name)) return undefined;
  return name;
}

function isActiveAdmin(account: AccountState): boolean {
  return account.kind === 'staff' && account.role === 'admin' && !account.disabled;
}

/** The account as it will be once `patch` is applied. */
export function applyPatch(account: AccountState, patch: AccountPatch): AccountState {
  return {
    kind: account.kind,
    role: patch.role ?? account.role,
    disabled: patch.disabled ?? account.disabled,
  };
}

/**
 * Guards of an admin's change, in order: only staff hold roles, and the last active
 * admin can be neither demoted nor disabled (nobody could undo it).
 */
export function patchProblem(
  account: AccountState,
  patch: AccountPatch,
  otherActiveAdmins: number,
): Failure<'not_staff' | 'last_admin'> | undefined {
  if (patch.role !== undefined && account.kind !== 'staff')
    return fail('not_staff', 'Only staff accounts have a role.');
  if (isActiveAdmin(account) && !isActiveAdmin(applyPatch(account, patch)) && otherActiveAdmins === 0) {
    return fail('last_admin', 'This is the last active admin: make another admin first.');
  }
  return undefined;
}

/** A change that alters what the account may do ends its sessions, so it takes effect at once everywhere. */
export function patchEndsSessions(
  before: AccountState,
  after: AccountState,
): 'account_disabled' | 'role_changed' | undefined {
  if (after.disabled && !before.disabled) return 'account_disabled';
  if (after.role !== before.role) return 'role_changed';
  return undefined;
}
