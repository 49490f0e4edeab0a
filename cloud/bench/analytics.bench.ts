/**
 * `npm run bench:analytics`: a year of a 200-hall operator (HQ → 8 regions → halls) in a real PostgreSQL
 * (a private cluster this command starts and stops), loaded by the bulk loader (analytics.loader.ts): the
 * roll-ups of every hall's 365 days, raw tickets and door counts for 20 of the halls. Then the console's
 * queries, through the analysis service as an HQ administrator, each at least 20 times over different
 * units and periods after one warm-up pass: HQ month by region, region month by hall, hall month by day,
 * hall day by hour, the clerk league of a region's month, a hall's quarter of habits (the heat map),
 * a region's month of footfall by hall, the tickets behind one hour. Then the same queries on the embedded
 * PGlite at the demo's size (3 halls × 28 days, every ticket kept; BENCH_ANALYTICS_PGLITE=0 skips it).
 * Last line: one JSON object {"halls","days","tickets","p95Ms","worstQuery","worstP95Ms","queries",…}.
 * Knobs: BENCH_ANALYTICS_HALLS / _DAYS / _RAW_HALLS / _RUNS / _LOADERS; BENCH_ANALYTICS_PROFILE=1 times the
 * loader's steps; BENCH_ANALYTICS_EXPLAIN=<ms> keeps the plans (auto_explain, analysed) of every statement
 * slower than that in a log file named at the end.
 */
import { copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { addDays } from '@hall/devices/calendar';
import { startPostgres } from '@hall/scripts/harness';
import { sql } from 'drizzle-orm';
import { openDatabase, type Db } from '../src/db/client.ts';
import { rowsOf } from '../src/db/rows.ts';
import type { SessionUser } from '../src/modules/access/access.service.ts';
import { clerks, cube, footfall, habits, ticketList } from '../src/modules/analytics/analysis.service.ts';
import {
  createOrg,
  createStaging,
  dropHallTable,
  dropStaging,
  hallSpec,
  loadChunk,
  type HallSpec,
} from './analytics.loader.ts';

const HALLS = Number(process.env.BENCH_ANALYTICS_HALLS ?? 200);
const DAYS = Number(process.env.BENCH_ANALYTICS_DAYS ?? 365);
const RAW_HALLS = Number(process.env.BENCH_ANALYTICS_RAW_HALLS ?? 20);
const RUNS = Math.max(20, Number(process.env.BENCH_ANALYTICS_RUNS ?? 24));
const REGIONS = 8;
/** Months loaded side by side (the machine's two cores). */
const LOADERS = Number(process.env.BENCH_ANALYTICS_LOADERS ?? 2);
const HALL_GROUP = Number(process.env.BENCH_ANALYTICS_HALL_GROUP ?? 50);
/** The year ends on the last day of November 2026. */
const TO = '2026-11-30';
const FROM = addDays(TO, -(DAYS - 1));
const log = (line: string) => process.stdout.write(`${line}\n`);

const ADMIN: SessionUser = {
  id: 'bench-admin',
  username: 'bench-admin',
  name: '基准管理员',
  orgUnitId: 'hq',
  staffId: null,
  grants: [{ role: 'administrator', orgUnitId: 'hq' }],
  csrfToken: '',
};

interface Period {
  from: string;
  to: string;
}

/** Calendar months overlapping from..to, clipped to it. */
function months(from: string, to: string): Period[] {
  const out: Period[] = [];
  for (let d = from; d <= to;) {
    const [y, m] = [Number(d.slice(0, 4)), Number(d.slice(5, 7))];
    const next = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
    const last = addDays(next, -1);
    out.push({ from: d, to: last < to ? last : to });
    d = next;
  }
  return out;
}

/** The periods the queries cycle through: whole months, quarters (three months), days. */
function periodsOf(from: string, to: string) {
  const whole = months(from, to).filter((m) => m.from.endsWith('-01') && addDays(m.to, 1).endsWith('-01'));
  const list = whole.length ? whole : [{ from, to }];
  const quarters =
    list.length >= 3 ? list.slice(0, -2).map((m, i) => ({ from: m.from, to: (list[i + 2] as Period).to })) : list;
  const days = Array.from(
    { length: Math.min(366, 1 + Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000)) },
    (_, i) => addDays(from, i),
  );
  return { months: list, quarters, days };
}

