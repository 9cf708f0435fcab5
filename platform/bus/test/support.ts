import { pino } from 'pino';
import type { Db, Tx } from '../../db/port.ts';
import type { EventEnvelope, Subscription } from '../port.ts';
import { busTablesSql } from '../tables.ts';

export const logger = pino({ level: 'silent' });
export const eventType = 'test.thing_happened';

/** A schema with the bus tables and an `effects` table without unique keys, so a second effect shows. */
export async function createSchema(db: Db, schema: string): Promise<void> {
  await db.exec(`CREATE SCHEMA ${schema};
${busTablesSql(schema)}
CREATE TABLE ${schema}.effects (consumer text NOT NULL, event_id text NOT NULL);`);
}

export async function recordEffect(tx: Tx, schema: string, consumer: string, event: EventEnvelope): Promise<void> {
  await tx.query(`INSERT INTO ${schema}.effects (consumer, event_id) VALUES ($1, $2)`, [consumer, event.id]);
}

/** Effects per event id for one consumer. */
export async function effects(db: Db, schema: string, consumer: string): Promise<Map<string, number>> {
  const { rows } = await db.query<{ event_id: string; n: number }>(
    `SELECT event_id, count(*)::int AS n FROM ${schema}.effects WHERE consumer = $1 GROUP BY event_id`,
    [consumer],
  );
  return new Map(rows.map((row) => [row.event_id, Number(row.n)]));
}

export async function totalEffects(db: Db, schema: string, consumer: string): Promise<number> {
  let total = 0;
  for (const n of (await effects(db, schema, consumer)).values()) total += n;
  return total;
}

/** A subscription that records one effect row per handled event. */
export function effectSubscription(
  schema: string,
  consumer: string,
  types: readonly string[] = [eventType],
): Subscription {
  return { consumer, types, handle: (event, tx) => recordEffect(tx, schema, consumer, event) };
}

/**
 * A Db whose transactions throw on the next `times` statements matching `pattern`,
 * as if the process died right there: used to stop a relay between publishing and
 * marking.
 */
export function crashingDb(db: Db, pattern: RegExp, times = 1): Db {
  let remaining = times;
  const guard = (sql: string) => {
    if (remaining > 0 && pattern.test(sql)) {
      remaining--;
      throw new Error('simulated crash');
    }
  };
  return {
    ...db,
    async query(sql, params) {
      guard(sql);
      return db.query(sql, params);
    },
    transaction(work, options) {
      return db.transaction(
        (tx) =>
          work({
            query: async (sql, params) => {
              guard(sql);
              return tx.query(sql, params);
            },
            exec: (sql) => tx.exec(sql),
          }),
        options,
      );
    },
  };
}
