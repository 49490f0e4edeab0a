/**
 * `npm run bench:kpi`: the daily KPI recomputation of 200 halls × 30 clerks × 30 days (180,000 clerk-days)
 * on a real PostgreSQL (a private cluster this command starts and stops). The halls' history is generated
 * in SQL (`generate_series`, not through ingest): per clerk-day 32 tickets over five services with
 * different handling times, half of them rated, a counter session with a break and a meal pause, and a
 * published roster shift. Then every hall's 30 days are recomputed with `computeDays` — what the
 * backfill and nightly jobs run — several halls at a time as the jobs' runners would.
 * Last line: one JSON object {"clerkDays", "seconds", …}. Scale with BENCH_KPI_HALLS / _CLERKS / _DAYS.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { addDays } from '@hall/devices/calendar';
import { startPostgres } from '@hall/scripts/harness';
import { sql } from 'drizzle-orm';
import { openDatabase, type Db } from '../src/db/client.ts';
import { rowsOf } from '../src/db/rows.ts';
import { putHallConfig } from '../src/modules/halls/halls.service.ts';
import { adherenceFor } from '../src/modules/adherence/adherence.service.ts';
import { dailyRepository } from '../src/modules/performance/daily.repository.ts';
import { computeDays, dailyRows } from '../src/modules/performance/daily.service.ts';
import { collectDays } from '../src/modules/performance/facts.collect.ts';
import { factsRepository } from '../src/modules/performance/facts.repository.ts';
import { DEFAULT_KPIS } from '../src/modules/performance/defaults.ts';
import { kpiDefinitions } from '../src/modules/performance/performance.table.ts';

const HALLS = Number(process.env.BENCH_KPI_HALLS ?? 200);
const CLERKS = Number(process.env.BENCH_KPI_CLERKS ?? 30);
const DAYS = Number(process.env.BENCH_KPI_DAYS ?? 30);
const CONCURRENCY = Number(process.env.BENCH_KPI_CONCURRENCY ?? 4);
const TICKETS_PER_CLERK_DAY = 32;
const SHARED_BUFFERS = process.env.BENCH_KPI_SHARED_BUFFERS ?? '128MB';
/** A Monday; the rosters cover whole weeks from it. */
const FROM = '2026-10-05';
const TZ = 'Asia/Shanghai';
const log = (line: string) => process.stdout.write(`${line}\n`);
const TO = addDays(FROM, DAYS - 1);

const SERVICES = [
  { id: 'billing', name: '话费业务', prefix: 'A', targetWaitMinutes: 10, expectedServiceMinutes: 4 },
  { id: 'sim', name: '办卡', prefix: 'B', targetWaitMinutes: 10, expectedServiceMinutes: 8 },
  { id: 'broadband', name: '宽带业务', prefix: 'C', targetWaitMinutes: 15, expectedServiceMinutes: 15 },
  { id: 'device', name: '终端业务', prefix: 'D', targetWaitMinutes: 15, expectedServiceMinutes: 12 },
  { id: 'enterprise', name: '政企业务', prefix: 'E', targetWaitMinutes: 20, expectedServiceMinutes: 20 },
];

/** Wall seconds, and this process's CPU seconds (the JS side; the rest is PostgreSQL and waiting). */
async function timed<T>(label: string, f: () => Promise<T>): Promise<[T, number, number]> {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const r = await f();
  const s = (performance.now() - t0) / 1_000;
  const c = process.cpuUsage(c0);
  const cpu = (c.user + c.system) / 1e6;
  log(`${label}: ${s.toFixed(2)} s (node CPU ${cpu.toFixed(2)} s)`);
  return [r, s, cpu];
}

