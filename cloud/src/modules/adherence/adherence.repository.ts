/**
 * What adherence and the roster review read: the published rosters' shifts (every version, with when it
 * was published), the hub's counter sessions and pauses, the tickets of a window, and the kept reviews.
 */
import { and, asc, eq, gt, gte, inArray, isNotNull, isNull, lt, lte, max, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { rowsOf } from '../../db/rows.ts';
import { counterPauses, counterSessions } from '../ingest/ingest.table.ts';
import {
  forecasts,
  forecastValues,
  rosterShifts,
  rosters,
  schedulingSettings,
} from '../scheduling/scheduling.table.ts';
import { employees } from '../staff/staff.table.ts';
import { rosterReviews } from './adherence.table.ts';

export const adherenceRepository = {
  forecast: async (db: Db, id: number) => (await db.select().from(forecasts).where(eq(forecasts.id, id)))[0] ?? null,

  forecastValues: (db: Db, forecastId: number, dates: string[]) =>
    db
      .select()
      .from(forecastValues)
      .where(and(eq(forecastValues.forecastId, forecastId), inArray(forecastValues.date, dates))),

  settingsDocument: async (db: Db, hallId: string) =>
    (await db.select().from(schedulingSettings).where(eq(schedulingSettings.hallId, hallId)))[0]?.document ?? null,

  /**
   * A roster stored as published, as the next version of its hall and period (the published one before
   * it is superseded), with its shifts; answers the version.
   */
  insertPublished: (
    db: Db,
    o: { roster: Omit<typeof rosters.$inferInsert, 'version'>; shifts: Array<typeof rosterShifts.$inferInsert> },
  ) =>
    db.transaction(async (tx) => {
      const { hallId, fromDate } = o.roster;
      const top = await tx
        .select({ v: max(rosters.version) })
        .from(rosters)
        .where(and(eq(rosters.hallId, hallId), eq(rosters.fromDate, fromDate)));
      const version = (top[0]?.v ?? 0) + 1;
      await tx
        .update(rosters)
        .set({ status: 'superseded' })
        .where(and(eq(rosters.hallId, hallId), eq(rosters.fromDate, fromDate), eq(rosters.status, 'published')));
      await tx.insert(rosters).values({ ...o.roster, version });
      // In slices: a month of a large hall is a few thousand rows.
      for (let i = 0; i < o.shifts.length; i += 500) await tx.insert(rosterShifts).values(o.shifts.slice(i, i + 500));
      return version;
    }),

  /** Published (or since superseded) rosters of a hall whose period overlaps [from, to] (dates). */
  publishedRosters: (db: Db, hallId: string, from: string, to: string) =>
    db
      .select({
        id: rosters.id,
        fromDate: rosters.fromDate,
        days: rosters.days,
        version: rosters.version,
        status: rosters.status,
        publishedAt: rosters.publishedAt,
        forecastId: rosters.forecastId,
      })
      .from(rosters)
      .where(
        and(
          eq(rosters.hallId, hallId),
          inArray(rosters.status, ['published', 'superseded']),
          isNotNull(rosters.publishedAt),
          lte(rosters.fromDate, to),
          sql`${rosters.fromDate} + ${rosters.days} > ${from}::date`,
        ),
      )
      .orderBy(asc(rosters.publishedAt)),

  shifts: (db: Db, rosterIds: string[], from: string, to: string) =>
    rosterIds.length === 0
      ? Promise.resolve([])
      : db
          .select({
            rosterId: rosterShifts.rosterId,
            employeeId: rosterShifts.employeeId,
            date: rosterShifts.date,
            start: rosterShifts.start,
            end: rosterShifts.end,
            breaks: rosterShifts.breaks,
            serviceId: rosterShifts.serviceId,
          })
          .from(rosterShifts)
          .where(
            and(inArray(rosterShifts.rosterId, rosterIds), gte(rosterShifts.date, from), lte(rosterShifts.date, to)),
          )
          .orderBy(asc(rosterShifts.date), asc(rosterShifts.start)),

  /** The hall's employees and any others its rosters name (moved away since). */
  employees: (db: Db, hallId: string, alsoIds: string[]) =>
    db
      .select({
        id: employees.id,
        hallId: employees.hallId,
        staffId: employees.staffId,
        name: employees.name,
        skills: employees.skills,
        contract: employees.contract,
        availability: employees.availability,
        status: employees.status,
      })
      .from(employees)
      .where(
        alsoIds.length
          ? or(eq(employees.hallId, hallId), inArray(employees.id, alsoIds))
          : eq(employees.hallId, hallId),
      )
      .orderBy(asc(employees.staffId)),

  /** Counter sessions overlapping [from, to). */
  sessions: (db: Db, hallId: string, from: Date, to: Date) =>
    db
      .select({
        counterId: counterSessions.counterId,
        staffId: counterSessions.staffId,
        openedAt: counterSessions.openedAt,
        closedAt: counterSessions.closedAt,
      })
      .from(counterSessions)
      .where(
        and(
          eq(counterSessions.hallId, hallId),
          lt(counterSessions.openedAt, to),
          or(isNull(counterSessions.closedAt), gt(counterSessions.closedAt, from)),
        ),
      )
      .orderBy(asc(counterSessions.openedAt)),

  pauses: (db: Db, hallId: string, from: Date, to: Date) =>
    db
      .select({
        counterId: counterPauses.counterId,
        reason: counterPauses.reason,
        startedAt: counterPauses.startedAt,
        endedAt: counterPauses.endedAt,
      })
      .from(counterPauses)
      .where(
        and(
          eq(counterPauses.hallId, hallId),
          lt(counterPauses.startedAt, to),
          or(isNull(counterPauses.endedAt), gt(counterPauses.endedAt, from)),
        ),
      )
      .orderBy(asc(counterPauses.startedAt)),

  /** Tickets that arrived in [from, to): arrival, first call, end, outcome, service (ms). */
  tickets: (db: Db, hallId: string, from: Date, to: Date) =>
    rowsOf<{
      serviceId: string;
      arrivalAt: number;
      firstCalledAt: number | null;
      startedAt: number | null;
      endedAt: number | null;
      outcome: string;
    }>(
      db,
      sql`SELECT service_id AS "serviceId",
                 (extract(epoch FROM arrival_at) * 1000)::float8 AS "arrivalAt",
                 (extract(epoch FROM first_called_at) * 1000)::float8 AS "firstCalledAt",
                 (extract(epoch FROM started_at) * 1000)::float8 AS "startedAt",
                 (extract(epoch FROM ended_at) * 1000)::float8 AS "endedAt",
                 outcome
          FROM tickets
          WHERE hall_id = ${hallId} AND arrival_at >= to_timestamp(${from.getTime() / 1000})
            AND arrival_at < to_timestamp(${to.getTime() / 1000})
          ORDER BY arrival_at`,
    ),

  review: async (db: Db, hallId: string, week: string) =>
    (
      await db
        .select()
        .from(rosterReviews)
        .where(and(eq(rosterReviews.hallId, hallId), eq(rosterReviews.week, week)))
    )[0] ?? null,

  reviews: (db: Db, hallId: string) =>
    db
      .select({
        week: rosterReviews.week,
        state: rosterReviews.state,
        jobId: rosterReviews.jobId,
        requestedAt: rosterReviews.requestedAt,
        finishedAt: rosterReviews.finishedAt,
      })
      .from(rosterReviews)
      .where(eq(rosterReviews.hallId, hallId))
      .orderBy(sql`${rosterReviews.week} DESC`)
      .limit(60),

  putReview: (db: Db, row: typeof rosterReviews.$inferInsert) =>
    db
      .insert(rosterReviews)
      .values(row)
      .onConflictDoUpdate({
        target: [rosterReviews.hallId, rosterReviews.week],
        set: {
          state: row.state,
          jobId: row.jobId ?? null,
          result: row.result ?? null,
          errorCode: row.errorCode ?? null,
          requestedAt: row.requestedAt ?? new Date(),
          requestedBy: row.requestedBy ?? null,
          finishedAt: row.finishedAt ?? null,
        },
      }),

  finishReview: (db: Db, hallId: string, week: string, set: Partial<typeof rosterReviews.$inferInsert>) =>
    db
      .update(rosterReviews)
      .set(set)
      .where(and(eq(rosterReviews.hallId, hallId), eq(rosterReviews.week, week))),
};
