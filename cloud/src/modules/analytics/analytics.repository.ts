/**
 * Analytics over the fact tables, in SQL. Days and hours are the hall's own (its time zone); a ticket's
 * wait is from arrival to its first call, and it met the service level when that took no longer than its
 * service's `targetWaitMinutes` in the hall config (10 minutes when the config says nothing). The
 * service-level share counts as misses the tickets still waiting past the target and those given up
 * after it.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { rowsOf } from '../../db/rows.ts';

export interface HallStatusRow {
  hallId: string;
  name: string;
  timeZone: string;
  waiting: number;
  oldestWaitingAt: number | null;
  issuedToday: number;
  servedToday: number;
  withinTarget: number;
  slDenominator: number;
  openAlarms: number;
  criticalAlarms: number;
  lastSeenAt: number | null;
  /** When the cloud's acknowledgement of the hall's events last moved forward. */
  lastAckedAt: number | null;
  /** What the hub said of its outbox at its latest poll (null: it never said). */
  pending: number | null;
  oldestPendingAt: number | null;
  deadLetters: number | null;
}

export interface MetricsRow {
  key: string | null;
  arrivals: number;
  served: number;
  noShows: number;
  cancelled: number;
  withinTarget: number;
  slDenominator: number;
  avgWaitMin: number | null;
  avgServiceMin: number | null;
  ratingAvg: number | null;
  ratings: number;
}

export type Dimension = 'hour' | 'day' | 'service' | 'counter' | 'staff';

/** Each ticket with its service's target (minutes), for the halls in `hallIds`. */
const targeted = (hallIds: string[]) => {
  const halls = sql`(${sql.join(
    hallIds.map((h) => sql`${h}`),
    sql`, `,
  )})`;
  // Each service's target read from the config once per hall and hash-joined, not per ticket.
  return sql`
  SELECT t.*, coalesce(s.target, 10) AS target
  FROM tickets t
  LEFT JOIN (
    SELECT hc.hall_id, x.id AS service_id, x."targetWaitMinutes" AS target
    FROM hall_configs hc, jsonb_to_recordset(coalesce(hc.document->'services', '[]'::jsonb)) AS x(id text, "targetWaitMinutes" float8)
    WHERE hc.hall_id IN ${halls}
  ) s ON s.hall_id = t.hall_id AND s.service_id = t.service_id
  WHERE t.hall_id IN ${halls}`;
};

/** The service-level numerator and denominator as of `now` (ms). */
const slColumns = (now: SQL) => sql`
  count(*) FILTER (WHERE t.first_called_at IS NOT NULL AND t.first_called_at - t.arrival_at <= make_interval(secs => t.target * 60))::int AS "withinTarget",
  count(*) FILTER (
    WHERE t.first_called_at IS NOT NULL
       OR (t.outcome = 'cancelled' AND t.ended_at - t.arrival_at > make_interval(secs => t.target * 60))
       OR (t.outcome = 'waiting' AND ${now} - t.arrival_at > make_interval(secs => t.target * 60))
  )::int AS "slDenominator"`;

const ms = (d: Date) => sql`to_timestamp(${d.getTime() / 1000})`;