async function generate(db: Db) {
  await db.execute(sql`
    INSERT INTO halls (id, name, time_zone)
    SELECT 'B' || lpad(h::text, 3, '0'), '基准营业厅' || h, ${TZ} FROM generate_series(1, ${HALLS}::int) AS h`);
  // One hall's config through the service (validated), copied to the others.
  await putHallConfig(
    db,
    'B001',
    {
      hall: { capacity: 120 },
      services: SERVICES,
      counters: Array.from({ length: CLERKS }, (_, i) => ({
        id: `C${i + 1}`,
        name: `${i + 1}号窗口`,
        services: Object.fromEntries(SERVICES.map((s) => [s.id, 1])),
      })),
    },
    null,
  );
  await db.execute(sql`
    INSERT INTO hall_configs (hall_id, version, document)
    SELECT h.id, 1, c.document FROM halls h, hall_configs c WHERE c.hall_id = 'B001' AND h.id <> 'B001'`);
  await db.execute(sql`
    INSERT INTO employees (id, hall_id, staff_id, name, contract)
    SELECT h.id || '-E' || c, h.id, 'S' || c, '员工' || c,
           '{"kind":"full-time","minWeekHours":32,"maxWeekHours":40,"maxDaysPerWeek":5,"minRestHours":11}'::jsonb
    FROM halls h, generate_series(1, ${CLERKS}::int) AS c`);
  const weeks = Math.ceil(DAYS / 7);
  await db.execute(sql`
    INSERT INTO rosters (id, hall_id, from_date, days, status, version, published_at, solver)
    SELECT 'roster-' || h.id, h.id, ${FROM}::date, ${weeks * 7}::int, 'published', 1,
           (${FROM}::date - 3)::timestamp AT TIME ZONE ${TZ}, '{"method":"imported"}'::jsonb
    FROM halls h`);
  await db.execute(sql`
    INSERT INTO roster_shifts (roster_id, employee_id, date, start, "end", breaks, source)
    SELECT 'roster-' || h.id, h.id || '-E' || c, ${FROM}::date + d, '09:00', '17:30',
           '[{"start":"12:30","end":"13:00"}]'::jsonb, 'manual'
    FROM halls h, generate_series(1, ${CLERKS}::int) AS c, generate_series(0, ${DAYS - 1}::int) AS d`);
  // Tickets: the clerk's service mix depends on the clerk; handling time on the service and a spread.
  await db.execute(sql`
    INSERT INTO tickets (hub_id, issue_seq, hall_id, ticket_no, service_id, channel, issued_at, arrival_at,
                         first_called_at, last_called_at, started_at, ended_at, outcome, counter_id, staff_id)
    SELECT 'hub-' || h.id, d * 100000 + c * 100 + k, h.id, 'T' || c || '-' || k,
           (ARRAY['billing','sim','broadband','device','enterprise'])[1 + ((c * 3 + k * k) % 5)],
           'kiosk', x.issued, x.issued, x.called, x.called, x.started,
           CASE WHEN x.noshow THEN x.called + interval '2 minutes' ELSE x.started + x.handle END,
           CASE WHEN x.noshow THEN 'noshow' ELSE 'done' END, 'C' || c, 'S' || c
    FROM halls h, generate_series(0, ${DAYS - 1}::int) AS d, generate_series(1, ${CLERKS}::int) AS c,
         generate_series(1, ${TICKETS_PER_CLERK_DAY}::int) AS k,
         LATERAL (
           SELECT t0 AS issued, t0 + w AS called, t0 + w + interval '30 seconds' AS started,
                  make_interval(secs => (ARRAY[180, 420, 840, 660, 1140])[1 + ((c * 3 + k * k) % 5)]
                                        * (0.7 + ((c * 7 + k * 3 + d) % 60) / 100.0)) AS handle,
                  (k + c + d) % 25 = 0 AS noshow
           FROM (SELECT ((${FROM}::date + d)::timestamp AT TIME ZONE ${TZ}) + interval '9 hours'
                        + make_interval(mins => k * 14, secs => c * 7) AS t0,
                        make_interval(secs => ((substr(h.id, 2)::int * 31 + d * 17 + c * 13 + k * 7) % 1200)) AS w) AS y
         ) AS x`);
  await db.execute(sql`
    INSERT INTO ratings (hub_id, seq, hall_id, ticket_no, counter_id, staff_id, score, skipped, at)
    SELECT hub_id, issue_seq, hall_id, ticket_no, counter_id, staff_id, 3 + ((issue_seq * 7) % 3), false,
           ended_at + interval '10 seconds'
    FROM tickets WHERE outcome = 'done' AND issue_seq % 2 = 0`);
  await db.execute(sql`
    INSERT INTO counter_sessions (hub_id, open_seq, hall_id, counter_id, staff_id, opened_at, closed_at)
    SELECT 'hub-' || h.id, d * 1000 + c, h.id, 'C' || c, 'S' || c,
           ((${FROM}::date + d)::timestamp AT TIME ZONE ${TZ}) + interval '9 hours' + make_interval(mins => c % 10),
           ((${FROM}::date + d)::timestamp AT TIME ZONE ${TZ}) + interval '17 hours 30 minutes'
    FROM halls h, generate_series(0, ${DAYS - 1}::int) AS d, generate_series(1, ${CLERKS}::int) AS c`);
  await db.execute(sql`
    INSERT INTO counter_pauses (hub_id, seq, hall_id, counter_id, reason, started_at, ended_at)
    SELECT 'hub-' || h.id, d * 1000 + c * 2 + p, h.id, 'C' || c, (ARRAY['break', 'meal'])[p + 1],
           ((${FROM}::date + d)::timestamp AT TIME ZONE ${TZ}) + (ARRAY[interval '11 hours', interval '12 hours 30 minutes'])[p + 1],
           ((${FROM}::date + d)::timestamp AT TIME ZONE ${TZ}) + (ARRAY[interval '11 hours 15 minutes', interval '13 hours'])[p + 1]
    FROM halls h, generate_series(0, ${DAYS - 1}::int) AS d, generate_series(1, ${CLERKS}::int) AS c,
         generate_series(0, 1) AS p`);
  // What autovacuum does to a table after a bulk of inserts (its insert threshold): statistics, and the
  // visibility map that lets the facts read the covering indexes without visiting the table.
  await db.execute(sql`VACUUM ANALYZE`);
  const [counts] = await rowsOf<{ tickets: number; ratings: number }>(
    db,
    sql`SELECT (SELECT count(*) FROM tickets)::int AS tickets, (SELECT count(*) FROM ratings)::int AS ratings`,
  );
  return counts as { tickets: number; ratings: number };
}

