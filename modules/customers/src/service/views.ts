import type { AdminAccount, Customer } from '../contract.ts';
import type { AccountRow } from '../store.ts';

/** The `customer` of API.md: never the hash, the TOTP secret or anything else internal. */
export function toCustomer(row: AccountRow): Customer {
  const customer: Customer = {
    id: row.id,
    email: row.email,
    name: row.name,
    createdAt: row.created_at.toISOString(),
    mfaEnabled: row.mfa_secret !== null,
  };
  if (row.kind === 'staff' && row.role !== null) customer.role = row.role;
  return customer;
}

export function toAdminAccount(row: AccountRow): AdminAccount {
  return { ...toCustomer(row), kind: row.kind, disabled: row.disabled_at !== null };
}
