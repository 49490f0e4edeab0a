/**
 * What the inventory statistics, reorder points and the leakage flag read: issues and inbound movements per
 * hall and day, the halls' customers from the analysis roll-ups (`rollup_day`, `rollup_clerk_day`), and the
 * hall's newest traffic forecast.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { rowsOf, sqlList as list } from '../../db/rows.ts';

export type StatsDim = 'item' | 'hall' | 'campaign' | 'day' | 'week' | 'month' | 'service';

const timeKey = (col: SQL, by: 'day' | 'week' | 'month') =>
  by === 'day'
    ? sql`to_char(${col}, 'YYYY-MM-DD')`
    : by === 'week'
      ? sql`to_char(date_trunc('week', ${col}), 'YYYY-MM-DD')`
      : sql`to_char(${col}, 'YYYY-MM')`;

export const statsRepository = {
  /**
   * Units issued (net of takings-back) per key, and the part handed out at counters; keys by item, hall,
   * campaign, service or period. `hallId` is kept so callers can group halls into units.
   */
  issued: (db: Db, q: { halls: string[]; from: string; to: string; by: StatsDim; itemId?: string | undefined }) => {
    if (!q.halls.length) return Promise.resolve([]);
    const key =
      q.by === 'item'
        ? sql`i.item_id`
        : q.by === 'hall'
          ? sql`i.hall_id`
          : q.by === 'campaign'
            ? sql`coalesce(it.campaign, '')`
            : q.by === 'service'
              ? sql`coalesce(i.service_id, '')`
              : timeKey(sql`i.day`, q.by);
    return rowsOf<{ key: string; hallId: string; issued: number; atCounter: number }>(
      db,
      sql`SELECT ${key} AS key, i.hall_id AS "hallId", sum(i.qty)::int AS issued,
                 sum(CASE WHEN i.mode = 'counter' THEN i.qty ELSE 0 END)::int AS "atCounter"
            FROM inv_issues i JOIN inv_items it ON it.id = i.item_id
           WHERE i.hall_id IN ${list(q.halls)} AND i.day BETWEEN ${q.from} AND ${q.to}
             ${q.itemId ? sql`AND i.item_id = ${q.itemId}` : sql``}
           GROUP BY 1, 2`,
    );
  },

  /** Units that reached halls (received good, found later, over-delivered and kept) per key. */
  distributed: (
    db: Db,
    q: { halls: string[]; from: string; to: string; by: StatsDim; itemId?: string | undefined },
  ) => {
    if (!q.halls.length || q.by === 'service') return Promise.resolve([]);
    const day = sql`(m.at AT TIME ZONE h.time_zone)::date`;
    const key =
      q.by === 'item'
        ? sql`m.item_id`
        : q.by === 'hall'
          ? sql`l.hall_id`
          : q.by === 'campaign'
            ? sql`coalesce(it.campaign, '')`
            : timeKey(day, q.by);
    return rowsOf<{ key: string; hallId: string; distributed: number }>(
      db,
      sql`SELECT ${key} AS key, l.hall_id AS "hallId", sum(m.qty)::int AS distributed
            FROM inv_movements m
            JOIN inv_locations l ON l.id = m.location_id AND l.kind = 'hall'
            JOIN halls h ON h.id = l.hall_id
            JOIN inv_items it ON it.id = m.item_id
           WHERE l.hall_id IN ${list(q.halls)} AND m.kind IN ('receive', 'found', 'over')
             AND ${day} BETWEEN ${q.from}::date AND ${q.to}::date
             ${q.itemId ? sql`AND m.item_id = ${q.itemId}` : sql``}
           GROUP BY 1, 2`,
    );
  },

  /** Customers (arrivals) per hall and key (day/week/month/service; otherwise per hall). */
  customers: (db: Db, q: { halls: string[]; from: string; to: string; by: StatsDim; serviceIds?: string[] }) => {
    if (!q.halls.length) return Promise.resolve([]);
    const key =
      q.by === 'service'
        ? sql`r.service_id`
        : q.by === 'day' || q.by === 'week' || q.by === 'month'
          ? timeKey(sql`r.day`, q.by)
          : sql`''`;
    return rowsOf<{ key: string; hallId: string; customers: number }>(
      db,
      sql`SELECT ${key} AS key, r.hall_id AS "hallId", sum(r.arrivals)::int AS customers
            FROM rollup_day r
           WHERE r.hall_id IN ${list(q.halls)} AND r.day BETWEEN ${q.from}::date AND ${q.to}::date
             ${q.serviceIds?.length ? sql`AND r.service_id IN ${list(q.serviceIds)}` : sql``}
           GROUP BY 1, 2`,
    );
  },

  /** Per item × service of one hall over the days: units issued at counters and the service's customers. */
  rateHistory: (db: Db, q: { hallId: string; from: string; to: string }) =>
    rowsOf<{ itemId: string; serviceId: string | null; issued: number }>(
      db,
      sql`SELECT item_id AS "itemId", CASE WHEN mode = 'counter' THEN service_id END AS "serviceId", sum(qty)::int AS issued
            FROM inv_issues
           WHERE hall_id = ${q.hallId} AND day BETWEEN ${q.from} AND ${q.to}
           GROUP BY 1, 2`,
    ),
  customersByService: (db: Db, q: { hallId: string; from: string; to: string }) =>
    rowsOf<{ serviceId: string; customers: number; days: number }>(
      db,
      sql`SELECT service_id AS "serviceId", sum(arrivals)::int AS customers, count(DISTINCT day)::int AS days
            FROM rollup_day WHERE hall_id = ${q.hallId} AND day BETWEEN ${q.from}::date AND ${q.to}::date
           GROUP BY 1`,
    ),
  /** Arrivals per weekday (0 = Monday) and service over the days, with how many of each weekday there were. */
  customersByWeekday: (db: Db, q: { hallId: string; from: string; to: string }) =>
    rowsOf<{ weekday: number; serviceId: string; customers: number }>(
      db,
      sql`SELECT (extract(isodow FROM day)::int - 1) AS weekday, service_id AS "serviceId", sum(arrivals)::int AS customers
            FROM rollup_day WHERE hall_id = ${q.hallId} AND day BETWEEN ${q.from}::date AND ${q.to}::date
           GROUP BY 1, 2`,
    ),
  /** The newest forecast's customers per day and service from `from` on. */
  forecastByDay: (db: Db, q: { hallId: string; from: string; to: string }) =>
    rowsOf<{ date: string; serviceId: string; mean: number }>(
      db,
      sql`SELECT to_char(v.date, 'YYYY-MM-DD') AS date, v.service_id AS "serviceId", sum(v.mean)::float8 AS mean
            FROM forecast_values v
           WHERE v.forecast_id = (SELECT id FROM forecasts WHERE hall_id = ${q.hallId} ORDER BY version DESC LIMIT 1)
             AND v.date BETWEEN ${q.from}::date AND ${q.to}::date
           GROUP BY 1, 2`,
    ),
  /** Units on their way to hall locations: asked (requested), approved, or shipped and not yet received. */
  incoming: (db: Db, locationIds: string[]) =>
    locationIds.length
      ? rowsOf<{ locationId: string; itemId: string; qty: number }>(
          db,
          sql`SELECT t.to_location_id AS "locationId", l.item_id AS "itemId",
                     sum(CASE t.status WHEN 'requested' THEN l.requested WHEN 'approved' THEN l.approved
                                       ELSE coalesce(l.shipped, 0) END)::int AS qty
                FROM inv_transfers t JOIN inv_transfer_lines l ON l.transfer_id = t.id
               WHERE t.to_location_id IN ${list(locationIds)} AND t.status IN ('requested', 'approved', 'shipped')
               GROUP BY 1, 2`,
        )
      : Promise.resolve([]),

  /** On hand with the day stock last came in, per location × item. */
  ageing: (db: Db, locationIds: string[]) =>
    locationIds.length
      ? rowsOf<{ locationId: string; itemId: string; qty: number; lastInAt: number | null }>(
          db,
          sql`SELECT s.location_id AS "locationId", s.item_id AS "itemId", s.qty,
                     (SELECT extract(epoch FROM max(m.at)) * 1000 FROM inv_movements m
                       WHERE m.location_id = s.location_id AND m.item_id = s.item_id AND m.qty > 0)::float8 AS "lastInAt"
                FROM inv_stock s WHERE s.location_id IN ${list(locationIds)} AND s.qty > 0`,
        )
      : Promise.resolve([]),

  /** Units issued at counters per hall × day × item, and per clerk (bulk issues are events, not customers'). */
  issuedPerDay: (db: Db, q: { halls: string[]; from: string; to: string }) =>
    q.halls.length
      ? rowsOf<{
          hallId: string;
          day: string;
          itemId: string;
          staffId: string | null;
          issued: number;
          perClerk: boolean;
        }>(
          db,
          sql`SELECT hall_id AS "hallId", to_char(day, 'YYYY-MM-DD') AS day, item_id AS "itemId",
                     staff_id AS "staffId", sum(qty)::int AS issued, grouping(staff_id) = 0 AS "perClerk"
                FROM inv_issues
               WHERE mode = 'counter' AND hall_id IN ${list(q.halls)} AND day BETWEEN ${q.from} AND ${q.to}
               GROUP BY GROUPING SETS ((1, 2, 3), (1, 2, 3, 4))`,
        )
      : Promise.resolve([]),
  /** Customers per hall × day × service (arrivals), and served per clerk × service. */
  ticketsPerDay: (db: Db, q: { halls: string[]; from: string; to: string }) =>
    q.halls.length
      ? rowsOf<{ hallId: string; day: string; serviceId: string; staffId: string | null; n: number }>(
          db,
          sql`SELECT hall_id AS "hallId", to_char(day, 'YYYY-MM-DD') AS day, service_id AS "serviceId", NULL AS "staffId",
                     sum(arrivals)::int AS n
                FROM rollup_day WHERE hall_id IN ${list(q.halls)} AND day BETWEEN ${q.from}::date AND ${q.to}::date GROUP BY 1, 2, 3
              UNION ALL
              SELECT hall_id, to_char(day, 'YYYY-MM-DD'), service_id, staff_id, sum(served)::int
                FROM rollup_clerk_day WHERE hall_id IN ${list(q.halls)} AND day BETWEEN ${q.from}::date AND ${q.to}::date
               GROUP BY 1, 2, 3, 4`,
        )
      : Promise.resolve([]),
};
