/** The daily KPI rows of a hall by range, and what the status page reads of them and of their jobs. */
import { and, desc, eq, gte, inArray, lt, lte, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { rowsOf } from '../../db/rows.ts';
import { jobs } from '../jobs/jobs.table.ts';
import { kpiDaily, kpiDirtyDays } from './performance.table.ts';

export type KpiDailyInsert = Omit<typeof kpiDaily.$inferInsert, 'hallId'>;
/** A database or a transaction in it. */
type Conn = Pick<Db, 'execute' | 'select' | 'delete' | 'insert'>;

const BATCH = 2_000;

export const dailyRepository = {
  /** Replaces the hall's rows of [from, to] (every subject of every day) in one transaction. */
  async putDays(db: Db, hallId: string, from: string, to: string, rows: readonly KpiDailyInsert[]) {
    const computedAt = new Date();
    await db.transaction(async (tx) => {
      // The nightly run and a backfill of the same hall take turns: two delete-then-insert of the same
      // days at once would collide on the key (PostgreSQL; PGlite runs one at a time anyway).
      await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`kpi-daily:${hallId}`}))`);
      await tx
        .delete(kpiDaily)
        .where(and(eq(kpiDaily.hallId, hallId), gte(kpiDaily.date, from), lte(kpiDaily.date, to)));
      // One parameter per batch (a JSON array), not six per row: binding thousands of parameters costs
      // more than the insert itself.
      for (let i = 0; i < rows.length; i += BATCH)
        await tx.execute(sql`
          INSERT INTO kpi_daily (hall_id, date, subject_kind, subject_id, facts, computed_at)
          SELECT ${hallId}, x.date::date, x.kind, x.id, x.facts, ${computedAt.toISOString()}::timestamptz
          FROM jsonb_to_recordset(${JSON.stringify(
            rows.slice(i, i + BATCH).map((r) => ({
              date: r.date,
              kind: r.subjectKind,
              id: r.subjectId,
              facts: r.facts,
            })),
          )}::jsonb) AS x(date text, kind text, id text, facts jsonb)`);
    });
  },

  /** The database's clock (marks are stamped by it). */
  dbNow: async (db: Db) =>
    new Date(
      Number((await rowsOf<{ t: number }>(db, sql`SELECT (extract(epoch FROM now()) * 1000)::float8 AS t`))[0]?.t),
    ),

  /** Marks the hall's dates for the next nightly run (a staff-record entry of an older day). */
  async markDirty(db: Conn, hallId: string, dates: readonly string[]) {
    if (dates.length === 0) return;
    await db
      .insert(kpiDirtyDays)
      .values([...new Set(dates)].map((date) => ({ hallId, date })))
      .onConflictDoUpdate({ target: [kpiDirtyDays.hallId, kpiDirtyDays.date], set: { markedAt: sql`now()` } });
  },

  /**
   * Marks the hall-local days of these instants that are before the hall's today at `now` (late hub events): one
   * statement, the time zone applied in the database. Instants are passed to the quarter hour (a batch
   * of a day's events is a handful of values; every zone's offset is a multiple of 15 minutes).
   */
  async markDirtyAt(db: Conn, hallId: string, instants: readonly Date[], now: Date) {
    const quarters = [...new Set(instants.map((at) => Math.floor(at.getTime() / 900_000) * 900))];
    if (quarters.length === 0) return;
    await db.execute(sql`
      INSERT INTO kpi_dirty_days (hall_id, date)
      SELECT DISTINCT h.id, (to_timestamp(q) AT TIME ZONE h.time_zone)::date
      FROM halls h, unnest(${`{${quarters.join(',')}}`}::float8[]) AS q
      WHERE h.id = ${hallId} AND (to_timestamp(q) AT TIME ZONE h.time_zone)::date < (to_timestamp(${now.getTime() / 1000}::float8) AT TIME ZONE h.time_zone)::date
      ON CONFLICT (hall_id, date) DO UPDATE SET marked_at = now()`);
  },

  /** The hall's marked dates in [from, to], oldest first. */
  dirtyDays: async (db: Db, hallId: string, from: string, to: string) =>
    (
      await db
        .select({ date: kpiDirtyDays.date })
        .from(kpiDirtyDays)
        .where(and(eq(kpiDirtyDays.hallId, hallId), gte(kpiDirtyDays.date, from), lte(kpiDirtyDays.date, to)))
        .orderBy(kpiDirtyDays.date)
    ).map((r) => r.date),

  /** Clears the hall's marks up to `to` made before `before` (a mark made while the run read stays). */
  clearDirty: (db: Db, hallId: string, to: string, before: Date) =>
    db
      .delete(kpiDirtyDays)
      .where(and(eq(kpiDirtyDays.hallId, hallId), lte(kpiDirtyDays.date, to), lt(kpiDirtyDays.markedAt, before))),

  /** Per hall: the last day computed, when, and how many subjects it has. */
  status: (db: Db, hallIds: readonly string[]) =>
    hallIds.length === 0
      ? Promise.resolve([])
      : rowsOf<{ hallId: string; lastDate: string; computedAt: number; subjects: number; days: number }>(
          db,
          sql`
          SELECT k.hall_id AS "hallId", to_char(k.date, 'YYYY-MM-DD') AS "lastDate",
                 (extract(epoch FROM max(k.computed_at)) * 1000)::float8 AS "computedAt", count(*)::int AS subjects,
                 max(m.days)::int AS days
          FROM kpi_daily k
          JOIN (
            SELECT hall_id, max(date) AS d, count(DISTINCT date) AS days FROM kpi_daily
            WHERE hall_id IN (${sql.join(
              hallIds.map((h) => sql`${h}`),
              sql`, `,
            )})
            GROUP BY hall_id
          ) AS m ON m.hall_id = k.hall_id AND m.d = k.date
          GROUP BY k.hall_id, k.date`,
        ),

  /** The newest job of the types per hall (what the status shows as running or failed). */
  latestJobs: (db: Db, hallIds: readonly string[], types: readonly string[]) =>
    hallIds.length === 0
      ? Promise.resolve([])
      : db
          .selectDistinctOn([jobs.hallId], {
            hallId: jobs.hallId,
            id: jobs.id,
            type: jobs.type,
            state: jobs.state,
            progress: jobs.progress,
            errorCode: jobs.errorCode,
            createdAt: jobs.createdAt,
          })
          .from(jobs)
          .where(and(inArray(jobs.hallId, [...hallIds]), inArray(jobs.type, [...types])))
          .orderBy(jobs.hallId, desc(jobs.createdAt), desc(jobs.id)),
};