/**
 * Loads the halls' days a month of HALL_GROUP halls at a time (small enough for the recomputation's hash
 * tables to stay in memory), LOADERS chunks side by side (each its own connection and staging tables).
 */
async function timedLoad(db: Db, specs: HallSpec[], raw: Set<string>, from: string, to: string) {
  const ids = specs.map((h) => h.id);
  const queue = months(from, to).flatMap((m) =>
    Array.from({ length: Math.ceil(ids.length / HALL_GROUP) }, (_, g) => ({
      ...m,
      halls: ids.slice(g * HALL_GROUP, (g + 1) * HALL_GROUP),
    })),
  );
  let tickets = 0;
  let rawTickets = 0;
  await Promise.all(
    Array.from({ length: LOADERS }, async (_, worker) => {
      await createStaging(db, worker);
      for (let m = queue.shift(); m; m = queue.shift()) {
        const t0 = performance.now();
        const chunk = m;
        const n = await loadChunk(db, {
          halls: chunk.halls,
          from: chunk.from,
          to: chunk.to,
          raw,
          worker,
          ...(process.env.BENCH_ANALYTICS_PROFILE
            ? { profile: (s, ms) => log(`    ${chunk.from} ${chunk.halls[0]} ${s}: ${(ms / 1000).toFixed(2)} s`) }
            : {}),
        });
        tickets += n.tickets;
        rawTickets += n.rawTickets;
        log(
          `  ${chunk.from}..${chunk.to} ${chunk.halls[0]}…: ${n.tickets} tickets (${n.rawTickets} kept) in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
        );
      }
      await dropStaging(db, worker);
    }),
  );
  await dropHallTable(db);
  // What autovacuum does after a bulk of inserts: statistics, and the visibility map for index-only reads.
  await db.execute(sql`VACUUM ANALYZE`);
  return { tickets, rawTickets };
}

interface Query {
  name: string;
  run: (i: number) => Promise<unknown>;
}

/** The console's queries over the loaded org, each call `i` on another unit and period. */
function queries(db: Db, specs: HallSpec[], raw: string[], periods: ReturnType<typeof periodsOf>): Query[] {
  const pick = <T>(list: readonly T[], i: number) => list[i % list.length] as T;
  const month = (i: number) => pick(periods.months, i * 5);
  const quarter = (i: number) => pick(periods.quarters, i * 7);
  const day = (i: number) => pick(periods.days, i * 53);
  const hall = (i: number) => pick(specs, i * 37);
  const regions = [...new Set(specs.map((h) => h.regionUnitId))];
  const region = (i: number) => pick(regions, i);
  return [
    {
      name: 'hqMonthByRegion',
      run: (i) => cube(db, ADMIN, { orgUnitId: 'hq', by: 'child', compare: true, ...month(i) }),
    },
    {
      name: 'regionMonthByHall',
      run: (i) => cube(db, ADMIN, { orgUnitId: region(i), by: 'child', compare: true, ...month(i + 1) }),
    },
    {
      name: 'hallMonthByDay',
      run: (i) => cube(db, ADMIN, { orgUnitId: `unit-${hall(i).id}`, by: 'day', compare: true, ...month(i + 2) }),
    },
    {
      name: 'hallDayByHour',
      run: (i) =>
        cube(db, ADMIN, { orgUnitId: `unit-${hall(i + 3).id}`, by: 'hour', compare: true, from: day(i), to: day(i) }),
    },
    { name: 'clerkLeague', run: (i) => clerks(db, ADMIN, { orgUnitId: region(i + 2), ...month(i + 3) }) },
    { name: 'heatQuarter', run: (i) => habits(db, ADMIN, { orgUnitId: `unit-${hall(i + 5).id}`, ...quarter(i) }) },
    {
      name: 'regionFootfallByHall',
      run: (i) => footfall(db, ADMIN, { orgUnitId: region(i + 4), by: 'child', ...month(i + 4) }),
    },
    {
      name: 'ticketsOfHour',
      run: (i) => ticketList(db, { hallId: raw[i % raw.length] as string, date: day(i + 7), hour: 9 + (i % 11) }),
    },
  ];
}

const quantile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] ?? 0;

async function measure(qs: Query[]) {
  const out: Record<string, { p50Ms: number; p95Ms: number }> = {};
  for (const q of qs) await q.run(RUNS); // warm: plans, caches, the connection
  for (const q of qs) {
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now();
      await q.run(i);
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    out[q.name] = {
      p50Ms: Math.round(quantile(times, 0.5) * 10) / 10,
      p95Ms: Math.round(quantile(times, 0.95) * 10) / 10,
    };
    log(`  ${q.name}: p50 ${out[q.name]?.p50Ms} ms, p95 ${out[q.name]?.p95Ms} ms (${RUNS} runs)`);
  }
  const worst = Object.entries(out).sort((a, b) => b[1].p95Ms - a[1].p95Ms)[0] as [string, { p95Ms: number }];
  return { queries: out, worstQuery: worst[0], worstP95Ms: worst[1].p95Ms };
}

async function counts(db: Db) {
  const [r] = await rowsOf<{ rollupRows: number; raw: number }>(
    db,
    sql`SELECT (SELECT count(*) FROM rollup_hour)::int + (SELECT count(*) FROM rollup_day)::int
      + (SELECT count(*) FROM rollup_clerk_day)::int + (SELECT count(*) FROM rollup_wait)::int
      + (SELECT count(*) FROM rollup_tx_day)::int + (SELECT count(*) FROM rollup_footfall_hour)::int AS "rollupRows",
      (SELECT count(*) FROM tickets)::int AS raw`,
  );
  return r as { rollupRows: number; raw: number };
}

/** The demo's size on the embedded PGlite: 3 halls × 28 days, every ticket kept. */
async function pglitePhase(dir: string) {
  const database = await openDatabase({ dataDir: join(dir, 'pglite') });
  try {
    const db = database.db;
    const specs = await createOrg(db, { halls: 3, regions: 1 });
    const from = addDays(TO, -27);
    const t0 = performance.now();
    const loaded = await timedLoad(db, specs, new Set(specs.map((h) => h.id)), from, TO);
    const loadSeconds = (performance.now() - t0) / 1000;
    log(`PGlite: 3 halls × 28 days, ${loaded.tickets} tickets in ${loadSeconds.toFixed(1)} s`);
    // The demo's "month" and "quarter" are its four weeks.
    const qs = queries(
      db,
      specs,
      specs.map((h) => h.id),
      periodsOf(from, TO),
    );
    return { tickets: loaded.tickets, ...(await measure(qs)) };
  } finally {
    await database.close();
  }
}

/** The halls that keep their raw tickets: every tenth (spread over sizes, kinds and regions). */
function rawHallsOf(specs: HallSpec[]) {
  const raw = new Set(specs.filter((_, i) => i % Math.max(1, Math.floor(HALLS / RAW_HALLS)) === 0).map((h) => h.id));
  while (raw.size > RAW_HALLS) raw.delete([...raw].pop() as string);
  return raw;
}

/**
 * BENCH_ANALYTICS_URL=<url>: only the queries, against a cluster a run with BENCH_ANALYTICS_HOLD=<file>
 * loaded and holds (its URL is in the file; removing the file ends that run). Migrations not yet applied
 * there are applied first — how an index is tried on the loaded year without loading it again.
 */
async function measureHeld(url: string) {
  const database = await openDatabase({ url, dataDir: '' });
  try {
    const specs = Array.from({ length: HALLS }, (_, i) => hallSpec(i + 1, { halls: HALLS, regions: REGIONS }));
    const m = await measure(queries(database.db, specs, [...rawHallsOf(specs)], periodsOf(FROM, TO)));
    log(JSON.stringify({ halls: HALLS, days: DAYS, p95Ms: m.worstP95Ms, ...m }));
  } finally {
    await database.close();
  }
}

async function main() {
  if (process.env.BENCH_ANALYTICS_URL) return measureHeld(process.env.BENCH_ANALYTICS_URL);
  const started = performance.now();
  const dir = mkdtempSync(join(tmpdir(), 'hall-bench-analytics-'));
  const pglite = process.env.BENCH_ANALYTICS_PGLITE ?? '1';
  let result: Record<string, unknown> = {};
  try {
    if (pglite !== 'only') {
      const pg = await startPostgres(dir, {
        shared_buffers: '256MB',
        work_mem: '32MB',
        maintenance_work_mem: '256MB',
        max_wal_size: '4GB',
        // A bulk load: losing its last commits in a crash costs nothing here.
        synchronous_commit: 'off',
        ...(process.env.BENCH_ANALYTICS_EXPLAIN
          ? {
              shared_preload_libraries: 'auto_explain',
              'auto_explain.log_min_duration': `${Number(process.env.BENCH_ANALYTICS_EXPLAIN)}ms`,
              'auto_explain.log_analyze': 'on',
            }
          : {}),
      });
      try {
        const database = await openDatabase({ url: pg.url, dataDir: '' });
        try {
          const db = database.db;
          const t0 = performance.now();
          const specs = await createOrg(db, { halls: HALLS, regions: REGIONS });
          const raw = rawHallsOf(specs);
          log(`org: ${specs.length} halls in ${REGIONS} regions (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
          const loaded = await timedLoad(db, specs, raw, FROM, TO);
          const loadSeconds = (performance.now() - t0) / 1000;
          const c = await counts(db);
          log(
            `loaded ${HALLS} halls × ${DAYS} days: ${loaded.tickets} tickets, ${c.raw} kept raw, ${c.rollupRows} roll-up rows in ${loadSeconds.toFixed(1)} s`,
          );
          if (process.env.BENCH_ANALYTICS_HOLD) {
            writeFileSync(process.env.BENCH_ANALYTICS_HOLD, pg.url);
            log(`holding ${pg.url} until ${process.env.BENCH_ANALYTICS_HOLD} is removed`);
            while (existsSync(process.env.BENCH_ANALYTICS_HOLD)) await new Promise((r) => setTimeout(r, 500));
          }
          const m = await measure(queries(db, specs, [...raw], periodsOf(FROM, TO)));
          result = {
            halls: HALLS,
            days: DAYS,
            tickets: loaded.tickets,
            rawTickets: c.raw,
            rollupRows: c.rollupRows,
            p95Ms: m.worstP95Ms,
            worstQuery: m.worstQuery,
            worstP95Ms: m.worstP95Ms,
            queries: m.queries,
            loadSeconds: Math.round(loadSeconds * 10) / 10,
          };
        } finally {
          await database.close();
        }
      } finally {
        await pg.stop();
        if (process.env.BENCH_ANALYTICS_EXPLAIN) {
          const kept = join(tmpdir(), 'hall-bench-analytics-explain.log');
          copyFileSync(join(dir, 'postgres.log'), kept);
          log(`plans of statements over ${process.env.BENCH_ANALYTICS_EXPLAIN} ms: ${kept}`);
        }
      }
    }
    if (pglite !== '0') {
      const p = await pglitePhase(dir);
      result = {
        ...result,
        pglite: {
          halls: 3,
          days: 28,
          tickets: p.tickets,
          worstQuery: p.worstQuery,
          worstP95Ms: p.worstP95Ms,
          queries: p.queries,
        },
      };
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  log(
    JSON.stringify({
      ...result,
      seconds: Math.round((performance.now() - started) / 100) / 10,
      loadAverage: Math.round((loadavg()[0] as number) * 10) / 10,
    }),
  );
}

main().catch((err: unknown) => {
  process.stderr.write(`bench:analytics: ${(err as Error).stack}\n`);
  process.exit(1);
});
