import { setTimeout as delay } from 'node:timers/promises';

/**
 * Waits for `running` at most `budgetMs`. A saga that outlasts the request's budget
 * goes on in the background (it holds its lease); the caller answers with what is known.
 */
export async function untilBudget<T>(running: Promise<T>, budgetMs: number): Promise<T | 'budget_spent'> {
  const timer = new AbortController();
  const budget = delay(budgetMs, 'budget_spent' as const, { signal: timer.signal, ref: false }).catch(
    () => 'budget_spent' as const,
  );
  try {
    return await Promise.race([running, budget]);
  } finally {
    timer.abort();
  }
}
