/**
 * The analysis roll-ups in the database: what ingest adds in its transaction (`apply`, one statement per
 * roll-up, the batch's rows as one JSON parameter), and their recomputation from the stored facts
 * (`recompute`), which states in SQL the rules of rollup.ts — the two are checked against each other.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { rowsOf } from '../../db/rows.ts';
import { MEASURES, WAIT_BANDS, WAIT_MEASURES, type HallContext, type RollupDelta } from './rollup.ts';

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
type Column = readonly [camel: string, snake: string, type: 'text' | 'date' | 'int' | 'bigint'];

const snake = (s: string) => s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const measureColumns = (names: readonly string[]): Column[] =>
  names.map((m) => [m, snake(m), m.endsWith('Ms') ? 'bigint' : 'int'] as const);

const TICKET_MEASURES = measureColumns(MEASURES);
const TABLES = {
  hallDay: {
    name: 'rollup_hall_day',
    keys: [
      ['hallId', 'hall_id', 'text'],
      ['day', 'day', 'date'],
    ],
    measures: TICKET_MEASURES,
  },
  hour: {
    name: 'rollup_hour',
    keys: [
      ['hallId', 'hall_id', 'text'],
      ['day', 'day', 'date'],
      ['hour', 'hour', 'int'],
      ['serviceId', 'service_id', 'text'],
    ],
    measures: TICKET_MEASURES,
  },
  day: {
    name: 'rollup_day',
    keys: [
      ['hallId', 'hall_id', 'text'],
      ['day', 'day', 'date'],
      ['serviceId', 'service_id', 'text'],
      ['channel', 'channel', 'text'],
      ['priority', 'priority', 'text'],
    ],
    measures: TICKET_MEASURES,
  },
  clerk: {
    name: 'rollup_clerk_day',
    keys: [
      ['hallId', 'hall_id', 'text'],
      ['day', 'day', 'date'],
      ['staffId', 'staff_id', 'text'],
      ['serviceId', 'service_id', 'text'],
    ],
    measures: TICKET_MEASURES,
  },
  wait: {
    name: 'rollup_wait',
    keys: [
      ['hallId', 'hall_id', 'text'],
      ['day', 'day', 'date'],
      ['serviceId', 'service_id', 'text'],
      ['band', 'band', 'int'],
    ],
    measures: measureColumns(WAIT_MEASURES),
  },
  tx: {
    name: 'rollup_tx_day',
    keys: [
      ['hallId', 'hall_id', 'text'],
      ['day', 'day', 'date'],
      ['serviceId', 'service_id', 'text'],
      ['txType', 'tx_type', 'text'],
    ],
    measures: measureColumns(['n']),
  },
  footfall: {
    name: 'rollup_footfall_hour',
    keys: [
      ['hallId', 'hall_id', 'text'],
      ['day', 'day', 'date'],
      ['hour', 'hour', 'int'],
    ],
    measures: measureColumns(['entered', 'left']),
  },
} as const satisfies Record<string, { name: string; keys: readonly Column[]; measures: readonly Column[] }>;

export type RollupName = keyof typeof TABLES;
export const ROLLUP_TABLES = Object.fromEntries(Object.entries(TABLES).map(([k, t]) => [k, t.name])) as Record<
  RollupName,
  string
>;

/** One roll-up's upsert of summed changes, as a statement to run inside `apply`'s single statement. */
function upsertOf(table: (typeof TABLES)[RollupName], rows: ReadonlyArray<Record<string, unknown>>): SQL {
  const columns = [...table.keys, ...table.measures];
  const list = (f: (c: Column) => string) => sql.raw(columns.map(f).join(', '));
  const set = sql.raw(table.measures.map(([, s]) => `"${s}" = ${table.name}."${s}" + excluded."${s}"`).join(', '));
  const conflict = sql.raw(table.keys.map(([, s]) => `"${s}"`).join(', '));
  return sql`
    INSERT INTO ${sql.raw(table.name)} (${list(([, s]) => `"${s}"`)})
    SELECT ${list(([c]) => `x."${c}"`)}
    FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS x(${list(([c, , t]) => `"${c}" ${t}`)})
    ON CONFLICT (${conflict}) DO UPDATE SET ${set}
    RETURNING 1`;
}

/** Each service's target wait in minutes, from the config document's `services`. */
export function targetsOf(document: unknown): (serviceId: string) => number {
  const services = (document as { services?: unknown } | null)?.services;
  const targets = new Map<string, number>();
  if (Array.isArray(services))
    for (const s of services as Array<{ id?: unknown; targetWaitMinutes?: unknown }>)
      if (typeof s.id === 'string' && typeof s.targetWaitMinutes === 'number') targets.set(s.id, s.targetWaitMinutes);
  return (id) => targets.get(id) ?? 10;
}

