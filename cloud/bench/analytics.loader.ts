/**
 * The bulk loader of `bench:analytics`: an operator's org (HQ → regions → halls, each hall with its config:
 * services with targets, counters, clerks) and its tickets, generated in PostgreSQL with
 * `generate_series`, a chunk of days at a time. A chunk's tickets and door counts go to unlogged staging
 * tables shaped like `tickets` and `occupancy_minutes`; the roll-ups are made from them by the very
 * statement that recomputes them from the facts (`rollupRepository.rollUpMany`, the SQL of `recompute`);
 * the raw rows of the halls that keep them are copied to the real tables; the staging is emptied.
 * cloud/test/analytics-bulk.test.ts proves that what it makes equals what ingest makes of the same tickets.
 *
 * The tickets: six services with their own mix per kind of hall (residential, business district, mall),
 * handling times and patience; channels kiosk / remote / appointment; a few VIP and elderly priorities;
 * arrivals by weekday × hour with lunch and evening peaks and a season; waits that grow steeply with the
 * hour's load; customers whose patience runs out before the call leave (most cancel, some come back too
 * late: a no-show); ratings that fall with the wait; transaction types per service. Door counts a little
 * above the tickets (companions, people who leave without one). No transfers.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../src/db/client.ts';
import { rowsOf } from '../src/db/rows.ts';
import { ensureRootUnit } from '../src/modules/access/access.service.ts';
import { accessRepository } from '../src/modules/access/access.repository.ts';
import { rollupRepository } from '../src/modules/analytics/rollup.repository.ts';
import { putHallConfig, registerHall } from '../src/modules/halls/halls.service.ts';

export const TIME_ZONE = 'Asia/Shanghai';

export const SERVICES = [
  { id: 'billing', name: '话费业务', nameEn: 'Billing', prefix: 'A', targetWaitMinutes: 10, handle: 4, patience: 22 },
  { id: 'sim', name: '办卡', nameEn: 'SIM cards', prefix: 'B', targetWaitMinutes: 10, handle: 8, patience: 25 },
  {
    id: 'broadband',
    name: '宽带业务',
    nameEn: 'Broadband',
    prefix: 'C',
    targetWaitMinutes: 15,
    handle: 14,
    patience: 35,
  },
  { id: 'device', name: '终端业务', nameEn: 'Devices', prefix: 'D', targetWaitMinutes: 15, handle: 11, patience: 30 },
  {
    id: 'enterprise',
    name: '政企业务',
    nameEn: 'Enterprise',
    prefix: 'E',
    targetWaitMinutes: 20,
    handle: 20,
    patience: 40,
  },
  { id: 'inquiry', name: '咨询', nameEn: 'Inquiries', prefix: 'F', targetWaitMinutes: 8, handle: 3, patience: 15 },
] as const;

/** Cumulative service mix per kind of hall (the services' order above). */
const MIX = {
  residential: [0.35, 0.48, 0.7, 0.82, 0.84, 1],
  business: [0.25, 0.37, 0.47, 0.6, 0.82, 1],
  mall: [0.25, 0.45, 0.53, 0.83, 0.85, 1],
} as const;
type HallKind = keyof typeof MIX;

const REGIONS = ['华北大区', '东北大区', '华东大区', '华中大区', '华南大区', '西南大区', '西北大区', '京津冀大区'];
const CITIES = ['北京', '沈阳', '上海', '武汉', '广州', '成都', '西安', '天津', '南京', '杭州', '长沙', '重庆'];
const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗';
const GIVEN = '伟芳娜敏静丽强磊洋艳勇军杰娟涛明超秀霞平';

export interface HallSpec {
  id: string;
  name: string;
  regionUnitId: string;
  kind: HallKind;
  /** Tickets on an ordinary day. */
  size: number;
  /** Clerks at the counters in an hour; the hall employs a few more. */
  onDuty: number;
  staff: number;
}

export interface OrgPlan {
  halls: number;
  regions: number;
  /** Hall ids start with this (the test makes a second org beside the first). */
  prefix?: string;
}

