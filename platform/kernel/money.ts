import { assert } from './assert.ts';

/** Money is integer minor units and a currency code. Never floats. */
export type Money = { readonly amount: number; readonly currency: string };

const currencyPattern = /^[A-Z]{3}$/;

export function money(amount: number, currency: string): Money {
  assert(Number.isSafeInteger(amount), `money amount must be a safe integer: ${amount}`);
  assert(currencyPattern.test(currency), `currency must be an ISO 4217 code: ${currency}`);
  return { amount, currency };
}

export function addMoney(a: Money, b: Money): Money {
  assert(a.currency === b.currency, `cannot add ${a.currency} to ${b.currency}`);
  return money(a.amount + b.amount, a.currency);
}

export function multiplyMoney(a: Money, factor: number): Money {
  assert(Number.isSafeInteger(factor), `money factor must be an integer: ${factor}`);
  return money(a.amount * factor, a.currency);
}

export function zeroMoney(currency: string): Money {
  return money(0, currency);
}
