/**
 * Storage of daily reports, and the few facts of a hall-day the analytics module does not already give:
 * wait percentiles, the ratings' spread, the day's alarms, device health transitions.
 */
import { and, desc, eq, gte, lt, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { rowsOf } from '../../db/rows.ts';
import { alarms, deviceHealth } from '../ingest/ingest.table.ts';
import { dailyReports } from './reports.table.ts';

const at = (d: Date) => sql`to_timestamp(${d.getTime() / 1000})`;

/** Device health rows read for one day at most: a device flapping every few seconds all day stays bounded. */
export const MAX_HEALTH_ROWS = 20_000;

export const reportsRepository = {
  /** Writes the day's report, replacing the one there was (same hall, date and format). */
  upsert: (
    db: Db,
    row: { hallId: string; date: string; formatVersion: number; generatedAt: Date; complete: boolean; body: unknown },
  ) =>
    db
      .insert(dailyReports)
      .values(row)
      .onConflictDoUpdate({
        target: [dailyReports.hallId, dailyReports.date, dailyReports.formatVersion],
        set: { generatedAt: row.generatedAt, complete: row.complete, body: row.body },
      }),

  get: async (db: Db, hallId: string, date: string, formatVersion: number) =>
    (
      await db
        .select()
        .from(dailyReports)
        .where(
          and(
            eq(dailyReports.hallId, hallId),
            eq(dailyReports.date, date),
            eq(dailyReports.formatVersion, formatVersion),
          ),
        )
    )[0] ?? null,

  /** A hall's reports, newest day first, without their bodies. */
  list: (db: Db, q: { hallId: string; formatVersion: number; before?: string; limit: number }) =>
    db
      .select({
        date: dailyReports.date,
        generatedAt: dailyReports.generatedAt,
        complete: dailyReports.complete,
        arrivals: sql<number>`(${dailyReports.body}->'totals'->>'arrivals')::int`,
        serviceLevel: sql<number | null>`(${dailyReports.body}->'totals'->>'serviceLevel')::float8`,
        alarms: sql<number>`(${dailyReports.body}->'alarms'->>'total')::int`,
      })
      .from(dailyReports)
      .where(
        and(
          eq(dailyReports.hallId, q.hallId),
          eq(dailyReports.formatVersion, q.formatVersion),
          q.before ? lt(dailyReports.date, q.before) : undefined,
        ),
      )
      .orderBy(desc(dailyReports.date))
      .limit(q.limit),

  /** Average, 90th percentile and longest wait (arrival to first call, minutes) of the tickets that arrived in [from, to). */
  async waits(db: Db, hallId: string, from: Date, to: Date) {
    const [row] = await rowsOf<{ avg: number | null; p90: number | null; max: number | null }>(
      db,
      sql`
      SELECT (avg(w) / 60)::float8 AS avg, (percentile_cont(0.9) WITHIN GROUP (ORDER BY w) / 60)::float8 AS p90, (max(w) / 60)::float8 AS max
      FROM (SELECT extract(epoch FROM first_called_at - arrival_at) AS w FROM tickets
            WHERE hall_id = ${hallId} AND arrival_at >= ${at(from)} AND arrival_at < ${at(to)} AND first_called_at IS NOT NULL) x`,
    );
    return row ?? { avg: null, p90: null, max: null };
  },

  /** Ratings given in [from, to): how many of each score, and how many pads were walked away from. */
  ratingSpread: (db: Db, hallId: string, from: Date, to: Date) =>
    rowsOf<{ score: number | null; skipped: boolean; n: number }>(
      db,
      sql`SELECT score, skipped, count(*)::int AS n FROM ratings
          WHERE hall_id = ${hallId} AND at >= ${at(from)} AND at < ${at(to)} GROUP BY score, skipped`,
    ),

  /** Alarms open at any moment of [from, to), oldest first, at most `limit`; and their count by severity. */
  async alarmsOfDay(db: Db, hallId: string, from: Date, to: Date, limit: number) {
    const during = and(
      eq(alarms.hallId, hallId),
      lt(alarms.raisedAt, to),
      sql`(${alarms.clearedAt} IS NULL OR ${alarms.clearedAt} >= ${at(from)})`,
    );
    const [list, counts] = await Promise.all([
      db.select().from(alarms).where(during).orderBy(alarms.raisedAt, alarms.alarmId).limit(limit),
      db
        .select({ severity: alarms.severity, n: sql<number>`count(*)::int` })
        .from(alarms)
        .where(during)
        .groupBy(alarms.severity),
    ]);
    return { list, counts };
  },

  /**
   * Each device's health changes in [from, to), and its last known state before `from` (so a device
   * offline since yesterday counts as offline from the start), at most `MAX_HEALTH_ROWS` rows.
   */
  async health(db: Db, hallId: string, from: Date, to: Date) {
    const cols = {
      deviceId: deviceHealth.deviceId,
      kind: deviceHealth.kind,
      online: deviceHealth.online,
      at: deviceHealth.at,
    };
    const [before, during] = await Promise.all([
      db
        .selectDistinctOn([deviceHealth.deviceId], cols)
        .from(deviceHealth)
        .where(and(eq(deviceHealth.hallId, hallId), lt(deviceHealth.at, from)))
        .orderBy(deviceHealth.deviceId, desc(deviceHealth.at), desc(deviceHealth.seq)),
      db
        .select(cols)
        .from(deviceHealth)
        .where(and(eq(deviceHealth.hallId, hallId), gte(deviceHealth.at, from), lt(deviceHealth.at, to)))
        .orderBy(deviceHealth.at, deviceHealth.seq)
        .limit(MAX_HEALTH_ROWS),
    ]);
    return { before, during };
  },

  /** When the day's first ticket was issued and its last one ended (or was last touched), if any. */
  async workingSpan(db: Db, hallId: string, from: Date, to: Date) {
    const [row] = await rowsOf<{ first: number | null; last: number | null }>(
      db,
      sql`SELECT (extract(epoch FROM min(arrival_at)) * 1000)::float8 AS first,
                 (extract(epoch FROM max(greatest(arrival_at, coalesce(ended_at, arrival_at), coalesce(last_called_at, arrival_at)))) * 1000)::float8 AS last
          FROM tickets WHERE hall_id = ${hallId} AND arrival_at >= ${at(from)} AND arrival_at < ${at(to)}`,
    );
    return row ?? { first: null, last: null };
  },
};
