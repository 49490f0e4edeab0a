/** The KPI catalogue and the daily facts: storage. */
import { and, asc, eq, gte, inArray, lte, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { SubjectKind } from './facts.ts';
import { employees } from '../staff/staff.table.ts';
import { kpiDaily, kpiDefinitions } from './performance.table.ts';

export type KpiDefinitionRow = typeof kpiDefinitions.$inferSelect;
export type KpiDailyRow = typeof kpiDaily.$inferSelect;

export const performanceRepository = {
  /** The roles of the employees among `ids` (a KPI may apply to some roles only). */
  employeeRoles: (db: Db, ids: readonly string[]) =>
    ids.length === 0
      ? Promise.resolve([] as Array<{ id: string; role: string }>)
      : db
          .select({ id: employees.id, role: employees.role })
          .from(employees)
          .where(inArray(employees.id, [...ids])),
  /**
   * The version of each KPI in force at `at` (default now): per key the newest version created by then,
   * unless that key was retired by then.
   */
  async definitionsInForce(db: Db, at: Date = new Date()): Promise<KpiDefinitionRow[]> {
    const rows = await db
      .select()
      .from(kpiDefinitions)
      .where(lte(kpiDefinitions.createdAt, at))
      .orderBy(asc(kpiDefinitions.key), asc(kpiDefinitions.version));
    const newest = new Map<string, KpiDefinitionRow>();
    for (const r of rows) newest.set(r.key, r);
    return [...newest.values()].filter((r) => !r.retiredAt || r.retiredAt > at);
  },
  /** Given versions (what a published cycle or report named). */
  definitionsByVersion: (db: Db, refs: ReadonlyArray<{ key: string; version: number }>) =>
    refs.length === 0
      ? Promise.resolve([] as KpiDefinitionRow[])
      : db
          .select()
          .from(kpiDefinitions)
          .where(
            sql`(${kpiDefinitions.key}, ${kpiDefinitions.version}) in (${sql.join(
              refs.map((r) => sql`(${r.key}, ${r.version})`),
              sql`, `,
            )})`,
          ),
  /** Replaces a hall-day's rows (every subject) in one transaction. */
  async putDay(
    db: Db,
    hallId: string,
    date: string,
    rows: ReadonlyArray<Omit<typeof kpiDaily.$inferInsert, 'hallId' | 'date'>>,
  ) {
    await db.transaction(async (tx) => {
      await tx.delete(kpiDaily).where(and(eq(kpiDaily.hallId, hallId), eq(kpiDaily.date, date)));
      for (let i = 0; i < rows.length; i += 500)
        await tx
          .insert(kpiDaily)
          .values(rows.slice(i, i + 500).map((r) => ({ ...r, hallId, date, computedAt: new Date() })));
    });
  },
  /** The daily rows of the halls in [from, to] (hall-local dates), of one subject kind (and ids when given). */
  daily: (
    db: Db,
    q: {
      hallIds: readonly string[];
      from: string;
      to: string;
      subjectKind: SubjectKind;
      subjectIds?: readonly string[];
    },
  ) =>
    q.hallIds.length === 0
      ? Promise.resolve([] as KpiDailyRow[])
      : db
          .select()
          .from(kpiDaily)
          .where(
            and(
              inArray(kpiDaily.hallId, [...q.hallIds]),
              gte(kpiDaily.date, q.from),
              lte(kpiDaily.date, q.to),
              eq(kpiDaily.subjectKind, q.subjectKind),
              q.subjectIds ? inArray(kpiDaily.subjectId, [...q.subjectIds]) : undefined,
            ),
          )
          .orderBy(asc(kpiDaily.date)),
};
