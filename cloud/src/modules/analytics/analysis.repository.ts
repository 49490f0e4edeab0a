/**
 * The analysis reads: sums of the roll-ups (analytics.table.ts) over halls and hall-local days, grouped
 * by one dimension. Never the raw tickets, except `tickets` (the tickets behind a view, opened by the
 * user) and `hourBy` (one hall's hour by counter or clerk: a few dozen tickets through their index).
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { rowsOf, sqlList as list } from '../../db/rows.ts';

/** Summed measures of the ticket roll-ups, as stored (milliseconds, counts). */
export interface SumRow {
  key: string;
  arrivals: number;
  served: number;
  noShows: number;
  cancelled: number;
  withinTarget: number;
  slDue: number;
  waitSumMs: number;
  waitN: number;
  handleSumMs: number;
  handleN: number;
  ratingSum: number;
  ratingN: number;
  transfers: number;
}

export type CubeDim =
  | 'child'
  | 'hall'
  | 'day'
  | 'week'
  | 'month'
  | 'weekday'
  | 'hour'
  | 'weekdayHour'
  | 'service'
  | 'channel'
  | 'priority'
  | 'clerk';
export type RollupSource = 'hallDay' | 'day' | 'hour' | 'clerk';

export interface CubeQuery {
  halls: string[];
  /** hall → the key of its child unit (the `child` dimension). */
  childOf?: Map<string, string>;
  from: string;
  to: string;
  by: CubeDim;
  source: RollupSource;
  serviceId?: string;
  channel?: string;
  hour?: number;
  staffId?: string;
}

const SUMS = sql.raw(`
  sum(arrivals)::int AS arrivals, sum(served)::int AS served, sum(no_shows)::int AS "noShows",
  sum(cancelled)::int AS cancelled, sum(within_target)::int AS "withinTarget", sum(sl_due)::int AS "slDue",
  sum(wait_sum_ms)::float8 AS "waitSumMs", sum(wait_n)::int AS "waitN", sum(handle_sum_ms)::float8 AS "handleSumMs",
  sum(handle_n)::int AS "handleN", sum(rating_sum)::int AS "ratingSum", sum(rating_n)::int AS "ratingN",
  sum(transfers)::int AS transfers`);

/** A JSON map of text to text as a join table. */
const mapping = (m: Map<string, string>) =>
  sql`(SELECT key AS hall_id, value AS child FROM jsonb_each_text(${JSON.stringify(Object.fromEntries(m))}::jsonb))`;

const TABLE: Record<RollupSource, string> = {
  hallDay: 'rollup_hall_day',
  day: 'rollup_day',
  hour: 'rollup_hour',
  clerk: 'rollup_clerk_day',
};

