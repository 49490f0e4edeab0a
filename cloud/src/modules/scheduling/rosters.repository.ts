/** The rosters' storage: rosters with their versions, their shifts, and what generation reads. */
import { and, asc, desc, eq, gte, inArray, lte, max, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { users } from '../access/access.table.ts';
import { employees } from '../staff/staff.table.ts';
import { rosterShifts, rosters, scheduleWishes, type RosterStatus } from './scheduling.table.ts';
import type { RosterShiftView } from './rosters.model.ts';

export type RosterRow = typeof rosters.$inferSelect;
export type ShiftRow = typeof rosterShifts.$inferSelect;

export const rostersRepository = {
  async get(db: Db, hallId: string, id: string): Promise<RosterRow | null> {
    return (
      (
        await db
          .select()
          .from(rosters)
          .where(and(eq(rosters.id, id), eq(rosters.hallId, hallId)))
      )[0] ?? null
    );
  },
  async byId(db: Db, id: string): Promise<RosterRow | null> {
    return (await db.select().from(rosters).where(eq(rosters.id, id)))[0] ?? null;
  },
  /** The hall's rosters, newest period first, versions newest first (without their planning). */
  list(db: Db, hallId: string, limit: number) {
    return db
      .select({
        id: rosters.id,
        fromDate: rosters.fromDate,
        days: rosters.days,
        status: rosters.status,
        version: rosters.version,
        basedOn: rosters.basedOn,
        solver: rosters.solver,
        jobId: rosters.jobId,
        createdAt: rosters.createdAt,
        createdBy: rosters.createdBy,
        createdByName: sql<
          string | null
        >`(select ${users.name} from ${users} where ${users.id} = ${rosters.createdBy})`,
        publishedAt: rosters.publishedAt,
        publishedBy: rosters.publishedBy,
        publishedByName: sql<
          string | null
        >`(select ${users.name} from ${users} where ${users.id} = ${rosters.publishedBy})`,
        publishReason: rosters.publishReason,
        noticeChanges: rosters.noticeChanges,
      })
      .from(rosters)
      .where(eq(rosters.hallId, hallId))
      .orderBy(desc(rosters.fromDate), desc(rosters.version))
      .limit(limit);
  },
  async nextVersion(db: Db, hallId: string, fromDate: string): Promise<number> {
    const [row] = await db
      .select({ v: max(rosters.version) })
      .from(rosters)
      .where(and(eq(rosters.hallId, hallId), eq(rosters.fromDate, fromDate)));
    return (row?.v ?? 0) + 1;
  },
  async insert(db: Db, row: typeof rosters.$inferInsert) {
    await db.insert(rosters).values(row);
  },
  async update(db: Db, id: string, set: Partial<typeof rosters.$inferInsert>, onlyIf?: RosterStatus[]) {
    const rows = await db
      .update(rosters)
      .set(set)
      .where(and(eq(rosters.id, id), ...(onlyIf ? [inArray(rosters.status, onlyIf)] : [])))
      .returning({ id: rosters.id });
    return rows.length > 0;
  },
  /** Rosters of the hall in these states whose period overlaps [from, to]. */
  overlapping(db: Db, hallId: string, from: string, to: string, statuses: RosterStatus[]) {
    return db
      .select()
      .from(rosters)
      .where(
        and(
          eq(rosters.hallId, hallId),
          inArray(rosters.status, statuses),
          lte(rosters.fromDate, to),
          gte(sql`${rosters.fromDate} + ${rosters.days} - 1`, from),
        ),
      );
  },
  shifts(db: Db, rosterId: string): Promise<ShiftRow[]> {
    return db
      .select()
      .from(rosterShifts)
      .where(eq(rosterShifts.rosterId, rosterId))
      .orderBy(asc(rosterShifts.date), asc(rosterShifts.start), asc(rosterShifts.id));
  },
  async shift(db: Db, rosterId: string, id: number): Promise<ShiftRow | null> {
    return (
      (
        await db
          .select()
          .from(rosterShifts)
          .where(and(eq(rosterShifts.rosterId, rosterId), eq(rosterShifts.id, id)))
      )[0] ?? null
    );
  },
  async replaceShifts(db: Db, rosterId: string, shifts: RosterShiftView[]) {
    await db.delete(rosterShifts).where(eq(rosterShifts.rosterId, rosterId));
    for (let i = 0; i < shifts.length; i += 500)
      await db.insert(rosterShifts).values(
        shifts.slice(i, i + 500).map((s) => ({
          rosterId,
          employeeId: s.employeeId,
          date: s.date,
          start: s.start,
          end: s.end,
          breaks: s.breaks,
          serviceId: s.serviceId,
          templateId: s.templateId ?? null,
          source: s.source ?? 'engine',
        })),
      );
  },
  async insertShift(db: Db, rosterId: string, s: RosterShiftView): Promise<ShiftRow> {
    const [row] = await db
      .insert(rosterShifts)
      .values({
        rosterId,
        employeeId: s.employeeId,
        date: s.date,
        start: s.start,
        end: s.end,
        breaks: s.breaks,
        serviceId: s.serviceId,
        templateId: s.templateId ?? null,
        source: s.source ?? 'manual',
      })
      .returning();
    return row as ShiftRow;
  },
  async updateShift(db: Db, id: number, s: Omit<RosterShiftView, 'id'>) {
    await db
      .update(rosterShifts)
      .set({
        employeeId: s.employeeId,
        date: s.date,
        start: s.start,
        end: s.end,
        breaks: s.breaks,
        serviceId: s.serviceId,
        templateId: s.templateId ?? null,
        source: 'manual',
      })
      .where(eq(rosterShifts.id, id));
  },
  async deleteShift(db: Db, id: number) {
    await db.delete(rosterShifts).where(eq(rosterShifts.id, id));
  },
  /** The hall's employees (every status: a roster may name one who has left since). */
  employees(db: Db, hallId: string) {
    return db.select().from(employees).where(eq(employees.hallId, hallId)).orderBy(asc(employees.staffId));
  },
  /** The hall's wishes touching [from, to]. */
  wishes(db: Db, hallId: string, from: string, to: string) {
    return db
      .select()
      .from(scheduleWishes)
      .where(
        and(eq(scheduleWishes.hallId, hallId), lte(scheduleWishes.fromDate, to), gte(scheduleWishes.toDate, from)),
      );
  },
};