/** Hall number `i` (1-based): size, clerks and kind spread deterministically over the org. */
export function hallSpec(i: number, plan: OrgPlan): HallSpec {
  const prefix = plan.prefix ?? 'H';
  const kind = (['residential', 'residential', 'business', 'mall'] as const)[i % 4] as HallKind;
  const size = 80 + ((i * 37) % 200) + (kind === 'mall' ? 40 : 0);
  const onDuty = Math.max(3, Math.round(size / 55));
  const regions = Math.max(1, plan.regions);
  return {
    id: `${prefix}${String(i).padStart(3, '0')}`,
    name: `${CITIES[i % CITIES.length]}${['社区', '社区', '商务区', '商场'][i % 4]}${i}号营业厅`,
    regionUnitId: `region-${((i - 1) % regions) + 1}`,
    kind,
    size,
    onDuty,
    staff: onDuty + 3,
  };
}

const staffId = (hallId: string, n: number) => `${hallId}-S${String(n).padStart(2, '0')}`;

/** The hall's config as its manager would write it. */
export function hallConfig(h: HallSpec) {
  return {
    hall: { capacity: 40 + Math.round(h.size / 5) },
    services: SERVICES.map((s) => ({
      id: s.id,
      name: s.name,
      nameEn: s.nameEn,
      prefix: s.prefix,
      targetWaitMinutes: s.targetWaitMinutes,
      expectedServiceMinutes: s.handle,
    })),
    counters: Array.from({ length: h.onDuty + 1 }, (_, c) => ({
      id: `C${c + 1}`,
      name: `${c + 1}号窗口`,
      services: Object.fromEntries(SERVICES.map((s) => [s.id, 1])),
    })),
    staff: Array.from({ length: h.staff }, (_, c) => {
      const n = Number(h.id.replace(/\D/g, '')) * 7 + c * 3;
      return {
        id: staffId(h.id, c + 1),
        name: `${SURNAMES[n % SURNAMES.length]}${GIVEN[(n * 7 + c) % GIVEN.length]}${c % 3 === 0 ? GIVEN[(n + c) % GIVEN.length] : ''}`,
      };
    }),
  };
}

/** HQ, the regions and the halls with their configs; the hall table the generator reads. */
export async function createOrg(db: Db, plan: OrgPlan): Promise<HallSpec[]> {
  const hq = await ensureRootUnit(db);
  const existing = new Set((await accessRepository.units(db)).map((u) => u.id));
  for (let r = 1; r <= plan.regions; r++)
    if (!existing.has(`region-${r}`))
      await accessRepository.insertUnit(db, {
        id: `region-${r}`,
        parentId: hq,
        kind: 'region',
        name: REGIONS[(r - 1) % REGIONS.length] as string,
        hallId: null,
      });
  const specs = Array.from({ length: plan.halls }, (_, i) => hallSpec(i + 1, plan));
  for (const h of specs) {
    await registerHall(db, { id: h.id, name: h.name, timeZone: TIME_ZONE });
    await accessRepository.insertUnit(db, {
      id: `unit-${h.id}`,
      parentId: h.regionUnitId,
      kind: 'hall',
      name: h.name,
      hallId: h.id,
    });
    await putHallConfig(db, h.id, hallConfig(h), null);
  }
  await db.execute(sql`
    CREATE UNLOGGED TABLE IF NOT EXISTS bulk_halls (
      id text PRIMARY KEY, tz text NOT NULL, size int NOT NULL, on_duty int NOT NULL, staff int NOT NULL, mix float8[] NOT NULL)`);
  await db.execute(sql`
    INSERT INTO bulk_halls (id, tz, size, on_duty, staff, mix)
    SELECT x.id, ${TIME_ZONE}, x.size, x.on_duty, x.staff, x.mix
    FROM jsonb_to_recordset(${JSON.stringify(
      specs.map((h) => ({ id: h.id, size: h.size, on_duty: h.onDuty, staff: h.staff, mix: MIX[h.kind] })),
    )}::jsonb) AS x(id text, size int, on_duty int, staff int, mix float8[])
    ON CONFLICT (id) DO NOTHING`);
  return specs;
}

/** A loader's staging tables (several loaders run side by side, each with its own). */
const stagingOf = (worker: number) => ({ tickets: `bulk_tickets_${worker}`, occupancy: `bulk_occupancy_${worker}` });

/** Unlogged staging tables shaped like the facts, without their indexes. */
export async function createStaging(db: Db, worker = 0) {
  const s = stagingOf(worker);
  await db.execute(sql.raw(`CREATE UNLOGGED TABLE IF NOT EXISTS ${s.tickets} (LIKE tickets INCLUDING DEFAULTS)`));
  await db.execute(
    sql.raw(`CREATE UNLOGGED TABLE IF NOT EXISTS ${s.occupancy} (LIKE occupancy_minutes INCLUDING DEFAULTS)`),
  );
}

