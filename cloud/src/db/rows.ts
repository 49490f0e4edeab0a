/**
 * Rows of a raw SQL query on either driver: postgres-js answers with an array, PGlite with `{ rows }`.
 * Queries cast what they select (counts `::int`, times as epoch milliseconds `::float8`) so both drivers
 * hand back plain numbers.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from './client.ts';

export async function rowsOf<T>(db: Db, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown;
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

/** `(v1, v2, …)` for `IN`: one parameter per value (callers make sure the list is not empty). */
export const sqlList = (values: readonly string[]) =>
  sql`(${sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  )})`;
