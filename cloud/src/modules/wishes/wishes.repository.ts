/** The wishes module's reads and writes: wishes, swaps, published rosters and their shifts, employees. */
import { and, asc, desc, eq, gte, inArray, lte, max, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { halls } from '../halls/halls.table.ts';
import {
  rosters,
  rosterShifts,
  scheduleWishes,
  schedulingSettings,
  shiftSwaps,
} from '../scheduling/scheduling.table.ts';
import { employees } from '../staff/staff.table.ts';

export type WishRow = typeof scheduleWishes.$inferSelect;
export type SwapRow = typeof shiftSwaps.$inferSelect;
export type ShiftRow = typeof rosterShifts.$inferSelect;
export type RosterRow = typeof rosters.$inferSelect;
export type EmployeeRow = typeof employees.$inferSelect;

/** Wishes that still count against a person's cap (not withdrawn, not refused). */
const LIVE = ['pending', 'approved', 'noted'] as const;

export const wishesRepository = {
  hall: async (db: Db, id: string) => (await db.select().from(halls).where(eq(halls.id, id)))[0] ?? null,
  employeeOfUser: async (db: Db, userId: string) =>
    (await db.select().from(employees).where(eq(employees.userId, userId)))[0] ?? null,
  employee: async (db: Db, id: string) => (await db.select().from(employees).where(eq(employees.id, id)))[0] ?? null,
  employeesOfHall: (db: Db, hallId: string) =>
    db.select().from(employees).where(eq(employees.hallId, hallId)).orderBy(asc(employees.name)),
  settingsDocument: async (db: Db, hallId: string) =>
    (await db.select().from(schedulingSettings).where(eq(schedulingSettings.hallId, hallId)))[0]?.document ?? null,

  wish: async (db: Db, id: number) =>
    (await db.select().from(scheduleWishes).where(eq(scheduleWishes.id, id)))[0] ?? null,
  insertWish: async (db: Db, row: typeof scheduleWishes.$inferInsert) =>
    (await db.insert(scheduleWishes).values(row).returning())[0] as WishRow,
  updateWish: (db: Db, id: number, set: Partial<typeof scheduleWishes.$inferInsert>) =>
    db.update(scheduleWishes).set(set).where(eq(scheduleWishes.id, id)).returning(),
  /** Set `set` only while the wish is still in `status` (a decision made twice at once takes effect once). */
  updateWishIf: async (
    db: Db,
    id: number,
    status: WishRow['status'],
    set: Partial<typeof scheduleWishes.$inferInsert>,
  ) =>
    (
      await db
        .update(scheduleWishes)
        .set(set)
        .where(and(eq(scheduleWishes.id, id), eq(scheduleWishes.status, status)))
        .returning()
    )[0] ?? null,
  liveWishCount: async (db: Db, employeeId: string, today: string) =>
    Number(
      (
        await db
          .select({ n: sql<number>`count(*)` })
          .from(scheduleWishes)
          .where(
            and(
              eq(scheduleWishes.employeeId, employeeId),
              inArray(scheduleWishes.status, [...LIVE]),
              gte(scheduleWishes.toDate, today),
            ),
          )
      )[0]?.n ?? 0,
    ),
  /** A person's wishes ending on or after `since`, newest first (bounded). */
  wishesOf: (db: Db, employeeId: string, since: string, limit = 200) =>
    db
      .select()
      .from(scheduleWishes)
      .where(and(eq(scheduleWishes.employeeId, employeeId), gte(scheduleWishes.toDate, since)))
      .orderBy(desc(scheduleWishes.fromDate), desc(scheduleWishes.id))
      .limit(limit),
  /** A hall's wishes overlapping [from, to] in the given statuses. */
  wishesOfHall: (db: Db, hallId: string, from: string, to: string, statuses: WishRow['status'][], limit = 2_000) =>
    db
      .select()
      .from(scheduleWishes)
      .where(
        and(
          eq(scheduleWishes.hallId, hallId),
          inArray(scheduleWishes.status, statuses),
          lte(scheduleWishes.fromDate, to),
          gte(scheduleWishes.toDate, from),
        ),
      )
      .orderBy(asc(scheduleWishes.fromDate), asc(scheduleWishes.id))
      .limit(limit),

  /** Published rosters of a hall overlapping [from, to]. */
  publishedRosters: (db: Db, hallId: string, from: string, to: string) =>
    db
      .select()
      .from(rosters)
      .where(
        and(
          eq(rosters.hallId, hallId),
          eq(rosters.status, 'published'),
          lte(rosters.fromDate, to),
          gte(sql`${rosters.fromDate} + ${rosters.days}`, sql`${from}::date + 1`),
        ),
      )
      .orderBy(asc(rosters.fromDate)),
  roster: async (db: Db, id: string) => (await db.select().from(rosters).where(eq(rosters.id, id)))[0] ?? null,
  shiftsOf: (db: Db, rosterIds: string[]) =>
    rosterIds.length
      ? db
          .select()
          .from(rosterShifts)
          .where(inArray(rosterShifts.rosterId, rosterIds))
          .orderBy(asc(rosterShifts.date), asc(rosterShifts.start))
      : Promise.resolve([] as ShiftRow[]),
  shift: async (db: Db, id: number) => (await db.select().from(rosterShifts).where(eq(rosterShifts.id, id)))[0] ?? null,

  swap: async (db: Db, id: number) => (await db.select().from(shiftSwaps).where(eq(shiftSwaps.id, id)))[0] ?? null,
  insertSwap: async (db: Db, row: typeof shiftSwaps.$inferInsert) =>
    (await db.insert(shiftSwaps).values(row).returning())[0] as SwapRow,
  updateSwapIf: async (
    db: Db,
    id: number,
    statuses: SwapRow['status'][],
    set: Partial<typeof shiftSwaps.$inferInsert>,
  ) =>
    (
      await db
        .update(shiftSwaps)
        .set(set)
        .where(and(eq(shiftSwaps.id, id), inArray(shiftSwaps.status, statuses)))
        .returning()
    )[0] ?? null,
  openSwapOfShift: async (db: Db, shiftId: number) =>
    (
      await db
        .select()
        .from(shiftSwaps)
        .where(and(eq(shiftSwaps.shiftId, shiftId), inArray(shiftSwaps.status, ['offered', 'taken'])))
    )[0] ?? null,
  swapsOfHall: (db: Db, hallId: string, statuses: SwapRow['status'][], limit = 500) =>
    db
      .select()
      .from(shiftSwaps)
      .where(and(eq(shiftSwaps.hallId, hallId), inArray(shiftSwaps.status, statuses)))
      .orderBy(desc(shiftSwaps.createdAt))
      .limit(limit),

  /**
   * A published roster changed as a new published version: the shifts copied with one shift's employee
   * changed (and its source), the old version superseded, swaps re-pointed to the new shifts — one
   * transaction, the old roster row locked so two changes at once cannot both publish from it.
   */
  publishChange: (
    db: Db,
    c: {
      rosterId: string;
      shiftId: number;
      employeeId: string;
      source: 'swap' | 'manual';
      id: string;
      by: string | null;
      at: Date;
    },
  ) =>
    db.transaction(async (tx) => {
      const [old] = await tx.select().from(rosters).where(eq(rosters.id, c.rosterId)).for('update');
      if (!old || old.status !== 'published') return 'not-published' as const;
      const shifts = await tx.select().from(rosterShifts).where(eq(rosterShifts.rosterId, c.rosterId));
      if (!shifts.some((s) => s.id === c.shiftId)) return 'no-shift' as const;
      const [top] = await tx
        .select({ v: max(rosters.version) })
        .from(rosters)
        .where(and(eq(rosters.hallId, old.hallId), eq(rosters.fromDate, old.fromDate)));
      const version = (top?.v ?? old.version) + 1;
      await tx.update(rosters).set({ status: 'superseded' }).where(eq(rosters.id, c.rosterId));
      await tx.insert(rosters).values({
        id: c.id,
        hallId: old.hallId,
        fromDate: old.fromDate,
        days: old.days,
        status: 'published',
        version,
        basedOn: old.id,
        forecastId: old.forecastId,
        solver: old.solver,
        unmetWishes: old.unmetWishes,
        createdBy: c.by,
        publishedAt: c.at,
        publishedBy: c.by,
      });
      // One INSERT per 500 shifts; PostgreSQL returns an INSERT … VALUES' rows in the order given.
      const map = new Map<number, number>();
      for (let i = 0; i < shifts.length; i += 500) {
        const part = shifts.slice(i, i + 500);
        const rows = await tx
          .insert(rosterShifts)
          .values(
            part.map((s) => ({
              rosterId: c.id,
              employeeId: s.id === c.shiftId ? c.employeeId : s.employeeId,
              date: s.date,
              start: s.start,
              end: s.end,
              breaks: s.breaks,
              serviceId: s.serviceId,
              templateId: s.templateId,
              source: s.id === c.shiftId ? c.source : s.source,
            })),
          )
          .returning({ id: rosterShifts.id });
        part.forEach((s, k) => map.set(s.id, rows[k]!.id));
      }
      const swaps = await tx
        .select()
        .from(shiftSwaps)
        .where(inArray(shiftSwaps.shiftId, [...map.keys()]));
      for (const sw of swaps)
        await tx
          .update(shiftSwaps)
          .set({ shiftId: map.get(sw.shiftId) as number })
          .where(eq(shiftSwaps.id, sw.id));
      return { rosterId: c.id, version, shiftId: map.get(c.shiftId) as number, previous: old.id };
    }),
};