export async function dropStaging(db: Db, worker = 0) {
  const s = stagingOf(worker);
  await db.execute(sql.raw(`DROP TABLE IF EXISTS ${s.tickets}, ${s.occupancy}`));
}

export async function dropHallTable(db: Db) {
  await db.execute(sql`DROP TABLE IF EXISTS bulk_halls`);
}

const arr = (values: readonly (string | number)[]) =>
  sql.raw(
    `ARRAY[${values.map((v) => (typeof v === 'number' ? String(v) : `'${v}'`)).join(',')}]${typeof values[0] === 'number' ? '::float8[]' : '::text[]'}`,
  );

/**
 * A chunk of days of the halls' tickets into the staging table. Every timestamp on a whole second (the
 * hub's events carry milliseconds; the test replays these tickets as events).
 */
async function generateTickets(db: Db, into: string, halls: readonly string[], from: string, to: string) {
  const ids = arr(SERVICES.map((s) => s.id));
  const prefixes = arr(SERVICES.map((s) => s.prefix));
  const handle = arr(SERVICES.map((s) => s.handle));
  const patience = arr(SERVICES.map((s) => s.patience));
  // Arrivals per hour of the day (9:00–19:59): lunch and after-work peaks; per ISO weekday; per month.
  const hourWeight = arr([0.6, 0.9, 1.0, 1.35, 1.25, 0.8, 0.8, 0.9, 1.3, 1.2, 0.5]);
  const weekdayWeight = arr([1.15, 1.0, 0.95, 0.95, 1.05, 1.2, 0.8]);
  const season = arr([0.95, 0.8, 1.0, 1.0, 1.05, 1.0, 1.1, 1.1, 1.2, 1.05, 1.0, 1.05]);
  const tx = sql.raw(`ARRAY[
    ARRAY['topup','bill-query','plan-change'], ARRAY['new-sim','sim-swap','number-port'],
    ARRAY['broadband-new','broadband-move','repair'], ARRAY['device-sale','contract-phone','trade-in'],
    ARRAY['enterprise-line','group-plan','invoice'], ARRAY['query','query','complaint']]::text[]`);
  // Each step is a LATERAL subquery with OFFSET 0: without that fence PostgreSQL pulls the steps up into
  // the outer query and evaluates every expression again wherever it is referenced (ten times slower).
  await db.execute(sql`
    INSERT INTO ${sql.raw(into)} (hub_id, issue_seq, hall_id, ticket_no, service_id, priority, channel, issued_at, arrival_at,
      first_called_at, last_called_at, started_at, ended_at, outcome, counter_id, staff_id, recalls, transfers,
      tx_count, tx_types, rating_sum, rating_n)
    SELECT 'hub-' || h.id, (d.day - DATE '2000-01-01')::bigint * 100000 + hr * 1000 + k, h.id,
      (${prefixes})[t.si] || (hr * 1000 + k), (${ids})[t.si],
      CASE WHEN t.channel = 'appointment' THEN 'appointment' WHEN t.rp < 0.03 THEN 'vip' WHEN t.rp < 0.07 THEN 'elderly' END,
      t.channel, t.arrival, t.arrival,
      o.called, o.called, o.started, o.ended, o.outcome,
      CASE WHEN o.called IS NOT NULL THEN 'C' || (1 + (t.clerk - 1) % (h.on_duty + 1)) END,
      CASE WHEN o.called IS NOT NULL THEN h.id || '-S' || lpad(t.clerk::text, 2, '0') END,
      CASE WHEN o.outcome = 'noshow' THEN 2 ELSE 0 END, 0,
      CASE WHEN o.outcome = 'done' THEN cardinality(o.tx) END, o.tx,
      coalesce(o.score, 0), (o.score IS NOT NULL)::int
    FROM bulk_halls h
    CROSS JOIN generate_series(${from}::date, ${to}::date, interval '1 day') AS g(d0)
    CROSS JOIN LATERAL (SELECT g.d0::date AS day, extract(isodow FROM g.d0)::int AS wd, extract(month FROM g.d0)::int AS mon) d
    CROSS JOIN generate_series(9, 19) AS hr
    CROSS JOIN LATERAL (
      SELECT round(h.size / 10.6 * (${hourWeight})[hr - 8] * (${weekdayWeight})[d.wd] * (${season})[d.mon]
                   * (0.8 + 0.4 * random() + 0 * hr))::int AS n
    ) c
    -- The hour's load: the clerks' share of time the hour's customers need (mean handling ~7 min).
    CROSS JOIN LATERAL (SELECT c.n * 7.0 / (h.on_duty * 60) AS util, 0.7 + 0.6 * random() + 0 * c.n AS luck OFFSET 0) u
    CROSS JOIN LATERAL generate_series(1, c.n) AS k
    CROSS JOIN LATERAL (
      SELECT random() + 0 * k AS rs, random() AS rc, random() AS rp, random() AS rw, random() AS rpat, random() AS rl,
        random() AS rn, random() AS rh1, random() AS rh2, random() AS rh3, random() AS rr, random() AS rr2,
        random() AS rt, random() AS rt2, random() AS rk, floor(random() * 3600)::int AS offs
      OFFSET 0
    ) r
    CROSS JOIN LATERAL (
      SELECT CASE WHEN r.rs < h.mix[1] THEN 1 WHEN r.rs < h.mix[2] THEN 2 WHEN r.rs < h.mix[3] THEN 3
                  WHEN r.rs < h.mix[4] THEN 4 WHEN r.rs < h.mix[5] THEN 5 ELSE 6 END AS si,
        1 + floor(r.rk * h.staff)::int AS clerk,
        ((d.day + make_interval(hours => hr, secs => r.offs))::timestamp AT TIME ZONE h.tz) AS arrival,
        r.rp
      OFFSET 0
    ) s
    CROSS JOIN LATERAL (
      SELECT s.si, s.clerk, s.arrival, s.rp,
        CASE WHEN r.rc < 0.08 + CASE WHEN s.si IN (3, 5) THEN 0.17 ELSE 0 END THEN 'appointment'
             WHEN r.rc < 0.3 THEN 'remote' ELSE 'kiosk' END AS channel
      OFFSET 0
    ) t
    CROSS JOIN LATERAL (
      SELECT
        -- Minutes: exponential around a mean that grows steeply with the load; appointments and VIPs wait less.
        least(120, -ln(1 - r.rw) * (1.5 + 22 * power(u.util * u.luck, 4))
          * CASE WHEN t.channel = 'appointment' OR t.rp < 0.03 THEN 0.3 ELSE 1 END) AS wait,
        -ln(1 - r.rpat) * (${patience})[t.si] AS patience,
        (${handle})[t.si] * exp(0.45 * (r.rh1 + r.rh2 + r.rh3 - 1.5) * 2) AS handle
      OFFSET 0
    ) w
    CROSS JOIN LATERAL (
      SELECT CASE WHEN w.wait > w.patience AND r.rl < 0.7 THEN 'cancelled'
                  WHEN w.wait > w.patience OR r.rn < 0.02 THEN 'noshow' ELSE 'done' END AS outcome
      OFFSET 0
    ) f
    CROSS JOIN LATERAL (
      SELECT f.outcome,
        CASE WHEN f.outcome <> 'cancelled' THEN t.arrival + make_interval(secs => round(w.wait * 60)) END AS called,
        CASE WHEN f.outcome = 'done' THEN t.arrival + make_interval(secs => round(w.wait * 60) + 20 + floor(r.rt * 60)) END AS started,
        CASE f.outcome
          WHEN 'cancelled' THEN t.arrival + make_interval(secs => round(w.patience * 60))
          WHEN 'noshow' THEN t.arrival + make_interval(secs => round(w.wait * 60) + 180)
          ELSE t.arrival + make_interval(secs => round(w.wait * 60) + 20 + floor(r.rt * 60) + greatest(30, round(w.handle * 60)))
        END AS ended,
        CASE WHEN f.outcome = 'done' AND r.rr < 0.55
          THEN least(5, greatest(1, round(5.3 - w.wait / 9 - r.rr2 * 1.6)))::int END AS score,
        CASE WHEN f.outcome = 'done' THEN
          CASE WHEN r.rt2 < 0.2 THEN ARRAY[(${tx})[t.si][1 + floor(r.rt * 3)::int], (${tx})[t.si][1 + (floor(r.rt * 3)::int + 1) % 3]]
               ELSE ARRAY[(${tx})[t.si][1 + floor(r.rt * 3)::int]] END
        END AS tx
      OFFSET 0
    ) o
    WHERE h.id IN (${sql.join(
      halls.map((x) => sql`${x}`),
      sql`, `,
    )})`);
}