/** BENCH_KPI_PROFILE=1: where one hall's month goes, part by part (for whoever makes it faster). */
async function profile(db: Db) {
  const r = { hallId: 'B001', timeZone: TZ, from: FROM, to: TO, now: new Date() };
  const targets = Object.fromEntries(SERVICES.map((s) => [s.id, s.targetWaitMinutes * 60]));
  await timed('  tickets', () => factsRepository.tickets(db, r, targets));
  await timed('  handle histograms', () =>
    factsRepository.handleHistograms(db, { ...r, from: addDays(FROM, -28), to: addDays(TO, -1) }),
  );
  await timed('  ratings', () => factsRepository.ratings(db, r));
  await timed('  sessions', () => factsRepository.sessions(db, r));
  await timed('  pauses', () => factsRepository.pauses(db, r));
  await timed('  transfers', () => factsRepository.transfers(db, r));
  await timed('  adherence', () => adherenceFor(db, 'B001', FROM, TO));
  const [byDate] = await timed('  collectDays', () => collectDays(db, { id: 'B001', timeZone: TZ }, FROM, TO));
  const rows = [...byDate].flatMap(([date, subjects]) => dailyRows(date, subjects));
  await timed('  store', () => dailyRepository.putDays(db, 'B001', FROM, TO, rows));
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'hall-bench-kpi-'));
  // BENCH_KPI_PGLITE=1: the embedded database instead (what `npm start`'s demo runs on).
  // PostgreSQL's default buffer cache (128 MB) unless BENCH_KPI_SHARED_BUFFERS says otherwise: the facts
  // read covering indexes, so a bigger cache does not change the result (42 s at 128 MB, 47 s at 4 GB).
  const pg = process.env.BENCH_KPI_PGLITE
    ? { url: '', stop: async () => undefined }
    : await startPostgres(dir, {
        shared_buffers: SHARED_BUFFERS,
        work_mem: '16MB',
        // BENCH_KPI_STATEMENTS=1: PostgreSQL's own time per statement, printed after the run.
        ...(process.env.BENCH_KPI_STATEMENTS ? { shared_preload_libraries: 'pg_stat_statements' } : {}),
      });
  try {
    const database = pg.url
      ? await openDatabase({ url: pg.url, dataDir: '' })
      : await openDatabase({ dataDir: join(dir, 'pglite') });
    const db = database.db;
    try {
      const [counts, generateSeconds] = await timed(`generated ${HALLS} halls × ${CLERKS} clerks × ${DAYS} days`, () =>
        generate(db),
      );
      log(`tickets ${counts.tickets}, ratings ${counts.ratings}`);
      if (process.env.BENCH_KPI_STATEMENTS) {
        await db.execute(sql`CREATE EXTENSION IF NOT EXISTS pg_stat_statements`);
        await db.execute(sql`SELECT pg_stat_statements_reset()`);
      }
      await db.insert(kpiDefinitions).values(DEFAULT_KPIS.map((d) => ({ ...d, version: 1 })));
      if (process.env.BENCH_KPI_PROFILE) for (let i = 0; i < 3; i++) await profile(db);
      if (process.env.BENCH_KPI_HOLD) {
        // For EXPLAIN by hand: the cluster stays up until the file named by BENCH_KPI_HOLD is removed.
        log(`holding ${pg.url}`);
        const { existsSync, writeFileSync } = await import('node:fs');
        writeFileSync(process.env.BENCH_KPI_HOLD, pg.url);
        while (existsSync(process.env.BENCH_KPI_HOLD)) await new Promise((r) => setTimeout(r, 500));
      }
      const halls = Array.from({ length: HALLS }, (_, i) => `B${String(i + 1).padStart(3, '0')}`);
      let next = 0;
      const [, seconds, nodeCpu] = await timed(
        `recomputed ${HALLS} halls × ${DAYS} days (${CONCURRENCY} at a time)`,
        () =>
          Promise.all(
            Array.from({ length: CONCURRENCY }, async () => {
              while (next < halls.length) {
                const id = halls[next++] as string;
                await computeDays(db, { id, timeZone: TZ }, FROM, TO);
              }
            }),
          ),
      );
      if (process.env.BENCH_KPI_STATEMENTS)
        for (const r of await rowsOf<{ ms: number; calls: number; query: string }>(
          db,
          sql`SELECT round(total_exec_time)::int AS ms, calls::int, left(regexp_replace(query, '[[:space:]]+', ' ', 'g'), 140) AS query
              FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT 15`,
        ))
          log(`  ${r.ms} ms  ${r.calls}×  ${r.query}`);
      const [stored] = await rowsOf<{ clerkDays: number; rows: number }>(
        db,
        sql`SELECT count(*) FILTER (WHERE subject_kind = 'clerk')::int AS "clerkDays", count(*)::int AS rows FROM kpi_daily`,
      );
      log(
        JSON.stringify({
          clerkDays: stored?.clerkDays,
          seconds: Math.round(seconds * 10) / 10,
          rows: stored?.rows,
          tickets: counts.tickets,
          ratings: counts.ratings,
          generateSeconds: Math.round(generateSeconds * 10) / 10,
          concurrency: CONCURRENCY,
          sharedBuffers: SHARED_BUFFERS,
          nodeCpuSeconds: Math.round(nodeCpu * 10) / 10,
          loadAverage: Math.round(loadavg()[0] as number),
        }),
      );
    } finally {
      await database.close();
    }
  } finally {
    await pg.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench:kpi: ${(err as Error).stack}\n`);
  process.exit(1);
});