export const analyticsRepository = {
  /** Every hall's live status today (its own day), with its hub's last contact. */
  async status(db: Db, hallIds: string[], now: Date): Promise<HallStatusRow[]> {
    if (hallIds.length === 0) return [];
    const n = ms(now);
    return rowsOf<HallStatusRow>(
      db,
      sql`
      WITH day AS (
        SELECT h.id, h.name, h.time_zone, (date_trunc('day', ${n} AT TIME ZONE h.time_zone) AT TIME ZONE h.time_zone) AS start
        FROM halls h WHERE h.id IN ${sql`(${sql.join(
          hallIds.map((h) => sql`${h}`),
          sql`, `,
        )})`}
      ),
      t AS (${targeted(hallIds)}),
      today AS (
        SELECT d.id,
          count(*) FILTER (WHERE t.outcome = 'waiting')::int AS waiting,
          (extract(epoch FROM min(t.arrival_at) FILTER (WHERE t.outcome = 'waiting')) * 1000)::float8 AS oldest,
          count(t.issue_seq)::int AS issued,
          count(*) FILTER (WHERE t.outcome = 'done')::int AS served,
          ${slColumns(n)}
        FROM day d LEFT JOIN t ON t.hall_id = d.id AND t.issued_at >= d.start AND t.issued_at <= ${n}
        GROUP BY d.id
      ),
      al AS (
        SELECT hall_id, count(*)::int AS open, count(*) FILTER (WHERE severity = 'critical')::int AS critical
        FROM alarms WHERE cleared_at IS NULL GROUP BY hall_id
      ),
      hub AS (
        SELECT hall_id, (extract(epoch FROM max(last_seen_at)) * 1000)::float8 AS seen, (extract(epoch FROM max(last_acked_at)) * 1000)::float8 AS acked,
          sum((outbox->>'rows')::bigint)::float8 AS pending, min((outbox->>'oldestAt')::float8) AS oldest, sum((outbox->>'deadLetters')::bigint)::float8 AS dead
        FROM hubs GROUP BY hall_id
      )
      SELECT d.id AS "hallId", d.name, d.time_zone AS "timeZone", today.waiting, today.oldest AS "oldestWaitingAt",
        today.issued AS "issuedToday", today.served AS "servedToday", today."withinTarget", today."slDenominator",
        coalesce(al.open, 0)::int AS "openAlarms", coalesce(al.critical, 0)::int AS "criticalAlarms", hub.seen AS "lastSeenAt",
        hub.acked AS "lastAckedAt", hub.pending, hub.oldest AS "oldestPendingAt", hub.dead AS "deadLetters"
      FROM day d JOIN today ON today.id = d.id LEFT JOIN al ON al.hall_id = d.id LEFT JOIN hub ON hub.hall_id = d.id
      ORDER BY d.name`,
    );
  },

  /**
   * Ticket metrics of one hall between `from` and `to` (arrival time), grouped by a dimension: the hour
   * or the date in the hall's time zone, the service, the counter or the staff member.
   */
  async metrics(
    db: Db,
    q: { hallId: string; timeZone: string; from: Date; to: Date; by: Dimension; now: Date; serviceId?: string },
  ): Promise<MetricsRow[]> {
    const key = {
      hour: sql`extract(hour FROM t.arrival_at AT TIME ZONE ${q.timeZone})::int::text`,
      day: sql`to_char(t.arrival_at AT TIME ZONE ${q.timeZone}, 'YYYY-MM-DD')`,
      service: sql`t.service_id`,
      counter: sql`t.counter_id`,
      staff: sql`t.staff_id`,
    }[q.by];
    const service = q.serviceId ? sql`AND t.service_id = ${q.serviceId}` : sql``;
    return rowsOf<MetricsRow>(
      db,
      sql`
      WITH t AS (${targeted([q.hallId])} AND t.arrival_at >= ${ms(q.from)} AND t.arrival_at < ${ms(q.to)})
      SELECT ${key} AS key,
        count(*)::int AS arrivals,
        count(*) FILTER (WHERE t.outcome = 'done')::int AS served,
        count(*) FILTER (WHERE t.outcome = 'noshow')::int AS "noShows",
        count(*) FILTER (WHERE t.outcome = 'cancelled')::int AS cancelled,
        ${slColumns(ms(q.now))},
        (avg(extract(epoch FROM t.first_called_at - t.arrival_at)) / 60)::float8 AS "avgWaitMin",
        (avg(extract(epoch FROM t.ended_at - t.started_at)) FILTER (WHERE t.outcome = 'done') / 60)::float8 AS "avgServiceMin",
        (sum(r.score * r.n) / nullif(sum(r.n), 0))::float8 AS "ratingAvg",
        coalesce(sum(r.n), 0)::int AS ratings
      -- A ticket's ratings by index (number, within a day of issue): no plan here depends on the
      -- table statistics, which PGlite never gathers by itself.
      FROM t LEFT JOIN LATERAL (
        SELECT avg(r.score)::float8 AS score, count(r.score)::int AS n
        FROM ratings r
        WHERE r.hub_id = t.hub_id AND r.ticket_no = t.ticket_no AND r.at >= t.issued_at AND r.at < t.issued_at + interval '1 day' AND r.score IS NOT NULL
      ) r ON true
      WHERE true ${service}
      GROUP BY 1 ORDER BY 1`,
    );
  },

  /**
   * Each hall now: people inside (today's door counts in − out, never below 0), tickets waiting and at a
   * counter (called or being served) today.
   */
  async live(db: Db, hallIds: string[], now: Date) {
    if (hallIds.length === 0) return [];
    const n = ms(now);
    const halls = sql`(${sql.join(
      hallIds.map((h) => sql`${h}`),
      sql`, `,
    )})`;
    return rowsOf<{ hallId: string; inHall: number; waiting: number; atCounters: number }>(
      db,
      sql`WITH d AS (
          SELECT id, (${n} AT TIME ZONE time_zone)::date AS today,
            date_trunc('day', ${n} AT TIME ZONE time_zone) AT TIME ZONE time_zone AS start
          FROM halls WHERE id IN ${halls}
        )
        SELECT d.id AS "hallId",
          greatest(coalesce((SELECT sum(entered - "left") FROM rollup_footfall_hour f WHERE f.hall_id = d.id AND f.day = d.today), 0), 0)::int AS "inHall",
          (SELECT count(*) FROM tickets t WHERE t.hall_id = d.id AND t.issued_at >= d.start AND t.issued_at <= ${n} AND t.outcome = 'waiting')::int AS waiting,
          (SELECT count(*) FROM tickets t WHERE t.hall_id = d.id AND t.issued_at >= d.start AND t.issued_at <= ${n} AND t.outcome IN ('called', 'serving'))::int AS "atCounters"
        FROM d ORDER BY d.id`,
    );
  },

  /** The start of the hall's local day `date` (YYYY-MM-DD), and of the day after. */
  async dayBounds(db: Db, timeZone: string, date: string): Promise<{ from: Date; to: Date }> {
    const [row] = await rowsOf<{ from: number; to: number }>(
      db,
      sql`SELECT (extract(epoch FROM (${date}::date)::timestamp AT TIME ZONE ${timeZone}) * 1000)::float8 AS "from",
                 (extract(epoch FROM ((${date}::date) + 1)::timestamp AT TIME ZONE ${timeZone}) * 1000)::float8 AS "to"`,
    );
    return { from: new Date((row as { from: number }).from), to: new Date((row as { to: number }).to) };
  },

  /** Today's date in the hall's time zone. */
  async today(db: Db, timeZone: string, now: Date): Promise<string> {
    const [row] = await rowsOf<{ d: string }>(
      db,
      sql`SELECT to_char(${ms(now)} AT TIME ZONE ${timeZone}, 'YYYY-MM-DD') AS d`,
    );
    return (row as { d: string }).d;
  },
};