/**
 * Door counts per ten minutes: everyone with a ticket and 10–30% more (companions, people who looked in
 * and left without one); each leaves half an hour after coming in.
 */
async function generateDoors(db: Db, s: { tickets: string; occupancy: string }) {
  await db.execute(sql`
    INSERT INTO ${sql.raw(s.occupancy)} (hall_id, minute, entered, "left")
    WITH s AS (
      SELECT hall_id, to_timestamp(floor(extract(epoch FROM arrival_at) / 600) * 600) AS slot,
        (count(*) + floor(count(*) * (0.1 + 0.2 * random()) + random()))::int AS people
      FROM ${sql.raw(s.tickets)} GROUP BY 1, 2
    )
    SELECT hall_id, minute, sum(entered)::int, sum("left")::int FROM (
      SELECT hall_id, slot AS minute, people AS entered, 0 AS "left" FROM s
      UNION ALL
      SELECT hall_id, slot + interval '30 minutes', 0, people FROM s
    ) x GROUP BY 1, 2`);
}

/**
 * The daily KPI facts the analysis reads for staff-hours (`kpi_daily`, subject 'hall', session minutes):
 * each clerk who called someone that day signed in for about eight hours.
 */
async function staffMinutes(db: Db, tickets: string) {
  await db.execute(sql`
    INSERT INTO kpi_daily (hall_id, date, subject_kind, subject_id, facts)
    SELECT t.hall_id, (t.arrival_at AT TIME ZONE h.tz)::date, 'hall', t.hall_id,
      jsonb_build_object('session_minutes', count(DISTINCT t.staff_id) * (450 + floor(random() * 60)))
    FROM ${sql.raw(tickets)} t JOIN bulk_halls h ON h.id = t.hall_id
    GROUP BY 1, 2
    ON CONFLICT DO NOTHING`);
}