export const analysisRepository = {
  async cube(db: Db, q: CubeQuery): Promise<SumRow[]> {
    if (q.halls.length === 0) return [];
    const key: Record<CubeDim, SQL> = {
      child: sql`c.child`,
      hall: sql`r.hall_id`,
      day: sql`to_char(r.day, 'YYYY-MM-DD')`,
      week: sql`to_char(date_trunc('week', r.day), 'YYYY-MM-DD')`,
      month: sql`to_char(r.day, 'YYYY-MM')`,
      weekday: sql`(extract(isodow FROM r.day)::int - 1)::text`,
      hour: sql`lpad(r.hour::text, 2, '0')`,
      weekdayHour: sql`(extract(isodow FROM r.day)::int - 1)::text || ':' || lpad(r.hour::text, 2, '0')`,
      service: sql`r.service_id`,
      channel: sql`r.channel`,
      priority: sql`r.priority`,
      clerk: sql`r.staff_id`,
    };
    const join = q.by === 'child' && q.childOf ? sql`JOIN ${mapping(q.childOf)} c ON c.hall_id = r.hall_id` : sql``;
    const filters = [
      q.serviceId ? sql`AND r.service_id = ${q.serviceId}` : sql``,
      q.channel ? sql`AND r.channel = ${q.channel}` : sql``,
      q.hour === undefined ? sql`` : sql`AND r.hour = ${q.hour}`,
      q.staffId ? sql`AND r.staff_id = ${q.staffId}` : sql``,
    ];
    return rowsOf<SumRow>(
      db,
      sql`SELECT ${key[q.by]} AS key, ${SUMS}
        FROM ${sql.raw(TABLE[q.source])} r ${join}
        WHERE r.hall_id IN ${list(q.halls)} AND r.day BETWEEN ${q.from}::date AND ${q.to}::date ${sql.join(filters, sql` `)}
        GROUP BY 1 ORDER BY 1`,
    );
  },

  /**
   * Names from the halls' configs, one statement for any number of halls: services, and when
   * asked, staff and counters (`kind` says which list a row came from; the first hall naming an id wins).
   */
  async names(db: Db, halls: string[], lists: ReadonlyArray<'staff' | 'counters'>) {
    if (halls.length === 0) return [];
    const arrays = sql.raw(["'services'", ...lists.map((l) => `'${l}'`)].join(', '));
    return rowsOf<{ kind: 'services' | 'staff' | 'counters'; id: string; name: string | null }>(
      db,
      sql`SELECT DISTINCT ON (k.kind, x->>'id') k.kind, x->>'id' AS id, x->>'name' AS name
        FROM hall_configs hc CROSS JOIN unnest(ARRAY[${arrays}]) AS k(kind)
        CROSS JOIN LATERAL jsonb_array_elements(
          CASE WHEN jsonb_typeof(hc.document->k.kind) = 'array' THEN hc.document->k.kind ELSE '[]'::jsonb END) x
        WHERE hc.hall_id IN ${list(halls)} AND x->>'id' IS NOT NULL
        ORDER BY k.kind, x->>'id', hc.hall_id`,
    );
  },

  /** Staff-hours per hall and day: minutes signed in at a counter, from the daily KPI facts (closed days). */
  async staffMinutes(db: Db, halls: string[], from: string, to: string) {
    if (halls.length === 0) return [];
    return rowsOf<{ hallId: string; day: string; minutes: number }>(
      db,
      sql`SELECT hall_id AS "hallId", to_char(date, 'YYYY-MM-DD') AS day, coalesce((facts->>'session_minutes')::float8, 0) AS minutes
        FROM kpi_daily WHERE subject_kind = 'hall' AND hall_id IN ${list(halls)} AND date BETWEEN ${from}::date AND ${to}::date`,
    );
  },

  /** Each clerk's sums per hall and service over the period (the clerk comparison and its band). */
  async clerkServices(db: Db, halls: string[], from: string, to: string) {
    if (halls.length === 0) return [];
    return rowsOf<SumRow & { hallId: string; staffId: string; serviceId: string }>(
      db,
      sql`SELECT hall_id AS "hallId", staff_id AS "staffId", service_id AS "serviceId", '' AS key, ${SUMS}
        FROM rollup_clerk_day r WHERE r.hall_id IN ${list(halls)} AND r.day BETWEEN ${from}::date AND ${to}::date
        GROUP BY 1, 2, 3`,
    );
  },

  /** Tickets served per clerk and day (the sparklines). */
  async clerkDays(db: Db, halls: string[], from: string, to: string) {
    if (halls.length === 0) return [];
    return rowsOf<{ staffId: string; day: string; served: number; handleSumMs: number; handleN: number }>(
      db,
      sql`SELECT staff_id AS "staffId", to_char(day, 'YYYY-MM-DD') AS day, sum(served)::int AS served,
          sum(handle_sum_ms)::float8 AS "handleSumMs", sum(handle_n)::int AS "handleN"
        FROM rollup_clerk_day r WHERE r.hall_id IN ${list(halls)} AND r.day BETWEEN ${from}::date AND ${to}::date
        GROUP BY 1, 2`,
    );
  },

  /** Wait bands per service: who was called, who left, and their ratings. */
  async waits(db: Db, halls: string[], from: string, to: string) {
    if (halls.length === 0) return [];
    return rowsOf<{
      serviceId: string;
      band: number;
      called: number;
      abandoned: number;
      noShows: number;
      ratingSum: number;
      ratingN: number;
    }>(
      db,
      sql`SELECT service_id AS "serviceId", band::int AS band, sum(called)::int AS called, sum(abandoned)::int AS abandoned,
          sum(no_shows)::int AS "noShows", sum(rating_sum)::int AS "ratingSum", sum(rating_n)::int AS "ratingN"
        FROM rollup_wait r WHERE r.hall_id IN ${list(halls)} AND r.day BETWEEN ${from}::date AND ${to}::date
        GROUP BY 1, 2 ORDER BY 1, 2`,
    );
  },

  async txTypes(db: Db, halls: string[], from: string, to: string) {
    if (halls.length === 0) return [];
    return rowsOf<{ serviceId: string; txType: string; n: number }>(
      db,
      sql`SELECT service_id AS "serviceId", tx_type AS "txType", sum(n)::int AS n
        FROM rollup_tx_day r WHERE r.hall_id IN ${list(halls)} AND r.day BETWEEN ${from}::date AND ${to}::date
        GROUP BY 1, 2 ORDER BY 3 DESC`,
    );
  },

  /** People in and out, and tickets taken, per key (hour, day, hall or child unit). */
  async footfall(
    db: Db,
    q: {
      halls: string[];
      from: string;
      to: string;
      by: 'hour' | 'day' | 'hall' | 'child';
      childOf?: Map<string, string>;
    },
  ) {
    if (q.halls.length === 0) return [];
    const key = {
      hour: sql`lpad(x.hour::text, 2, '0')`,
      day: sql`to_char(x.day, 'YYYY-MM-DD')`,
      hall: sql`x.hall_id`,
      child: sql`c.child`,
    }[q.by];
    const join = q.by === 'child' && q.childOf ? sql`JOIN ${mapping(q.childOf)} c ON c.hall_id = x.hall_id` : sql``;
    return rowsOf<{ key: string; entered: number; left: number; tickets: number; hallHours: number; balk: number }>(
      db,
      sql`WITH f AS (
          SELECT hall_id, day, hour, entered, "left", 0 AS tickets FROM rollup_footfall_hour
          WHERE hall_id IN ${list(q.halls)} AND day BETWEEN ${q.from}::date AND ${q.to}::date
          UNION ALL
          SELECT hall_id, day, hour, 0, 0, arrivals FROM rollup_hour
          WHERE hall_id IN ${list(q.halls)} AND day BETWEEN ${q.from}::date AND ${q.to}::date
        ),
        x AS (SELECT hall_id, day, hour, sum(entered)::int AS entered, sum("left")::int AS "left", sum(tickets)::int AS tickets
              FROM f GROUP BY 1, 2, 3)
        SELECT ${key} AS key, sum(x.entered)::int AS entered, sum(x."left")::int AS "left", sum(x.tickets)::int AS tickets,
          count(*) FILTER (WHERE x.entered > 0)::int AS "hallHours",
          sum(greatest(x.entered - x.tickets, 0))::int AS balk
        FROM x ${join} GROUP BY 1 ORDER BY 1`,
    );
  },

  /** Each device's time online and time known (between its health events) within the period. */
  async availability(db: Db, q: { halls: string[]; from: Date; to: Date }) {
    if (q.halls.length === 0) return [];
    const lo = sql`to_timestamp(${q.from.getTime() / 1000})`;
    const hi = sql`to_timestamp(${q.to.getTime() / 1000})`;
    return rowsOf<{ hallId: string; deviceId: string; kind: string; onlineS: number; knownS: number; drops: number }>(
      db,
      sql`WITH ev AS (
          SELECT hall_id, device_id, kind, online, at, seq,
            lead(at) OVER (PARTITION BY hall_id, device_id ORDER BY at, seq) AS next_at
          FROM device_health WHERE hall_id IN ${list(q.halls)} AND at < ${hi}
        ),
        spans AS (
          SELECT hall_id, device_id, kind, online, greatest(at, ${lo}) AS s, least(coalesce(next_at, ${hi}), ${hi}) AS e,
            (NOT online AND at >= ${lo}) AS drop
          FROM ev WHERE coalesce(next_at, ${hi}) > ${lo}
        )
        SELECT hall_id AS "hallId", device_id AS "deviceId", max(kind) AS kind,
          coalesce(sum(extract(epoch FROM e - s)) FILTER (WHERE online), 0)::float8 AS "onlineS",
          coalesce(sum(extract(epoch FROM e - s)), 0)::float8 AS "knownS",
          count(*) FILTER (WHERE drop)::int AS drops
        FROM spans WHERE e > s GROUP BY 1, 2 ORDER BY 1, 2`,
    );
  },

  /** Each hall's devices' time online and known per hall-local day (the availability over time). */
  async availabilityByDay(db: Db, q: { halls: string[]; from: string; to: string; now: Date }) {
    if (q.halls.length === 0) return [];
    const now = sql`to_timestamp(${q.now.getTime() / 1000})`;
    return rowsOf<{ hallId: string; day: string; onlineS: number; knownS: number }>(
      db,
      sql`WITH d AS (
          SELECT h.id AS hall_id, g::date AS day,
            g::date::timestamp AT TIME ZONE h.time_zone AS lo,
            least((g::date + 1)::timestamp AT TIME ZONE h.time_zone, ${now}) AS hi
          FROM halls h, generate_series(${q.from}::date, ${q.to}::date, interval '1 day') g
          WHERE h.id IN ${list(q.halls)}
        ),
        ev AS (
          SELECT hall_id, device_id, online, at,
            coalesce(lead(at) OVER (PARTITION BY hall_id, device_id ORDER BY at, seq), ${now}) AS next_at
          FROM device_health WHERE hall_id IN ${list(q.halls)} AND at < ${now}
        )
        SELECT d.hall_id AS "hallId", to_char(d.day, 'YYYY-MM-DD') AS day,
          coalesce(sum(extract(epoch FROM least(ev.next_at, d.hi) - greatest(ev.at, d.lo))) FILTER (WHERE ev.online), 0)::float8 AS "onlineS",
          coalesce(sum(extract(epoch FROM least(ev.next_at, d.hi) - greatest(ev.at, d.lo))), 0)::float8 AS "knownS"
        FROM d JOIN ev ON ev.hall_id = d.hall_id AND ev.at < d.hi AND ev.next_at > d.lo
        GROUP BY 1, 2 ORDER BY 1, 2`,
    );
  },

  /** The tickets behind a view: one hall, one local day (and hour), newest first, at most `limit`. */
  async tickets(
    db: Db,
    q: {
      hallId: string;
      from: Date;
      to: Date;
      serviceId?: string;
      staffId?: string;
      counterId?: string;
      limit: number;
    },
  ) {
    const filters = [
      q.serviceId ? sql`AND service_id = ${q.serviceId}` : sql``,
      q.staffId ? sql`AND staff_id = ${q.staffId}` : sql``,
      q.counterId ? sql`AND counter_id = ${q.counterId}` : sql``,
    ];
    return rowsOf<{
      ticketNo: string;
      serviceId: string;
      channel: string;
      priority: string | null;
      outcome: string;
      counterId: string | null;
      staffId: string | null;
      arrivalAt: number;
      firstCalledAt: number | null;
      startedAt: number | null;
      endedAt: number | null;
      recalls: number;
      transfers: number;
      txTypes: string[] | null;
      ratingAvg: number | null;
    }>(
      db,
      sql`SELECT ticket_no AS "ticketNo", service_id AS "serviceId", channel, priority, outcome, counter_id AS "counterId",
          staff_id AS "staffId", (extract(epoch FROM arrival_at) * 1000)::float8 AS "arrivalAt",
          (extract(epoch FROM first_called_at) * 1000)::float8 AS "firstCalledAt",
          (extract(epoch FROM started_at) * 1000)::float8 AS "startedAt",
          (extract(epoch FROM ended_at) * 1000)::float8 AS "endedAt", recalls, transfers, tx_types AS "txTypes",
          CASE WHEN rating_n > 0 THEN (rating_sum::float8 / rating_n) END AS "ratingAvg"
        FROM tickets
        -- Through the hall's index by issue (a ticket is issued at or after its arrival).
        WHERE hall_id = ${q.hallId} AND issued_at >= to_timestamp(${q.from.getTime() / 1000})
          AND issued_at < to_timestamp(${q.to.getTime() / 1000}) + interval '1 day' AND arrival_at >= to_timestamp(${q.from.getTime() / 1000})
          AND arrival_at < to_timestamp(${q.to.getTime() / 1000}) ${sql.join(filters, sql` `)}
        ORDER BY arrival_at LIMIT ${q.limit}`,
    );
  },
};
