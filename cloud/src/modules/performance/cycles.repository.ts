/** Assessment flows, cycles, sheets, lines, appeals and their history: storage. */
import { and, asc, desc, eq, inArray, isNull, lte, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { userRoles, users } from '../access/access.table.ts';
import { halls } from '../halls/halls.table.ts';
import { employees } from '../staff/staff.table.ts';
import {
  assessmentAppeals,
  assessmentCycles,
  assessmentEvents,
  assessmentFlows,
  assessmentLines,
  assessmentSheets,
} from './cycles.table.ts';

export type FlowRow = typeof assessmentFlows.$inferSelect;
export type CycleRow = typeof assessmentCycles.$inferSelect;
export type SheetRow = typeof assessmentSheets.$inferSelect;
export type LineRow = typeof assessmentLines.$inferSelect;
export type AppealRow = typeof assessmentAppeals.$inferSelect;
export type CycleEventRow = typeof assessmentEvents.$inferSelect;

export const cyclesRepository = {
  flows: (db: Db) => db.select().from(assessmentFlows).orderBy(asc(assessmentFlows.key), desc(assessmentFlows.version)),
  latestFlow: async (db: Db, key: string) =>
    (
      await db
        .select()
        .from(assessmentFlows)
        .where(eq(assessmentFlows.key, key))
        .orderBy(desc(assessmentFlows.version))
        .limit(1)
    )[0] ?? null,
  /** Inserts a flow version; false when that key+version exists already (a concurrent save or seed). */
  insertFlow: async (db: Db, row: typeof assessmentFlows.$inferInsert) =>
    (await db.insert(assessmentFlows).values(row).onConflictDoNothing().returning({ id: assessmentFlows.id })).length >
    0,

  insertCycle: async (db: Db, row: typeof assessmentCycles.$inferInsert) =>
    (await db.insert(assessmentCycles).values(row).returning())[0] as CycleRow,
  cycle: async (db: Db, id: number) =>
    (await db.select().from(assessmentCycles).where(eq(assessmentCycles.id, id)))[0] ?? null,
  /** The cycle's row locked for the rest of the transaction: one stage move or sheet change at a time. */
  cycleForUpdate: async (db: Db, id: number) =>
    (await db.select().from(assessmentCycles).where(eq(assessmentCycles.id, id)).for('update'))[0] ?? null,
  updateCycle: (db: Db, id: number, set: Partial<typeof assessmentCycles.$inferInsert>) =>
    db.update(assessmentCycles).set(set).where(eq(assessmentCycles.id, id)),
  cycles: (db: Db, limit: number) =>
    db.select().from(assessmentCycles).orderBy(desc(assessmentCycles.openedAt), desc(assessmentCycles.id)).limit(limit),
  /** Open cycles whose current stage is due by `now` (the deadline job). */
  dueCycles: (db: Db, now: Date, limit: number) =>
    db
      .select()
      .from(assessmentCycles)
      .where(and(eq(assessmentCycles.status, 'open'), lte(assessmentCycles.stageDueAt, now)))
      .orderBy(asc(assessmentCycles.stageDueAt))
      .limit(limit),

  insertSheet: async (db: Db, row: typeof assessmentSheets.$inferInsert) =>
    (await db.insert(assessmentSheets).values(row).returning())[0] as SheetRow,
  insertLines: (db: Db, rows: Array<typeof assessmentLines.$inferInsert>) =>
    rows.length ? db.insert(assessmentLines).values(rows) : Promise.resolve(),
  sheet: async (db: Db, id: number) =>
    (await db.select().from(assessmentSheets).where(eq(assessmentSheets.id, id)))[0] ?? null,
  sheetsOf: (db: Db, cycleId: number) =>
    db.select().from(assessmentSheets).where(eq(assessmentSheets.cycleId, cycleId)).orderBy(asc(assessmentSheets.id)),
  sheetsOfEmployee: (db: Db, employeeId: string) =>
    db
      .select({ sheet: assessmentSheets, cycle: assessmentCycles })
      .from(assessmentSheets)
      .innerJoin(assessmentCycles, eq(assessmentCycles.id, assessmentSheets.cycleId))
      .where(eq(assessmentSheets.employeeId, employeeId))
      .orderBy(desc(assessmentCycles.periodFrom), desc(assessmentSheets.id))
      .limit(100),
  updateSheet: (db: Db, id: number, set: Partial<typeof assessmentSheets.$inferInsert>) =>
    db.update(assessmentSheets).set(set).where(eq(assessmentSheets.id, id)),
  /** Sets the rater on the cycle's sheets of these halls that have none yet. */
  markReviewed: (db: Db, cycleId: number, hallIds: string[], userId: string, at: Date) =>
    hallIds.length === 0
      ? Promise.resolve()
      : db
          .update(assessmentSheets)
          .set({ reviewedBy: userId, reviewedAt: at })
          .where(
            and(
              eq(assessmentSheets.cycleId, cycleId),
              inArray(assessmentSheets.hallId, hallIds),
              isNull(assessmentSheets.reviewedBy),
            ),
          ),
  linesOf: (db: Db, sheetIds: number[]) =>
    sheetIds.length === 0
      ? Promise.resolve([] as LineRow[])
      : db
          .select()
          .from(assessmentLines)
          .where(inArray(assessmentLines.sheetId, sheetIds))
          .orderBy(asc(assessmentLines.id)),
  line: async (db: Db, id: number) =>
    (await db.select().from(assessmentLines).where(eq(assessmentLines.id, id)))[0] ?? null,
  updateLine: (db: Db, id: number, set: Partial<typeof assessmentLines.$inferInsert>) =>
    db.update(assessmentLines).set(set).where(eq(assessmentLines.id, id)),

  appealsOf: (db: Db, sheetIds: number[]) =>
    sheetIds.length === 0
      ? Promise.resolve([] as AppealRow[])
      : db
          .select()
          .from(assessmentAppeals)
          .where(inArray(assessmentAppeals.sheetId, sheetIds))
          .orderBy(asc(assessmentAppeals.id)),
  appeal: async (db: Db, id: number) =>
    (await db.select().from(assessmentAppeals).where(eq(assessmentAppeals.id, id)))[0] ?? null,
  /** Inserts an appeal; null when the line has one already. */
  insertAppeal: async (db: Db, row: typeof assessmentAppeals.$inferInsert) =>
    (await db.insert(assessmentAppeals).values(row).onConflictDoNothing().returning())[0] ?? null,
  updateAppeal: (db: Db, id: number, set: Partial<typeof assessmentAppeals.$inferInsert>) =>
    db.update(assessmentAppeals).set(set).where(eq(assessmentAppeals.id, id)),
  openAppealCount: async (db: Db, cycleId: number) =>
    Number(
      (
        await db
          .select({ n: sql<number>`count(*)` })
          .from(assessmentAppeals)
          .innerJoin(assessmentSheets, eq(assessmentSheets.id, assessmentAppeals.sheetId))
          .where(and(eq(assessmentSheets.cycleId, cycleId), eq(assessmentAppeals.status, 'open')))
      )[0]?.n ?? 0,
    ),

  insertEvent: (db: Db, row: typeof assessmentEvents.$inferInsert) => db.insert(assessmentEvents).values(row),
  eventsOf: (db: Db, q: { cycleId: number; sheetId?: number }, limit: number) =>
    db
      .select()
      .from(assessmentEvents)
      .where(
        and(
          eq(assessmentEvents.cycleId, q.cycleId),
          q.sheetId === undefined
            ? undefined
            : sql`(${assessmentEvents.sheetId} = ${q.sheetId} or ${assessmentEvents.sheetId} is null)`,
        ),
      )
      .orderBy(asc(assessmentEvents.id))
      .limit(limit),

  /** The employees a cycle assesses: clerks and leads of the halls not gone before the period began. */
  employeesOf: (db: Db, hallIds: string[], periodTo: string) =>
    hallIds.length === 0
      ? Promise.resolve([] as Array<typeof employees.$inferSelect>)
      : db
          .select()
          .from(employees)
          .where(
            and(
              inArray(employees.hallId, hallIds),
              inArray(employees.role, ['clerk', 'lead']),
              sql`${employees.status} <> 'left'`,
              sql`(${employees.startDate} is null or ${employees.startDate} <= ${periodTo})`,
            ),
          )
          .orderBy(asc(employees.hallId), asc(employees.name)),
  employeeNames: (db: Db, ids: string[]) =>
    ids.length === 0
      ? Promise.resolve([] as Array<{ id: string; name: string; staffId: string; userId: string | null }>)
      : db
          .select({ id: employees.id, name: employees.name, staffId: employees.staffId, userId: employees.userId })
          .from(employees)
          .where(inArray(employees.id, ids)),
  employeeOfUser: async (db: Db, userId: string) =>
    (await db.select().from(employees).where(eq(employees.userId, userId)))[0] ?? null,
  hallNames: (db: Db, ids: string[]) =>
    ids.length === 0
      ? Promise.resolve([] as Array<{ id: string; name: string }>)
      : db.select({ id: halls.id, name: halls.name }).from(halls).where(inArray(halls.id, ids)),
  userNames: (db: Db, ids: string[]) =>
    ids.length === 0
      ? Promise.resolve([] as Array<{ id: string; name: string }>)
      : db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, ids)),
  /** Users holding any of these roles at any of these units (who must act on an overdue stage). */
  usersWithRoles: (db: Db, roles: string[], unitIds: string[]) =>
    roles.length === 0 || unitIds.length === 0
      ? Promise.resolve([] as Array<{ userId: string }>)
      : db
          .selectDistinct({ userId: userRoles.userId })
          .from(userRoles)
          .where(and(inArray(userRoles.role, roles as never), inArray(userRoles.orgUnitId, unitIds)))
          .limit(1_000),
};