export interface LoadCounts {
  tickets: number;
  rawTickets: number;
}

/**
 * Loads the halls' days `from`..`to` (one chunk: a month of 50 halls is ~300,000 tickets): roll-ups
 * for every hall, raw tickets and door counts kept for `raw` halls only.
 */
export async function loadChunk(
  db: Db,
  q: {
    halls: readonly string[];
    from: string;
    to: string;
    raw: ReadonlySet<string>;
    /** Which staging tables (createStaging) this loader uses. */
    worker?: number;
    /** Told how long each step took (BENCH_ANALYTICS_PROFILE). */
    profile?: (step: string, ms: number) => void;
  },
): Promise<LoadCounts> {
  const step = async (name: string, f: (tx: Db) => Promise<unknown>) => {
    const t0 = performance.now();
    // No JIT for these big one-off statements: compiling them took most of a second each, for nothing.
    await db.transaction(async (tx) => {
      await tx.execute(sql`SET LOCAL jit = off`);
      // The recomputation's hash tables and materialized steps in memory rather than in temporary files.
      await tx.execute(sql`SET LOCAL work_mem = '256MB'`);
      await f(tx as unknown as Db);
    });
    q.profile?.(name, performance.now() - t0);
  };
  const staging = stagingOf(q.worker ?? 0);
  await step('tickets', (tx) => generateTickets(tx, staging.tickets, q.halls, q.from, q.to));
  await step('doors', (tx) => generateDoors(tx, staging));
  await step('staff minutes', (tx) => staffMinutes(tx, staging.tickets));
  await step('roll-ups', (tx) =>
    rollupRepository.rollUpMany(tx, { halls: q.halls, from: q.from, to: q.to, source: staging }),
  );
  const raw = [...q.raw].filter((h) => q.halls.includes(h));
  const inRaw = sql`(${sql.join(
    (raw.length ? raw : ['']).map((x) => sql`${x}`),
    sql`, `,
  )})`;
  await step('raw copy', async (tx) => {
    await tx.execute(sql`INSERT INTO tickets SELECT * FROM ${sql.raw(staging.tickets)} WHERE hall_id IN ${inRaw}`);
    await tx.execute(
      sql`INSERT INTO occupancy_minutes SELECT * FROM ${sql.raw(staging.occupancy)} WHERE hall_id IN ${inRaw}`,
    );
  });
  const [n] = await rowsOf<{ tickets: number; raw: number }>(
    db,
    sql`SELECT count(*)::int AS tickets, (count(*) FILTER (WHERE hall_id IN ${inRaw}))::int AS raw FROM ${sql.raw(staging.tickets)}`,
  );
  await db.execute(sql.raw(`TRUNCATE ${staging.tickets}, ${staging.occupancy}`));
  return { tickets: n?.tickets ?? 0, rawTickets: n?.raw ?? 0 };
}
