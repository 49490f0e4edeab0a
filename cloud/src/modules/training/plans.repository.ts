/** Plan rules, assignments, and what the rules read (employees, new materials, attendance, exam passes). */
import { and, asc, desc, eq, gte, inArray, isNull, lte, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { employees } from '../staff/staff.table.ts';
import { trainingAttempts } from './exams.table.ts';
import { trainingMaterials as m } from './training.table.ts';
import { trainingAssignments as a, trainingPlanRules as r } from './plans.table.ts';

export type RuleRow = typeof r.$inferSelect;
export type AssignmentRow = typeof a.$inferSelect;

export const plansRepository = {
  insertRule: async (db: Db, row: typeof r.$inferInsert) => (await db.insert(r).values(row).returning())[0] as RuleRow,
  updateRule: (db: Db, id: number, set: Partial<typeof r.$inferInsert>) =>
    db
      .update(r)
      .set({ ...set, updatedAt: new Date() })
      .where(eq(r.id, id)),
  rule: async (db: Db, id: number) => (await db.select().from(r).where(eq(r.id, id)))[0] ?? null,
  rules: (db: Db, unitIds?: string[]) =>
    unitIds && unitIds.length === 0
      ? Promise.resolve([])
      : db
          .select()
          .from(r)
          .where(unitIds ? inArray(r.orgUnitId, unitIds) : undefined)
          .orderBy(asc(r.id)),
  employeesOf: (db: Db, hallIds: string[]) =>
    hallIds.length === 0
      ? Promise.resolve([])
      : db
          .select({
            id: employees.id,
            hallId: employees.hallId,
            name: employees.name,
            role: employees.role,
            skills: employees.skills,
            startDate: employees.startDate,
            userId: employees.userId,
          })
          .from(employees)
          .where(and(inArray(employees.hallId, hallIds), eq(employees.status, 'active'))),
  /** Materials in force created since a moment (new ones, and new versions). */
  newMaterials: (db: Db, since: Date) =>
    db
      .select({
        id: m.id,
        seriesId: m.seriesId,
        title: m.title,
        serviceIds: m.serviceIds,
        skills: m.skills,
        createdAt: m.createdAt,
      })
      .from(m)
      .where(and(gte(m.createdAt, since), isNull(m.supersededBy), isNull(m.archivedAt)))
      .orderBy(asc(m.id))
      .limit(1_000),
  /** The version in force of each series. */
  inForce: (db: Db, seriesIds: number[]) =>
    seriesIds.length === 0
      ? Promise.resolve([])
      : db
          .select({ id: m.id, seriesId: m.seriesId, title: m.title })
          .from(m)
          .where(and(inArray(m.seriesId, seriesIds), isNull(m.supersededBy))),
  insertAssignments: (db: Db, rows: Array<typeof a.$inferInsert>) =>
    rows.length === 0 ? Promise.resolve([]) : db.insert(a).values(rows).onConflictDoNothing().returning({ id: a.id }),
  assignment: async (db: Db, id: number) => (await db.select().from(a).where(eq(a.id, id)))[0] ?? null,
  open: (db: Db, limit = 20_000) => db.select().from(a).where(eq(a.status, 'open')).orderBy(asc(a.dueOn)).limit(limit),
  markDone: (db: Db, id: number, how: AssignmentRow['doneHow'], at: Date) =>
    db
      .update(a)
      .set({ status: 'done', doneHow: how, doneAt: at })
      .where(and(eq(a.id, id), eq(a.status, 'open'))),
  setReminded: (db: Db, ids: number[], field: 'remindedAt' | 'overdueNoticeAt', at: Date) =>
    ids.length === 0
      ? Promise.resolve()
      : db
          .update(a)
          .set({ [field]: at })
          .where(inArray(a.id, ids))
          .then(() => undefined),
  ofEmployee: (db: Db, employeeId: string) =>
    db.select().from(a).where(eq(a.employeeId, employeeId)).orderBy(asc(a.status), asc(a.dueOn)).limit(200),
  ofHalls: (
    db: Db,
    hallIds: string[],
    f: { status?: AssignmentRow['status'] | undefined; dueBefore?: string | undefined },
  ) =>
    hallIds.length === 0
      ? Promise.resolve([])
      : db
          .select({ assignment: a, name: employees.name })
          .from(a)
          .leftJoin(employees, eq(employees.id, a.employeeId))
          .where(
            and(
              inArray(a.hallId, hallIds),
              f.status ? eq(a.status, f.status) : undefined,
              f.dueBefore ? lte(a.dueOn, f.dueBefore) : undefined,
            ),
          )
          .orderBy(asc(a.dueOn), desc(a.id))
          .limit(1_000),
  /** Per hall: assignments, done, overdue (open and due before today). */
  completion: (db: Db, hallIds: string[], today: string) =>
    hallIds.length === 0
      ? Promise.resolve([])
      : db
          .select({
            hallId: a.hallId,
            total: sql<number>`count(*) filter (where ${a.status} <> 'cancelled')::int`,
            done: sql<number>`count(*) filter (where ${a.status} = 'done')::int`,
            overdue: sql<number>`count(*) filter (where ${a.status} = 'open' and ${a.dueOn} < ${today})::int`,
          })
          .from(a)
          .where(inArray(a.hallId, hallIds))
          .groupBy(a.hallId),
  /** Passed attempts of these exams by these employees. */
  passed: (db: Db, employeeIds: string[], examIds: number[]) =>
    employeeIds.length === 0 || examIds.length === 0
      ? Promise.resolve([])
      : db
          .select({
            employeeId: trainingAttempts.employeeId,
            examId: trainingAttempts.examId,
            at: trainingAttempts.submittedAt,
          })
          .from(trainingAttempts)
          .where(
            and(
              inArray(trainingAttempts.employeeId, employeeIds),
              inArray(trainingAttempts.examId, examIds),
              eq(trainingAttempts.passed, true),
            ),
          ),
};
