/**
 * The forecasts' storage and the ticket facts they learn from: arrivals per hall-local date × service ×
 * interval of the planning day (the ingest module's `tickets`, counted by arrival time in the hall's
 * zone), the measured handle time per service, and the `forecasts` / `forecast_values` rows.
 */
import { and, desc, eq, gte, lte, max, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { rowsOf } from '../../db/rows.ts';
import { jobs } from '../jobs/jobs.table.ts';
import { forecasts, forecastValues } from './scheduling.table.ts';

export interface Bucketing {
  hallId: string;
  timeZone: string;
  /** Hall-local dates, inclusive. */
  from: string;
  to: string;
  /** The planning day's start, minutes after midnight, and the interval's length in minutes. */
  dayStartMinutes: number;
  intervalMinutes: number;
  intervals: number;
}

export interface ArrivalCount {
  date: string;
  serviceId: string;
  interval: number;
  n: number;
}

const INSERT_CHUNK = 500;

export const forecastRepository = {
  /** Tickets per hall-local date × service × interval (only intervals inside the planning day). */
  async arrivals(db: Db, b: Bucketing): Promise<ArrivalCount[]> {
    const local = sql`(t.arrival_at AT TIME ZONE ${b.timeZone})`;
    const rows = await rowsOf<ArrivalCount>(
      db,
      sql`
      SELECT to_char(${local}, 'YYYY-MM-DD') AS "date", t.service_id AS "serviceId",
             floor((extract(hour FROM ${local}) * 60 + extract(minute FROM ${local}) - ${b.dayStartMinutes})
                   / ${b.intervalMinutes})::int AS "interval",
             count(*)::int AS n
        FROM tickets t
       WHERE t.hall_id = ${b.hallId}
         AND t.arrival_at >= ((${b.from}::date)::timestamp AT TIME ZONE ${b.timeZone})
         AND t.arrival_at < (((${b.to}::date) + 1)::timestamp AT TIME ZONE ${b.timeZone})
       GROUP BY 1, 2, 3`,
    );
    return rows
      .map((r) => ({ ...r, interval: Number(r.interval), n: Number(r.n) }))
      .filter((r) => r.interval >= 0 && r.interval < b.intervals);
  },

  /** Mean handle time (seconds) of tickets served per service, and how many, over hall-local dates. */
  async handleTimes(db: Db, q: { hallId: string; timeZone: string; from: string; to: string }) {
    return rowsOf<{ serviceId: string; seconds: number; served: number }>(
      db,
      sql`
      SELECT t.service_id AS "serviceId",
             avg(extract(epoch FROM (t.ended_at - t.started_at)))::float8 AS seconds,
             count(*)::int AS served
        FROM tickets t
       WHERE t.hall_id = ${q.hallId} AND t.outcome = 'done'
         AND t.started_at IS NOT NULL AND t.ended_at > t.started_at
         AND t.arrival_at >= ((${q.from}::date)::timestamp AT TIME ZONE ${q.timeZone})
         AND t.arrival_at < (((${q.to}::date) + 1)::timestamp AT TIME ZONE ${q.timeZone})
       GROUP BY 1`,
    );
  },

  byJob: async (db: Db, jobId: number) =>
    (await db.select().from(forecasts).where(eq(forecasts.jobId, jobId)))[0] ?? null,

  latest: async (db: Db, hallId: string) =>
    (
      await db.select().from(forecasts).where(eq(forecasts.hallId, hallId)).orderBy(desc(forecasts.version)).limit(1)
    )[0] ?? null,

  get: async (db: Db, id: number) => (await db.select().from(forecasts).where(eq(forecasts.id, id)))[0] ?? null,

  /** A forecast with its values, as the next version of the hall's (in one transaction). */
  async insert(
    db: Db,
    f: Omit<typeof forecasts.$inferInsert, 'id' | 'version'>,
    values: Array<Omit<typeof forecastValues.$inferInsert, 'forecastId'>>,
  ) {
    return db.transaction(async (tx) => {
      // Serialise versions per hall: two processes storing at once take turns (the unique index backs it).
      await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`forecast:${f.hallId}`}))`);
      const [top] = await tx
        .select({ v: max(forecasts.version) })
        .from(forecasts)
        .where(eq(forecasts.hallId, f.hallId));
      const version = (top?.v ?? 0) + 1;
      const [row] = await tx
        .insert(forecasts)
        .values({ ...f, version })
        .returning();
      const id = (row as typeof forecasts.$inferSelect).id;
      for (let i = 0; i < values.length; i += INSERT_CHUNK)
        await tx
          .insert(forecastValues)
          .values(values.slice(i, i + INSERT_CHUNK).map((v) => ({ ...v, forecastId: id })));
      return row as typeof forecasts.$inferSelect;
    });
  },

  /** Values of one forecast over hall-local dates [from, to]. */
  values: (db: Db, q: { forecastId: number; from: string; to: string }) =>
    db
      .select()
      .from(forecastValues)
      .where(
        and(
          eq(forecastValues.forecastId, q.forecastId),
          gte(forecastValues.date, q.from),
          lte(forecastValues.date, q.to),
        ),
      ),

  /** The newest forecast job of a hall (queued, running or finished). */
  latestJob: async (db: Db, q: { hallId: string; type: string }) =>
    (
      await db
        .select()
        .from(jobs)
        .where(and(eq(jobs.hallId, q.hallId), eq(jobs.type, q.type)))
        .orderBy(desc(jobs.createdAt), desc(jobs.id))
        .limit(1)
    )[0] ?? null,
};
