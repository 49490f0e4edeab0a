/** Training sessions, their attendees and feedback; the org units, halls and employees they name. */
import { and, asc, desc, eq, gte, inArray, isNotNull, lt, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { orgUnits, users } from '../access/access.table.ts';
import { halls } from '../halls/halls.table.ts';
import { employees } from '../staff/staff.table.ts';
import { trainingAttendance as a, trainingFeedback as f, trainingSessions as s } from './sessions.table.ts';
import { trainingMaterials as m } from './training.table.ts';

export type SessionRow = typeof s.$inferSelect;
export type AttendanceRow = typeof a.$inferSelect;

/** The columns a session is shown with (never its check-in secret). */
const shown = {
  id: s.id,
  title: s.title,
  materialSeriesId: s.materialSeriesId,
  orgUnitId: s.orgUnitId,
  hallId: s.hallId,
  mode: s.mode,
  place: s.place,
  trainerUserId: s.trainerUserId,
  startsAt: s.startsAt,
  endsAt: s.endsAt,
  status: s.status,
  createdAt: s.createdAt,
};
export type ShownSession = { [K in keyof typeof shown]: SessionRow[K] };

export const sessionsRepository = {
  insert: async (db: Db, row: typeof s.$inferInsert) => (await db.insert(s).values(row).returning())[0] as SessionRow,
  get: async (db: Db, id: number) => (await db.select().from(s).where(eq(s.id, id)))[0] ?? null,
  update: (db: Db, id: number, set: Partial<typeof s.$inferInsert>) =>
    db
      .update(s)
      .set({ ...set, updatedAt: new Date() })
      .where(eq(s.id, id)),
  /** Sessions of these units starting in [from, to), the soonest first, with attendance counts. */
  /**
   * Sessions starting in [from, to), the soonest first, with attendance counts: those kept by these
   * units, and those held in these halls or inviting their clerks (a region's session at a hall is its
   * manager's to see too).
   */
  list: (db: Db, unitIds: string[], hallIds: string[], from: Date, to: Date, limit: number) =>
    unitIds.length === 0 && hallIds.length === 0
      ? Promise.resolve([])
      : db
          .select({
            ...shown,
            invited: sql<number>`(select count(*) from training_attendance x where x.session_id = training_sessions.id and x.status <> 'excused')::int`,
            present: sql<number>`(select count(*) from training_attendance x where x.session_id = training_sessions.id and x.status = 'present')::int`,
          })
          .from(s)
          .where(
            and(
              or(
                unitIds.length ? inArray(s.orgUnitId, unitIds) : undefined,
                hallIds.length ? inArray(s.hallId, hallIds) : undefined,
                hallIds.length
                  ? sql`exists (select 1 from training_attendance x join employees e on e.id = x.employee_id
                      where x.session_id = training_sessions.id and e.hall_id in ${hallIds})`
                  : undefined,
              ),
              gte(s.startsAt, from),
              lt(s.startsAt, to),
            ),
          )
          .orderBy(asc(s.startsAt), asc(s.id))
          .limit(limit),
  /** Whether a session is held in one of these halls or invites a clerk of one. */
  touchesHalls: async (db: Db, sessionId: number, hallIds: string[]) =>
    hallIds.length > 0 &&
    (
      await db
        .select({ n: sql<number>`1` })
        .from(s)
        .where(
          and(
            eq(s.id, sessionId),
            or(
              inArray(s.hallId, hallIds),
              sql`exists (select 1 from training_attendance x join employees e on e.id = x.employee_id
                where x.session_id = training_sessions.id and e.hall_id in ${hallIds})`,
            ),
          ),
        )
    ).length > 0,
  attendees: (db: Db, sessionId: number) =>
    db
      .select({
        employeeId: a.employeeId,
        status: a.status,
        checkedInAt: a.checkedInAt,
        method: a.method,
        name: employees.name,
        staffId: employees.staffId,
        hallId: employees.hallId,
        hallName: halls.name,
      })
      .from(a)
      .leftJoin(employees, eq(employees.id, a.employeeId))
      .leftJoin(halls, eq(halls.id, employees.hallId))
      .where(eq(a.sessionId, sessionId))
      .orderBy(asc(employees.name), asc(a.employeeId)),
  attendance: async (db: Db, sessionId: number, employeeId: string) =>
    (
      await db
        .select()
        .from(a)
        .where(and(eq(a.sessionId, sessionId), eq(a.employeeId, employeeId)))
    )[0] ?? null,
  invite: (db: Db, sessionId: number, employeeIds: string[]) =>
    employeeIds.length === 0
      ? Promise.resolve()
      : db
          .insert(a)
          .values(employeeIds.map((employeeId) => ({ sessionId, employeeId })))
          .onConflictDoNothing()
          .then(() => undefined),
  /** Removes invitations not yet checked in (someone present stays on the list). */
  uninvite: (db: Db, sessionId: number, employeeIds: string[]) =>
    employeeIds.length === 0
      ? Promise.resolve()
      : db
          .delete(a)
          .where(and(eq(a.sessionId, sessionId), inArray(a.employeeId, employeeIds), sql`${a.status} <> 'present'`))
          .then(() => undefined),
  /** Marks presence; a check-in already recorded keeps its first time. Answers whether it changed anything. */
  mark: async (
    db: Db,
    k: { sessionId: number; employeeId: string },
    set: { status: AttendanceRow['status']; at: Date | null; method: AttendanceRow['method']; by: string | null },
  ) =>
    (
      await db
        .update(a)
        .set({
          status: set.status,
          // A Date inside a raw sql fragment is not mapped by its column: postgres.js refuses it (sent as text).
          checkedInAt:
            set.status === 'present'
              ? sql`coalesce(${a.checkedInAt}, ${set.at?.toISOString() ?? null}::timestamptz)`
              : null,
          method: set.status === 'present' ? sql`coalesce(${a.method}, ${set.method})` : null,
          markedBy: set.by,
        })
        .where(and(eq(a.sessionId, k.sessionId), eq(a.employeeId, k.employeeId)))
        .returning({ employeeId: a.employeeId })
    ).length > 0,
  /** One employee's sessions starting in [from, to), with their own attendance and whether they gave feedback. */
  ofEmployee: (db: Db, employeeId: string, from: Date, to: Date) =>
    db
      .select({
        ...shown,
        attendance: a.status,
        checkedInAt: a.checkedInAt,
        feedbackGiven: isNotNull(f.sessionId),
      })
      .from(a)
      .innerJoin(s, eq(s.id, a.sessionId))
      .leftJoin(f, and(eq(f.sessionId, a.sessionId), eq(f.employeeId, a.employeeId)))
      .where(and(eq(a.employeeId, employeeId), gte(s.startsAt, from), lt(s.startsAt, to)))
      .orderBy(desc(s.startsAt)),
  insertFeedback: async (db: Db, row: typeof f.$inferInsert) =>
    (await db.insert(f).values(row).onConflictDoNothing().returning({ id: f.sessionId })).length > 0,
  /** Feedback on a session: averages and the comments, without who wrote them. */
  feedback: async (db: Db, sessionId: number) => {
    const rows = await db
      .select({ courseScore: f.courseScore, trainerScore: f.trainerScore, comment: f.comment, createdAt: f.createdAt })
      .from(f)
      .where(eq(f.sessionId, sessionId))
      .orderBy(asc(f.createdAt));
    return rows;
  },
  /** Feedback over many sessions (a trainer's or a course's averages). */
  feedbackOf: (db: Db, sessionIds: number[]) =>
    sessionIds.length === 0
      ? Promise.resolve([])
      : db
          .select({
            sessionId: f.sessionId,
            n: sql<number>`count(*)::int`,
            course: sql<number>`avg(${f.courseScore})::float8`,
            trainer: sql<number>`avg(${f.trainerScore})::float8`,
          })
          .from(f)
          .where(inArray(f.sessionId, sessionIds))
          .groupBy(f.sessionId),
  units: (db: Db) =>
    db
      .select({ id: orgUnits.id, parentId: orgUnits.parentId, hallId: orgUnits.hallId, name: orgUnits.name })
      .from(orgUnits),
  /** Active employees of these halls (the clerks a session may invite), by name. */
  employeesOf: (db: Db, hallIds: string[]) =>
    hallIds.length === 0
      ? Promise.resolve([])
      : db
          .select({
            id: employees.id,
            name: employees.name,
            staffId: employees.staffId,
            hallId: employees.hallId,
            userId: employees.userId,
          })
          .from(employees)
          .where(and(inArray(employees.hallId, hallIds), eq(employees.status, 'active')))
          .orderBy(asc(employees.hallId), asc(employees.name)),
  employeesByIds: (db: Db, ids: string[]) =>
    ids.length === 0
      ? Promise.resolve([])
      : db
          .select({
            id: employees.id,
            name: employees.name,
            hallId: employees.hallId,
            userId: employees.userId,
            status: employees.status,
          })
          .from(employees)
          .where(inArray(employees.id, ids)),
  /** The title of each course (a material's series) as its version in force says it (else its newest). */
  courseTitles: async (db: Db, seriesIds: number[]) => {
    if (seriesIds.length === 0) return new Map<number, string>();
    const rows = await db
      .select({ seriesId: m.seriesId, title: m.title, inForce: sql<boolean>`${m.supersededBy} is null` })
      .from(m)
      .where(inArray(m.seriesId, seriesIds))
      .orderBy(asc(m.seriesId), desc(m.version));
    const titles = new Map<number, string>();
    for (const r of rows) if (r.inForce || !titles.has(r.seriesId)) titles.set(r.seriesId, r.title);
    return titles;
  },
  userNames: (db: Db, ids: string[]) =>
    ids.length === 0
      ? Promise.resolve([])
      : db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, ids)),
  hallNames: (db: Db, ids: string[]) =>
    ids.length === 0
      ? Promise.resolve([])
      : db
          .select({ id: halls.id, name: halls.name, timeZone: halls.timeZone })
          .from(halls)
          .where(inArray(halls.id, ids)),
};
