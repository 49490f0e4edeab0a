/** Employees, their moves and the once-per-hall import marker in the database. */
import { and, asc, count, eq, gte, ilike, inArray, isNull, lte, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { auditLog, userRoles, users } from '../access/access.table.ts';
import { halls } from '../halls/halls.table.ts';
import { rosters, rosterShifts } from '../scheduling/scheduling.table.ts';
import { employeeMoves, employees, staffImports, type EmployeeRole, type EmployeeStatus } from './staff.table.ts';

export type EmployeeRow = typeof employees.$inferSelect;

export interface EmployeeFilter {
  hallId: string;
  status?: EmployeeStatus[] | undefined;
  role?: EmployeeRole | undefined;
  skill?: string | undefined;
  /** Part of the name or the staff number. */
  q?: string | undefined;
  limit: number;
  offset: number;
}

/** `%` and `_` in a search typed by a user match themselves. */
const likeEscaped = (s: string) => `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

function where(f: Omit<EmployeeFilter, 'limit' | 'offset'>): SQL | undefined {
  const parts: Array<SQL | undefined> = [eq(employees.hallId, f.hallId)];
  if (f.status?.length) parts.push(inArray(employees.status, f.status));
  if (f.role) parts.push(eq(employees.role, f.role));
  if (f.skill) parts.push(sql`(${employees.skills} ->> ${f.skill})::int >= 1`);
  if (f.q) parts.push(or(ilike(employees.name, likeEscaped(f.q)), ilike(employees.staffId, likeEscaped(f.q))));
  return and(...parts);
}

export const staffRepository = {
  /** Takes the hall's row lock for the rest of the transaction: one staff write per hall at a time. */
  lockHall: async (tx: Db, hallId: string) =>
    (await tx.select({ id: halls.id }).from(halls).where(eq(halls.id, hallId)).for('update')).length > 0,
  /** Halls with a lead or manager at work or on leave (their hub's staff section carries roles). */
  hallsWithRoles: (db: Db) =>
    db
      .selectDistinct({ id: employees.hallId })
      .from(employees)
      .where(and(inArray(employees.role, ['lead', 'manager']), inArray(employees.status, ['active', 'leave']))),
  /** Halls whose staff were never imported (at a start with 2,000 halls, usually none: one query). */
  hallsNotImported: (db: Db) =>
    db
      .select({ id: halls.id })
      .from(halls)
      .leftJoin(staffImports, eq(staffImports.hallId, halls.id))
      .where(isNull(staffImports.hallId)),
  async list(db: Db, f: EmployeeFilter) {
    const [rows, total] = await Promise.all([
      db
        .select()
        .from(employees)
        .where(where(f))
        .orderBy(asc(employees.staffId), asc(employees.id))
        .limit(f.limit)
        .offset(f.offset),
      db.select({ n: count() }).from(employees).where(where(f)),
    ]);
    return { rows, total: total[0]?.n ?? 0 };
  },
  /** The employees a hall's hub knows: at work or on leave (a clerk on leave may come back any day). */
  onHallSection: (db: Db, hallId: string) =>
    db
      .select()
      .from(employees)
      .where(and(eq(employees.hallId, hallId), inArray(employees.status, ['active', 'leave'])))
      .orderBy(asc(employees.staffId)),
  get: async (db: Db, id: string) => (await db.select().from(employees).where(eq(employees.id, id)))[0] ?? null,
  byUser: async (db: Db, userId: string) =>
    (await db.select().from(employees).where(eq(employees.userId, userId)))[0] ?? null,
  byStaffId: async (db: Db, hallId: string, staffId: string) =>
    (
      await db
        .select()
        .from(employees)
        .where(and(eq(employees.hallId, hallId), eq(employees.staffId, staffId)))
    )[0] ?? null,
  insert: (db: Db, row: typeof employees.$inferInsert) => db.insert(employees).values(row),
  /** Inserts unless the hall has that staff number already; whether it was inserted. */
  insertIfNew: async (db: Db, row: typeof employees.$inferInsert) =>
    (await db.insert(employees).values(row).onConflictDoNothing().returning({ id: employees.id })).length > 0,
  update: (db: Db, id: string, set: Partial<typeof employees.$inferInsert>) =>
    db
      .update(employees)
      .set({ ...set, updatedAt: new Date() })
      .where(eq(employees.id, id)),
  /** Claims a hall's import: true for the one caller that gets to import (the primary key decides). */
  claimImport: async (db: Db, hallId: string, imported: number) =>
    (await db.insert(staffImports).values({ hallId, imported }).onConflictDoNothing().returning()).length > 0,
  insertMove: (db: Db, row: typeof employeeMoves.$inferInsert) =>
    db.insert(employeeMoves).values(row).returning({ id: employeeMoves.id }),
  moves: (db: Db, employeeId: string) =>
    db.select().from(employeeMoves).where(eq(employeeMoves.employeeId, employeeId)).orderBy(asc(employeeMoves.at)),
  /** Moves not yet applied whose day has come (by the caller's notion of today). */
  dueMoves: (db: Db, today: string) =>
    db
      .select()
      .from(employeeMoves)
      .where(and(isNull(employeeMoves.appliedAt), lte(employeeMoves.effectiveDate, today))),
  pendingMove: async (db: Db, employeeId: string) =>
    (
      await db
        .select()
        .from(employeeMoves)
        .where(and(eq(employeeMoves.employeeId, employeeId), isNull(employeeMoves.appliedAt)))
    )[0] ?? null,
  markMoveApplied: (db: Db, id: number) =>
    db.update(employeeMoves).set({ appliedAt: new Date() }).where(eq(employeeMoves.id, id)),
  /** How many times a user reset PINs since `since` (the audit log is the shared record across processes). */
  pinResetsBy: async (db: Db, userId: string, since: Date) =>
    (
      await db
        .select({ n: count() })
        .from(auditLog)
        .where(and(eq(auditLog.userId, userId), eq(auditLog.action, 'employee.pin-reset'), gte(auditLog.at, since)))
    )[0]?.n ?? 0,
  /** Enabled users granted the staff role at one of these units, with the employee each is linked to. */
  staffRoleUsers: (db: Db, unitIds: string[], limit: number) =>
    unitIds.length
      ? db
          .selectDistinctOn([users.username], {
            id: users.id,
            username: users.username,
            name: users.name,
            employeeId: employees.id,
            employeeName: employees.name,
          })
          .from(users)
          .innerJoin(userRoles, eq(userRoles.userId, users.id))
          .leftJoin(employees, eq(employees.userId, users.id))
          .where(and(eq(userRoles.role, 'staff'), inArray(userRoles.orgUnitId, unitIds), eq(users.disabled, false)))
          .orderBy(asc(users.username))
          .limit(limit)
      : Promise.resolve([]),
  /** The employee's shifts in published rosters between two days (inclusive). */
  publishedShifts: (db: Db, employeeId: string, from: string, to: string) =>
    db
      .select({
        date: rosterShifts.date,
        start: rosterShifts.start,
        end: rosterShifts.end,
        breaks: rosterShifts.breaks,
        serviceId: rosterShifts.serviceId,
        hallId: rosters.hallId,
      })
      .from(rosterShifts)
      .innerJoin(rosters, eq(rosters.id, rosterShifts.rosterId))
      .where(
        and(
          eq(rosterShifts.employeeId, employeeId),
          eq(rosters.status, 'published'),
          gte(rosterShifts.date, from),
          lte(rosterShifts.date, to),
        ),
      )
      .orderBy(asc(rosterShifts.date), asc(rosterShifts.start))
      .limit(100),
};
