/**
 * The event facts of a hall over a range of hall-local days, in SQL: one GROUP BY per fact table (tickets,
 * ratings, counter sessions, pauses, transfers) with grouping sets for clerk, counter and hall, so a
 * month of a hall is a handful of queries whatever its volume. Days are the hall's own: a ticket belongs
 * to the day it was issued, a rating to the day it was given; sessions and pauses are clipped to each day.
 *
 * A session or pause the hub never reported closed ends with the hall-local day it began in (or now);
 * any counts for at most 48 hours after it began, which also lets the queries read a bounded index range.
 */
import { eq, inArray, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { rowsOf } from '../../db/rows.ts';
import { employeeMoves, employees } from '../staff/staff.table.ts';
import { daysBetween } from '@hall/devices/calendar';

export interface HallRange {
  hallId: string;
  timeZone: string;
  /** First and last hall-local date (inclusive). */
  from: string;
  to: string;
  /** Open sessions and pauses end here. */
  now: Date;
}

/** Which grouping set a row belongs to: the clerk's (staff number), the counter's, or the hall's. */
export type Grain = 'staff' | 'counter' | 'hall';

export interface TicketFactsRow {
  d: string;
  /** `handle`: the day's and service's handling-time histogram, `key` as `"seconds:count,…"`. */
  grain: Grain | 'handle';
  key: string | null;
  serviceId: string;
  served: number;
  handleSeconds: number;
  /** Served with a start and an end (a ticket the hub never reported started has no handling time). */
  timed: number;
  called: number;
  noShows: number;
  waited: number;
  waitSeconds: number;
  withinTarget: number;
  /** Hall only: cancelled after waiting past the target without a call (a miss of the service level). */
  abandoned: number;
  abandonedSeconds: number;
}

export interface CountRow {
  d: string;
  grain: Grain;
  key: string | null;
  n: number;
  sum: number;
  /** The sum of squares (ratings: the spread a rating's confidence band is computed from). */
  sq: number;
  low: number;
}

export interface MinutesRow {
  d: string;
  grain: Grain;
  key: string | null;
  reason: string | null;
  minutes: number;
}

const ts = (d: Date) => sql`to_timestamp(${d.getTime() / 1000})`;
/** The instant a hall-local date begins. */
const dayStart = (date: string, tz: string, plusDays = 0) =>
  sql`(((${date}::date) + ${plusDays}::int)::timestamp AT TIME ZONE ${tz})`;
const localDate = (col: ReturnType<typeof sql>, tz: string) => sql`to_char(${col} AT TIME ZONE ${tz}, 'YYYY-MM-DD')`;
const grain = (staff: ReturnType<typeof sql>, counter: ReturnType<typeof sql>) =>
  sql`CASE WHEN grouping(${staff}) = 0 THEN 'staff' WHEN grouping(${counter}) = 0 THEN 'counter' ELSE 'hall' END`;
const MAX_OPEN = sql`interval '48 hours'`;
/**
 * Where a session or pause the hub never reported closed ends: now, or the end of the hall-local day it
 * began in, whichever is first — a counter left signed in overnight is not a day of work.
 */
const openUntil = (r: HallRange, began: ReturnType<typeof sql>) =>
  sql`least(${ts(r.now)}, ((${began} AT TIME ZONE ${r.timeZone})::date + 1)::timestamp AT TIME ZONE ${r.timeZone})`;

function daysOf(from: string, to: string) {
  return daysBetween(from, to) + 1;
}

/** Each hall-local day of the range with its bounds (a CTE named `b`: d, s, e). */
const dayBounds = (r: HallRange) => sql`b AS (
  SELECT to_char(day, 'YYYY-MM-DD') AS d, day::timestamp AT TIME ZONE ${r.timeZone} AS s,
         (day + 1)::timestamp AT TIME ZONE ${r.timeZone} AS e
  FROM (SELECT (${r.from}::date + i) AS day FROM generate_series(0, ${daysOf(r.from, r.to) - 1}::int) AS i) AS x
)`;

/** The session open at a counter at an instant: its clerk (the pause's or transfer's clerk). */
const clerkAt = (hallId: string, counter: ReturnType<typeof sql>, at: ReturnType<typeof sql>) => sql`
  LEFT JOIN LATERAL (
    SELECT cs.staff_id FROM counter_sessions cs
    WHERE cs.hall_id = ${hallId} AND cs.counter_id = ${counter} AND cs.opened_at <= ${at}
      AND cs.opened_at > ${at} - ${MAX_OPEN} AND coalesce(cs.closed_at, 'infinity'::timestamptz) >= ${at}
    ORDER BY cs.opened_at DESC LIMIT 1
  ) AS who ON true`;

export const factsRepository = {
  /**
   * Tickets per day × (clerk | counter | hall) × service: served and their handling seconds (start →
   * end), called, no-shows, and waits from arrival to the first call against each service's target
   * (`targets`: seconds by service id; 600 — the config's default 10 minutes — for one it does not name).
   * Also (grain `handle`, `key` as `handleHistograms`' `h`) the histogram of the served tickets' handling
   * times per day and service that the reference times are medians of — from the same read of the tickets.
   * The month of a hall is read from the covering index `tickets_hall_issued` alone.
   */
  tickets: (db: Db, r: HallRange, targets: Record<string, number>) =>
    rowsOf<TicketFactsRow>(
      db,
      sql`
      WITH tg AS (
        SELECT key AS service_id, value::float8 AS target FROM jsonb_each_text(${JSON.stringify(targets)}::jsonb)
      ),
      t AS MATERIALIZED (
        SELECT ${localDate(sql`t.issued_at`, r.timeZone)} AS d, t.staff_id, t.counter_id, t.service_id, t.outcome,
               extract(epoch FROM t.ended_at - t.started_at)::float8 AS handle,
               extract(epoch FROM t.first_called_at - t.arrival_at)::float8 AS wait,
               extract(epoch FROM t.ended_at - t.arrival_at)::float8 AS gave_up,
               coalesce(tg.target, 600) AS target
        FROM tickets t LEFT JOIN tg ON tg.service_id = t.service_id
        WHERE t.hall_id = ${r.hallId}
          AND t.issued_at >= ${dayStart(r.from, r.timeZone)} AND t.issued_at < ${dayStart(r.to, r.timeZone, 1)}
      )
      SELECT d, ${grain(sql`staff_id`, sql`counter_id`)} AS grain,
             CASE WHEN grouping(staff_id) = 0 THEN staff_id ELSE counter_id END AS key,
             service_id AS "serviceId",
             count(*) FILTER (WHERE outcome = 'done')::int AS served,
             coalesce(sum(handle) FILTER (WHERE outcome = 'done' AND handle >= 0), 0)::float8 AS "handleSeconds",
             count(*) FILTER (WHERE outcome = 'done' AND handle >= 0)::int AS timed,
             count(*) FILTER (WHERE wait IS NOT NULL)::int AS called,
             count(*) FILTER (WHERE outcome = 'noshow')::int AS "noShows",
             count(*) FILTER (WHERE wait IS NOT NULL)::int AS waited,
             coalesce(sum(wait), 0)::float8 AS "waitSeconds",
             count(*) FILTER (WHERE wait <= target)::int AS "withinTarget",
             count(*) FILTER (WHERE wait IS NULL AND outcome = 'cancelled' AND gave_up > target)::int AS abandoned,
             coalesce(sum(gave_up) FILTER (WHERE wait IS NULL AND outcome = 'cancelled' AND gave_up > target), 0)::float8
               AS "abandonedSeconds"
      FROM t
      GROUP BY GROUPING SETS ((d, staff_id, service_id), (d, counter_id, service_id), (d, service_id))
      UNION ALL
      SELECT d, 'handle', string_agg(s::text || ':' || n::text, ','), service_id, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
      FROM (
        SELECT d, service_id, round(handle)::int AS s, count(*)::int AS n FROM t
        WHERE outcome = 'done' AND handle >= 0 GROUP BY 1, 2, 3
      ) AS x
      GROUP BY d, service_id`,
    ),

  /**
   * The hall's served tickets' handling times per issue day and service, as a histogram of whole
   * seconds (`"seconds:count,…"`): the reference handling time is a median over 28 days of these. (The
   * days being computed have theirs from `tickets`; this reads the days before them.)
   */
  handleHistograms: (db: Db, q: { hallId: string; timeZone: string; from: string; to: string }) =>
    rowsOf<{ d: string; serviceId: string; h: string }>(
      db,
      sql`
      SELECT d, service_id AS "serviceId", string_agg(s::text || ':' || n::text, ',') AS h
      FROM (
        SELECT ${localDate(sql`issued_at`, q.timeZone)} AS d, service_id,
               round(extract(epoch FROM ended_at - started_at))::int AS s, count(*)::int AS n
        FROM tickets
        WHERE hall_id = ${q.hallId} AND outcome = 'done' AND started_at IS NOT NULL AND ended_at >= started_at
          AND issued_at >= ${dayStart(q.from, q.timeZone)} AND issued_at < ${dayStart(q.to, q.timeZone, 1)}
        GROUP BY 1, 2, 3
      ) AS x
      GROUP BY d, service_id`,
    ),

  /** Ratings with a score per day × (clerk | counter | hall): how many, their sum, how many ≤ 2. */
  ratings: (db: Db, r: HallRange) =>
    rowsOf<CountRow>(
      db,
      sql`
      SELECT d, ${grain(sql`staff_id`, sql`counter_id`)} AS grain,
             CASE WHEN grouping(staff_id) = 0 THEN staff_id ELSE counter_id END AS key,
             count(*)::int AS n, sum(score)::float8 AS sum, sum(score * score)::float8 AS sq,
             count(*) FILTER (WHERE score <= 2)::int AS low
      FROM (
        SELECT ${localDate(sql`at`, r.timeZone)} AS d, staff_id, counter_id, score FROM ratings
        WHERE hall_id = ${r.hallId} AND score IS NOT NULL AND NOT skipped
          AND at >= ${dayStart(r.from, r.timeZone)} AND at < ${dayStart(r.to, r.timeZone, 1)}
      ) AS x
      GROUP BY GROUPING SETS ((d, staff_id), (d, counter_id), (d))`,
    ),

  /** Minutes signed in at a counter per day × (clerk | counter | hall), sessions clipped to each day. */
  sessions: (db: Db, r: HallRange) =>
    rowsOf<MinutesRow>(
      db,
      sql`
      WITH ${dayBounds(r)}
      SELECT b.d, ${grain(sql`cs.staff_id`, sql`cs.counter_id`)} AS grain,
             CASE WHEN grouping(cs.staff_id) = 0 THEN cs.staff_id ELSE cs.counter_id END AS key, NULL AS reason,
             (sum(extract(epoch FROM
               least(coalesce(cs.closed_at, ${openUntil(r, sql`cs.opened_at`)}), cs.opened_at + ${MAX_OPEN}, b.e) - greatest(cs.opened_at, b.s)
             )) / 60)::float8 AS minutes
      FROM b JOIN counter_sessions cs ON cs.hall_id = ${r.hallId}
        AND cs.opened_at < b.e AND cs.opened_at > b.s - ${MAX_OPEN}
        AND least(coalesce(cs.closed_at, ${openUntil(r, sql`cs.opened_at`)}), cs.opened_at + ${MAX_OPEN}) > b.s
      GROUP BY GROUPING SETS ((b.d, cs.staff_id), (b.d, cs.counter_id), (b.d))`,
    ),

  /**
   * Pause minutes per day × reason × (clerk | counter | hall), clipped to each day; a pause is the
   * clerk's whose session was open at that counter when it began.
   */
  pauses: (db: Db, r: HallRange) =>
    rowsOf<MinutesRow>(
      db,
      sql`
      WITH ${dayBounds(r)}
      SELECT b.d, ${grain(sql`who.staff_id`, sql`p.counter_id`)} AS grain,
             CASE WHEN grouping(who.staff_id) = 0 THEN who.staff_id ELSE p.counter_id END AS key, p.reason,
             (sum(extract(epoch FROM
               least(coalesce(p.ended_at, ${openUntil(r, sql`p.started_at`)}), p.started_at + ${MAX_OPEN}, b.e) - greatest(p.started_at, b.s)
             )) / 60)::float8 AS minutes
      FROM b JOIN counter_pauses p ON p.hall_id = ${r.hallId}
        AND p.started_at < b.e AND p.started_at > b.s - ${MAX_OPEN}
        AND least(coalesce(p.ended_at, ${openUntil(r, sql`p.started_at`)}), p.started_at + ${MAX_OPEN}) > b.s
      ${clerkAt(r.hallId, sql`p.counter_id`, sql`p.started_at`)}
      GROUP BY GROUPING SETS ((b.d, who.staff_id, p.reason), (b.d, p.counter_id, p.reason), (b.d, p.reason))`,
    ),

  /** Tickets transferred away per day × (clerk at the counter | counter | hall), from the raw events. */
  transfers: (db: Db, r: HallRange) =>
    rowsOf<CountRow>(
      db,
      sql`
      SELECT d, ${grain(sql`staff_id`, sql`counter_id`)} AS grain,
             CASE WHEN grouping(staff_id) = 0 THEN staff_id ELSE counter_id END AS key,
             count(*)::int AS n, 0::float8 AS sum, 0::float8 AS sq, 0::int AS low
      FROM (
        SELECT ${localDate(sql`e.at`, r.timeZone)} AS d, e.body->>'counterId' AS counter_id, who.staff_id
        FROM hall_events e
        ${clerkAt(r.hallId, sql`(e.body->>'counterId')`, sql`e.at`)}
        WHERE e.hall_id = ${r.hallId} AND e.type = 'ticket.transferred'
          AND e.at >= ${dayStart(r.from, r.timeZone)} AND e.at < ${dayStart(r.to, r.timeZone, 1)}
      ) AS x
      GROUP BY GROUPING SETS ((d, staff_id), (d, counter_id), (d))`,
    ),

  /** The employees who were (or are, or will be) in the hall, with their moves: who a staff number was, when. */
  async employeesOfHall(db: Db, hallId: string) {
    const movedIds = db
      .select({ id: employeeMoves.employeeId })
      .from(employeeMoves)
      .where(or(eq(employeeMoves.fromHallId, hallId), eq(employeeMoves.toHallId, hallId)));
    const people = await db
      .select({ id: employees.id, staffId: employees.staffId, hallId: employees.hallId })
      .from(employees)
      .where(or(eq(employees.hallId, hallId), inArray(employees.id, movedIds)));
    const moves =
      people.length === 0
        ? []
        : await db
            .select({
              employeeId: employeeMoves.employeeId,
              fromHallId: employeeMoves.fromHallId,
              toHallId: employeeMoves.toHallId,
              effectiveDate: employeeMoves.effectiveDate,
              id: employeeMoves.id,
            })
            .from(employeeMoves)
            .where(
              inArray(
                employeeMoves.employeeId,
                people.map((p) => p.id),
              ),
            );
    return { people, moves };
  },
};