export const rollupRepository = {
  /** The hall's time zone and service targets, as the roll-ups of its events need them. */
  async context(tx: Tx | Db, hallId: string): Promise<HallContext> {
    // Only the services' targets travel, not the whole config document.
    const [row] = await rowsOf<{ tz: string; doc: unknown }>(
      tx as Db,
      sql`SELECT h.time_zone AS tz, jsonb_build_object('services', (
          SELECT jsonb_agg(jsonb_build_object('id', x->'id', 'targetWaitMinutes', x->'targetWaitMinutes'))
          FROM jsonb_array_elements(CASE WHEN jsonb_typeof(hc.document->'services') = 'array' THEN hc.document->'services' ELSE '[]'::jsonb END) x
        )) AS doc
        FROM halls h LEFT JOIN hall_configs hc ON hc.hall_id = h.id WHERE h.id = ${hallId}`,
    );
    return { timeZone: row?.tz ?? 'Asia/Shanghai', targetMinutes: targetsOf(row?.doc ?? null) };
  },

  /** The hall-local first and last day of the hall's tickets and door counts. */
  async daysHeld(db: Db, hallId: string) {
    const [row] = await rowsOf<{ first: string | null; last: string | null }>(
      db,
      sql`SELECT to_char(min(d), 'YYYY-MM-DD') AS first, to_char(max(d), 'YYYY-MM-DD') AS last FROM (
        SELECT (min(t.arrival_at) AT TIME ZONE h.time_zone)::date AS d FROM tickets t JOIN halls h ON h.id = t.hall_id WHERE t.hall_id = ${hallId} GROUP BY h.time_zone
        UNION ALL SELECT (max(t.arrival_at) AT TIME ZONE h.time_zone)::date FROM tickets t JOIN halls h ON h.id = t.hall_id WHERE t.hall_id = ${hallId} GROUP BY h.time_zone
        UNION ALL SELECT (min(o.minute) AT TIME ZONE h.time_zone)::date FROM occupancy_minutes o JOIN halls h ON h.id = o.hall_id WHERE o.hall_id = ${hallId} GROUP BY h.time_zone
        UNION ALL SELECT (max(o.minute) AT TIME ZONE h.time_zone)::date FROM occupancy_minutes o JOIN halls h ON h.id = o.hall_id WHERE o.hall_id = ${hallId} GROUP BY h.time_zone
      ) x`,
    );
    return row?.first && row.last ? { first: row.first, last: row.last } : null;
  },

  /** Halls that hold tickets and no roll-up at all (their tickets were stored before the roll-ups existed). */
  hallsWithoutRollups: (db: Db) =>
    rowsOf<{ id: string }>(
      db,
      sql`SELECT h.id FROM halls h
        WHERE EXISTS (SELECT 1 FROM tickets t WHERE t.hall_id = h.id)
          AND NOT EXISTS (SELECT 1 FROM rollup_day r WHERE r.hall_id = h.id)`,
    ),

  /** Adds a batch's change to every roll-up. */
  async apply(tx: Tx, delta: RollupDelta) {
    // One statement (one round trip) for every roll-up the batch changes.
    const parts = (
      [
        [TABLES.hallDay, delta.hallDay.changed()],
        [TABLES.hour, delta.hour.changed()],
        [TABLES.day, delta.day.changed()],
        [TABLES.clerk, delta.clerk.changed()],
        [TABLES.wait, delta.wait.changed()],
        [TABLES.tx, delta.tx.changed()],
        [TABLES.footfall, delta.footfall.changed()],
      ] as Array<[(typeof TABLES)[RollupName], Array<Record<string, unknown>>]>
    ).filter(([, rows]) => rows.length > 0);
    if (parts.length === 0) return;
    const ctes = parts.map(([table, rows], i) => sql`${sql.raw(`u${i}`)} AS (${upsertOf(table, rows)})`);
    await tx.execute(
      sql`WITH ${sql.join(ctes, sql`, `)} SELECT ${sql.raw(parts.map((_, i) => `(SELECT count(*) FROM u${i})`).join(' + '))} AS n`,
    );
  },

  /**
   * The roll-ups of a hall's days `from`..`to` (hall-local dates, inclusive) made again from its tickets
   * and door counts, in one statement. The same rules as rollup.ts: a ticket counts on its arrival's
   * local day and hour; targets as the config says now.
   */
  async recompute(db: Db | Tx, hallId: string, from: string, to: string) {
    // Two statements: rows a statement deletes are still in the way of its own inserts.
    await (db as Db).transaction(async (tx) => {
      for (const table of Object.values(TABLES))
        await tx.execute(
          sql`DELETE FROM ${sql.raw(table.name)} WHERE hall_id = ${hallId} AND day BETWEEN ${from}::date AND ${to}::date`,
        );
      await tx.execute(recomputeStatement({ halls: [hallId], from, to }));
    });
  },

  /**
   * The same statement over many halls at once, reading tickets and door counts from tables shaped like
   * `tickets` and `occupancy_minutes` (the bulk loader of `bench:analytics` stages a month of 200 halls
   * in unlogged tables without indexes). Adds rows: the halls' days must hold no roll-ups yet.
   */
  async rollUpMany(
    db: Db | Tx,
    q: { halls: readonly string[]; from: string; to: string; source?: RollupSourceTables },
  ) {
    if (q.halls.length === 0) return;
    await db.execute(recomputeStatement(q));
  },
};

/** Where the recomputation reads the facts from (plain table names). */
export interface RollupSourceTables {
  tickets: string;
  occupancy: string;
}

const FACT_TABLES: RollupSourceTables = { tickets: 'tickets', occupancy: 'occupancy_minutes' };

/** Rows whose every measure is zero are left out (ingest may leave them behind when a ticket moves). */
const nonZero = (measures: readonly Column[]) => sql.raw(measures.map(([, s]) => `"${s}" <> 0`).join(' OR '));

function recomputeStatement(q: {
  halls: readonly string[];
  from: string;
  to: string;
  source?: RollupSourceTables;
}): SQL {
  const { from, to } = q;
  const source = q.source ?? FACT_TABLES;
  for (const name of [source.tickets, source.occupancy])
    if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a table name: ${name}`);
  const halls = sql`(${sql.join(
    q.halls.map((h) => sql`${h}`),
    sql`, `,
  )})`;
  const sums = (measures: readonly Column[]) =>
    sql.raw(measures.map(([, s]) => `sum(m."${s}")::${s.endsWith('_ms') ? 'bigint' : 'int'} AS "${s}"`).join(', '));
  const cols = (measures: readonly Column[]) => sql.raw(measures.map(([, s]) => `"${s}"`).join(', '));
  const insert = (table: (typeof TABLES)[RollupName], keys: string, source: SQL, where = sql``) => sql`
    INSERT INTO ${sql.raw(table.name)} (${sql.raw(table.keys.map(([, s]) => `"${s}"`).join(', '))}, ${cols(table.measures)})
    SELECT * FROM (
      SELECT ${sql.raw(keys)}, ${sums(table.measures)} FROM ${source} ${where} GROUP BY ${sql.raw(keys)}
    ) g WHERE ${nonZero(table.measures)}
    RETURNING 1`;
  const bands = sql.raw(`ARRAY[${WAIT_BANDS.join(',')}]::int[]`);
  return sql`
    WITH h AS (
      SELECT id AS hall_id, time_zone AS tz,
        (${from}::date)::timestamp AT TIME ZONE time_zone AS lo,
        ((${to}::date) + 1)::timestamp AT TIME ZONE time_zone AS hi
      FROM halls WHERE id IN ${halls}
    ),
    s AS (
      SELECT hc.hall_id, x.id AS service_id, x."targetWaitMinutes" AS target
      FROM hall_configs hc, jsonb_to_recordset(coalesce(hc.document->'services', '[]'::jsonb)) AS x(id text, "targetWaitMinutes" float8)
      WHERE hc.hall_id IN ${halls}
    ),
    t AS MATERIALIZED (
      SELECT t.hall_id, t.service_id, t.channel, coalesce(t.priority, '') AS priority, t.staff_id, t.outcome,
        t.tx_types, t.rating_sum, t.rating_n, t.transfers,
        (t.arrival_at AT TIME ZONE h.tz)::date AS day,
        extract(hour FROM t.arrival_at AT TIME ZONE h.tz)::int AS hour,
        round(extract(epoch FROM t.first_called_at - t.arrival_at) * 1000)::bigint AS wait_ms,
        round(extract(epoch FROM t.ended_at - t.arrival_at) * 1000)::bigint AS gone_ms,
        CASE WHEN t.outcome = 'done' AND t.started_at IS NOT NULL AND t.ended_at IS NOT NULL
          THEN round(extract(epoch FROM t.ended_at - t.started_at) * 1000)::bigint END AS handle_ms,
        coalesce(s.target, 10) * 60000 AS target_ms
      FROM ${sql.raw(source.tickets)} t JOIN h ON h.hall_id = t.hall_id
        LEFT JOIN s ON s.hall_id = t.hall_id AND s.service_id = t.service_id
      WHERE t.hall_id IN ${halls} AND t.arrival_at >= h.lo AND t.arrival_at < h.hi
    ),
    m AS MATERIALIZED (
      SELECT hall_id, day, hour, service_id, channel, priority, staff_id,
        1 AS arrivals,
        (outcome = 'done')::int AS served,
        (outcome = 'noshow')::int AS no_shows,
        (outcome = 'cancelled')::int AS cancelled,
        (wait_ms IS NOT NULL AND wait_ms <= target_ms)::int AS within_target,
        (wait_ms IS NOT NULL OR (outcome = 'cancelled' AND gone_ms > target_ms))::int AS sl_due,
        coalesce(wait_ms, 0) AS wait_sum_ms,
        (wait_ms IS NOT NULL)::int AS wait_n,
        coalesce(handle_ms, 0) AS handle_sum_ms,
        (handle_ms IS NOT NULL)::int AS handle_n,
        rating_sum, rating_n, transfers,
        CASE WHEN wait_ms IS NOT NULL THEN (SELECT max(b) FROM unnest(${bands}) b WHERE b * 60000 <= wait_ms)
             WHEN outcome = 'cancelled' AND gone_ms IS NOT NULL THEN (SELECT max(b) FROM unnest(${bands}) b WHERE b * 60000 <= gone_ms)
        END AS band,
        (wait_ms IS NOT NULL AND outcome <> 'noshow')::int AS called,
        (wait_ms IS NULL AND outcome = 'cancelled' AND gone_ms IS NOT NULL)::int AS abandoned,
        CASE WHEN wait_ms IS NOT NULL THEN rating_sum ELSE 0 END AS band_rating_sum,
        CASE WHEN wait_ms IS NOT NULL THEN rating_n ELSE 0 END AS band_rating_n,
        tx_types
      FROM t
    ),
    i0 AS (${insert(TABLES.hallDay, 'hall_id, day', sql`m`)}),
    i1 AS (${insert(TABLES.hour, 'hall_id, day, hour, service_id', sql`m`)}),
    i2 AS (${insert(TABLES.day, 'hall_id, day, service_id, channel, priority', sql`m`)}),
    i3 AS (${insert(TABLES.clerk, 'hall_id, day, staff_id, service_id', sql`m`, sql`WHERE staff_id IS NOT NULL`)}),
    i4 AS (
      INSERT INTO rollup_wait (hall_id, day, service_id, band, called, abandoned, no_shows, rating_sum, rating_n)
      SELECT * FROM (
        SELECT hall_id, day, service_id, band, sum(called)::int, sum(abandoned)::int, sum(no_shows)::int,
          sum(band_rating_sum)::int, sum(band_rating_n)::int
        FROM m WHERE band IS NOT NULL GROUP BY hall_id, day, service_id, band
      ) g
      RETURNING 1
    ),
    i5 AS (
      INSERT INTO rollup_tx_day (hall_id, day, service_id, tx_type, n)
      SELECT m.hall_id, m.day, m.service_id, x.tx_type, count(*)::int
      FROM m, unnest(m.tx_types) AS x(tx_type) GROUP BY 1, 2, 3, 4
      RETURNING 1
    ),
    i6 AS (
      INSERT INTO rollup_footfall_hour (hall_id, day, hour, entered, "left")
      SELECT * FROM (
        SELECT o.hall_id, (o.minute AT TIME ZONE h.tz)::date AS day, extract(hour FROM o.minute AT TIME ZONE h.tz)::int AS hour,
          sum(o.entered)::int AS entered, sum(o."left")::int AS "left"
        FROM ${sql.raw(source.occupancy)} o JOIN h ON h.hall_id = o.hall_id
        WHERE o.hall_id IN ${halls} AND o.minute >= h.lo AND o.minute < h.hi
        GROUP BY 1, 2, 3
      ) g WHERE entered <> 0 OR "left" <> 0
      RETURNING 1
    )
    SELECT (SELECT count(*) FROM i0) + (SELECT count(*) FROM i1) + (SELECT count(*) FROM i2) + (SELECT count(*) FROM i3) + (SELECT count(*) FROM i4)
      + (SELECT count(*) FROM i5) + (SELECT count(*) FROM i6) AS inserted`;
}
