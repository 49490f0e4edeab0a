/**
 * The daily KPI facts against a hand-worked hall-day pushed through ingest, on PostgreSQL and PGlite.
 *
 * Hall KPI1 (Asia/Shanghai, open 09:00–18:00), services 话费 billing (target 10 min, expected 5 min) and
 * 宽带 broadband (target 15 min, expected 20 min). Monday 2026-11-23 is history: clerk E09 serves billing
 * in 4, 5, 6 minutes and broadband in 18, 20, 22 — so Tuesday's references are the medians 300 s and
 * 1200 s, while Monday itself (no history before it) falls back to the config's 5 and 20 minutes.
 *
 * Tuesday 2026-11-24 (every figure below worked by hand):
 * - 王芳 (E01, counter C1, 09:00–17:00, meal pause 12:00–12:30): billing only, 6 minutes each (1.2 × 300 s):
 *   A1 wait 2 min, rated 5; A2 wait 5, rated 4; A3 wait 12 (miss), rated 2; A4 wait 3; A5 wait 1, no-show;
 *   A6 called after 1 minute and transferred to broadband (then given up, 5 minutes after arrival).
 *   served 4, handle 1440 s, expected 1200 s → 120 %; called 6 (A6 keeps her as its last caller), within 5,
 *   wait 2+5+12+3+1+1 = 24 min; ratings 3, sum 11, one ≤ 2; transfers out 1; session 480 min, meal 30.
 * - 李强 (E02, counter C2, 09:10–13:00, break 11:00–11:15): broadband 24 min twice (1.2 × 1200 s), billing
 *   6 min once: B1 wait 14, rated 5; B2 wait 16 (miss), rated 5; B3 wait 8. served 3, handle 3240 s,
 *   expected 2700 s → 120 % — the same relative speed as 王芳 though her tickets take a third of the time.
 * - E03 (no employee record) at C2 14:00–16:00 with a back-office pause 15:00–15:10: the pause is theirs,
 *   not 李强's who had left C2.
 * - X1 (billing) given up after 20 minutes without a call: a miss of the hall's service level.
 * - Roster (published the Thursday before): 王芳 09:00–17:30 with lunch 12:00–12:30 → planned 480, at a
 *   counter 09:00–12:00 + 12:30–17:00 = 450; 李强 09:00–13:00 → planned 240, late 10 minutes, at a counter
 *   09:10–11:00 + 11:15–13:00 = 215.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, eq, sql } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SecretGate } from '@hall/devices/secrets';
import type { TRPCError } from '@trpc/server';
import { appRouter } from '../src/app.router.ts';
import { openDatabase, type Db } from '../src/db/client.ts';
import { rowsOf } from '../src/db/rows.ts';
import type { AppError } from '../src/errors.ts';
import { ensureHallUnit, type SessionUser } from '../src/modules/access/access.service.ts';
import { LoginGuard } from '../src/modules/access/login-guard.ts';
import { createCallerFactory } from '../src/trpc.ts';
import { importPublished } from '../src/modules/adherence/adherence.service.ts';
import { putHallConfig, registerHall, registerHub } from '../src/modules/halls/halls.service.ts';
import { push } from '../src/modules/ingest/ingest.service.ts';
import { jobsRepository } from '../src/modules/jobs/jobs.repository.ts';
import { Jobs } from '../src/modules/jobs/jobs.service.ts';
import { computeDays, todaySoFar } from '../src/modules/performance/daily.service.ts';
import { DAILY_JOB, definePerformanceJobs, scheduleDailyKpis } from '../src/modules/performance/daily.jobs.ts';
import { DEFAULT_KPIS } from '../src/modules/performance/defaults.ts';
import type { SubjectFacts } from '../src/modules/performance/facts.ts';
import { kpiValuesFor } from '../src/modules/performance/kpi.values.ts';
import { kpiDaily, kpiDefinitions, kpiDirtyDays } from '../src/modules/performance/performance.table.ts';
import { addEntry } from '../src/modules/performance/records.service.ts';
import { employeeMoves, employees } from '../src/modules/staff/staff.table.ts';
import { testDatabase } from './support/db.ts';
import { called, issued, served, toRows, type TestEvent } from './support/events.ts';

const MON = '2026-11-23';
const TUE = '2026-11-24';
const at = (date: string, hhmm: string) => Date.parse(`${date}T${hhmm}:00+08:00`);
const contract = {
  kind: 'full-time' as const,
  minWeekHours: 32,
  maxWeekHours: 40,
  maxDaysPerWeek: 5,
  minRestHours: 11,
};
const hours = { open: '09:00', close: '18:00' };

const ev = (type: string, t: number, body: Record<string, unknown>): TestEvent => ({ type, at: t, body });
const opened = (counterId: string, staffId: string, t: number) => ev('counter.opened', t, { counterId, staffId });
const closed = (counterId: string, t: number) => ev('counter.closed', t, { counterId });
const paused = (counterId: string, reason: string, from: number, to: number) => [
  ev('counter.paused', from, { counterId, reason, note: null }),
  ev('counter.resumed', to, { counterId }),
];

/** A ticket issued at `i`, called at `c` at the counter by the clerk, served for `minutes`, rated or not. */
function ticket(
  no: string,
  service: string,
  date: string,
  i: string,
  c: string,
  minutes: number,
  counter: string,
  staff: string,
  score: number | null,
) {
  return [
    issued(no, service, at(date, i)),
    called(no, at(date, c), counter, staff),
    ...served(no, at(date, c), minutes, counter, staff, score),
  ];
}

function mondayJournal(): TestEvent[] {
  const out: TestEvent[] = [];
  const minutes: Array<[string, number]> = [
    ['billing', 4],
    ['billing', 5],
    ['billing', 6],
    ['broadband', 18],
    ['broadband', 20],
    ['broadband', 22],
  ];
  let t = at(MON, '09:00');
  minutes.forEach(([service, m], k) => {
    const hhmm = new Date(t + 8 * 3_600_000).toISOString().slice(11, 16);
    out.push(...ticket(`H${k + 1}`, service, MON, hhmm, hhmm, m, 'C3', 'E09', null));
    t += (m + 1) * 60_000;
  });
  return out;
}

function tuesdayJournal(): TestEvent[] {
  return [
    opened('C1', 'E01', at(TUE, '09:00')),
    ...ticket('A1', 'billing', TUE, '09:00', '09:02', 6, 'C1', 'E01', 5),
    ...ticket('A2', 'billing', TUE, '09:05', '09:10', 6, 'C1', 'E01', 4),
    ...ticket('A3', 'billing', TUE, '09:10', '09:22', 6, 'C1', 'E01', 2),
    ...ticket('A4', 'billing', TUE, '09:30', '09:33', 6, 'C1', 'E01', null),
    issued('A5', 'billing', at(TUE, '09:40')),
    called('A5', at(TUE, '09:41'), 'C1', 'E01'),
    ev('ticket.noshow', at(TUE, '09:43'), { ticketNo: 'A5', counterId: 'C1', recalls: 1 }),
    issued('A6', 'billing', at(TUE, '10:00')),
    called('A6', at(TUE, '10:01'), 'C1', 'E01'),
    ev('ticket.transferred', at(TUE, '10:02'), {
      ticketNo: 'A6',
      fromServiceId: 'billing',
      toServiceId: 'broadband',
      counterId: 'C1',
    }),
    ev('ticket.cancelled', at(TUE, '10:05'), { ticketNo: 'A6', reason: 'customer' }),
    ...paused('C1', 'meal', at(TUE, '12:00'), at(TUE, '12:30')),
    closed('C1', at(TUE, '17:00')),
    opened('C2', 'E02', at(TUE, '09:10')),
    ...ticket('B1', 'broadband', TUE, '09:00', '09:14', 24, 'C2', 'E02', 5),
    ...ticket('B2', 'broadband', TUE, '09:30', '09:46', 24, 'C2', 'E02', 5),
    ...ticket('B3', 'billing', TUE, '10:05', '10:13', 6, 'C2', 'E02', null),
    ...paused('C2', 'break', at(TUE, '11:00'), at(TUE, '11:15')),
    closed('C2', at(TUE, '13:00')),
    opened('C2', 'E03', at(TUE, '14:00')),
    ...paused('C2', 'backoffice', at(TUE, '15:00'), at(TUE, '15:10')),
    closed('C2', at(TUE, '16:00')),
    issued('X1', 'billing', at(TUE, '09:00')),
    ev('ticket.cancelled', at(TUE, '09:20'), { ticketNo: 'X1', reason: 'expired' }),
  ];
}

const inOrder = (events: TestEvent[]) =>
  events
    .map((e, i) => ({ e, i }))
    .sort((a, b) => a.e.at - b.e.at || a.i - b.i)
    .map((x) => x.e);

async function seed(db: Db) {
  for (const [id, name] of [
    ['KPI1', '福田营业厅'],
    ['KPI2', '南山营业厅'],
  ] as const) {
    await registerHall(db, { id, name, timeZone: 'Asia/Shanghai' });
    await ensureHallUnit(db, { hallId: id, name });
    await putHallConfig(
      db,
      id,
      {
        hall: { capacity: 80, openingHours: { mon: hours, tue: hours, wed: hours, thu: hours, fri: hours } },
        services: [
          { id: 'billing', name: '话费业务', prefix: 'A', targetWaitMinutes: 10, expectedServiceMinutes: 5 },
          { id: 'broadband', name: '宽带业务', prefix: 'B', targetWaitMinutes: 15, expectedServiceMinutes: 20 },
        ],
        counters: [
          { id: 'C1', name: '1号窗口', services: { billing: 1 } },
          { id: 'C2', name: '2号窗口', services: { billing: 1, broadband: 1 } },
          { id: 'C3', name: '3号窗口', services: { billing: 1, broadband: 1 } },
        ],
      },
      null,
    );
  }
  await db.insert(employees).values([
    { id: 'emp-a', hallId: 'KPI1', staffId: 'E01', name: '王芳', contract },
    { id: 'emp-b', hallId: 'KPI1', staffId: 'E02', name: '李强', contract },
    // Moved from KPI1 to KPI2 from Tuesday (applied: the row names the new hall).
    { id: 'emp-m', hallId: 'KPI2', staffId: 'M1', name: '赵敏', contract },
  ]);
  await db.insert(employeeMoves).values({
    employeeId: 'emp-m',
    fromHallId: 'KPI1',
    toHallId: 'KPI2',
    effectiveDate: TUE,
    appliedAt: new Date(at(TUE, '00:00')),
  });
  await importPublished(db, null, {
    hallId: 'KPI1',
    fromDate: MON,
    days: 7,
    publishedAt: '2026-11-19T18:00:00+08:00',
    shifts: [
      {
        staffId: 'E01',
        date: TUE,
        start: '09:00',
        end: '17:30',
        breaks: [{ start: '12:00', end: '12:30' }],
        serviceId: null,
      },
      { staffId: 'E02', date: TUE, start: '09:00', end: '13:00', breaks: [], serviceId: null },
    ],
  });
  const hub1 = await registerHub(db, { id: 'hub-kpi1', hallId: 'KPI1' });
  const hub2 = await registerHub(db, { id: 'hub-kpi2', hallId: 'KPI2' });
  const kpi1 = inOrder([
    ...mondayJournal(),
    // 赵敏 on Monday in KPI1 (before the move), and someone typing M1 in KPI1 on Tuesday.
    ...ticket('M01', 'billing', MON, '16:00', '16:01', 5, 'C1', 'M1', null),
    ...tuesdayJournal(),
    ...ticket('M02', 'billing', TUE, '16:30', '16:31', 5, 'C3', 'M1', null),
  ]);
  await push(db, hub1.hubId, { batch: toRows(kpi1) }, new Date(at(TUE, '20:00')));
  // 赵敏 on Tuesday in KPI2.
  const kpi2 = inOrder(ticket('N01', 'billing', TUE, '10:00', '10:02', 7, 'C1', 'M1', null));
  await push(db, hub2.hubId, { batch: toRows(kpi2) }, new Date(at(TUE, '20:00')));
  await db.insert(kpiDefinitions).values(DEFAULT_KPIS.map((d) => ({ ...d, version: 1 })));
}

const factsOf = (rows: readonly SubjectFacts[], kind: string, id: string) =>
  rows.find((r) => r.subjectKind === kind && r.subjectId === id)?.facts;

describe.each(['PostgreSQL', 'PGlite'] as const)('daily KPI facts from the halls’ events on %s', (engine) => {
  let db: Db;
  let close: () => Promise<void> = async () => undefined;
  beforeAll(async () => {
    if (engine === 'PostgreSQL') {
      const pg = await testDatabase();
      db = pg.db;
      close = () => pg.drop();
    } else {
      const dir = mkdtempSync(join(tmpdir(), 'hall-kpi-facts-'));
      const lite = await openDatabase({ dataDir: dir });
      db = lite.db;
      close = async () => {
        await lite.close();
        rmSync(dir, { recursive: true, force: true });
      };
    }
    await seed(db);
    await computeDays(db, { id: 'KPI1', timeZone: 'Asia/Shanghai' }, MON, TUE);
    await computeDays(db, { id: 'KPI2', timeZone: 'Asia/Shanghai' }, MON, TUE);
  }, 180_000);
  afterAll(() => close());

  const stored = async (hallId: string, date: string) =>
    (
      await db
        .select()
        .from(kpiDaily)
        .where(and(eq(kpiDaily.hallId, hallId), eq(kpiDaily.date, date)))
    )
      .map((r) => ({ subjectKind: r.subjectKind, subjectId: r.subjectId, facts: r.facts }))
      .sort((a, b) => `${a.subjectKind}:${a.subjectId}`.localeCompare(`${b.subjectKind}:${b.subjectId}`));

  it('measures each clerk’s tickets, waits, ratings, transfers, sessions and pauses as worked by hand', async () => {
    const tue = await stored('KPI1', TUE);
    expect(factsOf(tue, 'clerk', 'emp-a')).toMatchObject({
      served: 4,
      handle_seconds: 1440,
      expected_handle_seconds: 1200,
      called: 6,
      no_shows: 1,
      waited: 6,
      wait_seconds: 24 * 60,
      within_target: 5,
      ratings: 3,
      rating_sum: 11,
      ratings_low: 1,
      transfers_out: 1,
      session_minutes: 480,
      pause_meal_minutes: 30,
    });
    expect(factsOf(tue, 'clerk', 'emp-b')).toMatchObject({
      served: 3,
      handle_seconds: 3240,
      expected_handle_seconds: 2700,
      called: 3,
      waited: 3,
      wait_seconds: (14 + 16 + 8) * 60,
      within_target: 2,
      ratings: 2,
      rating_sum: 10,
      ratings_low: 0,
      session_minutes: 230,
      pause_break_minutes: 15,
    });
    // The back-office pause at C2 is the clerk who was signed in there then, not 李强 who had left.
    expect(factsOf(tue, 'clerk', 'emp-b')?.pause_backoffice_minutes).toBeUndefined();
    expect(factsOf(tue, 'clerk', 'staff:E03')).toMatchObject({ session_minutes: 120, pause_backoffice_minutes: 10 });
    expect(factsOf(tue, 'counter', 'C2')).toMatchObject({
      served: 3,
      session_minutes: 350,
      pause_break_minutes: 15,
      pause_backoffice_minutes: 10,
    });
    // The hall: its clerks' tickets plus 赵敏's number typed by someone else, and the ticket given up
    // after its target counts as waited and missed.
    expect(factsOf(tue, 'hall', 'KPI1')).toMatchObject({
      served: 8,
      handle_seconds: 1440 + 3240 + 300,
      expected_handle_seconds: 1200 + 2700 + 300,
      waited: 6 + 3 + 1 + 1,
      within_target: 5 + 2 + 1,
      wait_seconds: (24 + 38 + 20 + 1) * 60,
      ratings: 5,
      rating_sum: 21,
      session_minutes: 830,
    });
  });

  it('compares handling time within the service mix: equal relative speed gives an equal ratio', async () => {
    const tue = await stored('KPI1', TUE);
    const a = factsOf(tue, 'clerk', 'emp-a') as {
      handle_seconds: number;
      served: number;
      expected_handle_seconds: number;
    };
    const b = factsOf(tue, 'clerk', 'emp-b') as {
      handle_seconds: number;
      served: number;
      expected_handle_seconds: number;
    };
    expect(a.handle_seconds / a.served).toBe(360);
    expect(b.handle_seconds / b.served).toBe(1080);
    expect(a.handle_seconds / a.expected_handle_seconds).toBeCloseTo(1.2, 10);
    expect(b.handle_seconds / b.expected_handle_seconds).toBeCloseTo(1.2, 10);
    // Monday had no history before it: the config's expected minutes are the reference (5 and 20).
    const mon = factsOf(await stored('KPI1', MON), 'clerk', 'staff:E09');
    expect(mon).toMatchObject({ served: 6, handle_seconds: 4500, expected_handle_seconds: 4500 });
  });

  it('takes the planned and adherent minutes from the published roster against the sessions', async () => {
    const tue = await stored('KPI1', TUE);
    expect(factsOf(tue, 'clerk', 'emp-a')).toMatchObject({
      planned_minutes: 480,
      adherent_minutes: 450,
      planned_days: 1,
      late_days: 0,
      absent_days: 0,
    });
    expect(factsOf(tue, 'clerk', 'emp-b')).toMatchObject({
      planned_minutes: 240,
      adherent_minutes: 215,
      planned_days: 1,
      late_days: 1,
    });
    expect(factsOf(tue, 'hall', 'KPI1')).toMatchObject({ planned_minutes: 720, adherent_minutes: 665, late_days: 1 });
  });

  it('names a clerk by the hall they were in that day, across a move', async () => {
    expect(factsOf(await stored('KPI1', MON), 'clerk', 'emp-m')).toMatchObject({ served: 1 });
    expect(factsOf(await stored('KPI2', TUE), 'clerk', 'emp-m')).toMatchObject({ served: 1, handle_seconds: 420 });
    // On Tuesday 赵敏 worked in KPI2: her number typed in KPI1 is nobody known there.
    const tue1 = await stored('KPI1', TUE);
    expect(factsOf(tue1, 'clerk', 'emp-m')).toBeUndefined();
    expect(factsOf(tue1, 'clerk', 'staff:M1')).toMatchObject({ served: 1 });
    // Over both halls (a region's league, a cycle) she is one clerk with both days, not one per hall.
    const both = await kpiValuesFor(db, { hallIds: ['KPI1', 'KPI2'], from: MON, to: TUE, subjectKind: 'clerk' });
    const hers = both.filter((c) => c.subjectId === 'emp-m');
    expect(hers).toHaveLength(1);
    expect(hers[0]).toMatchObject({ days: 2, facts: { served: 2 } });
    // The stranger typing M1 in KPI1 on Tuesday stays a subject of that hall alone.
    expect(both.filter((c) => c.subjectId === 'staff:M1')).toHaveLength(1);
  });

  it('gives the hand-worked values of the default KPIs over the stored days', async () => {
    const clerks = await kpiValuesFor(db, { hallIds: ['KPI1'], from: TUE, to: TUE, subjectKind: 'clerk' });
    const value = (id: string, key: string) =>
      clerks.find((c) => c.subjectId === id)?.values.find((v) => v.key === key)?.value;
    expect(value('emp-a', 'productivity')).toBe(0.5); // 4 served in 8 hours at a counter
    expect(value('emp-b', 'productivity')).toBeCloseTo(3 / (230 / 60), 4);
    expect(value('emp-a', 'handle-mix')).toBe(120);
    expect(value('emp-b', 'handle-mix')).toBe(120);
    expect(value('emp-a', 'service-level')).toBeCloseTo((5 / 6) * 100, 3);
    // Shrunk towards the hall's mean 21 / 5 = 4.2 as if 10 ratings at it had been seen.
    expect(value('emp-a', 'rating')).toBeCloseTo((11 + 42) / 13, 4);
    expect(value('emp-b', 'rating')).toBeCloseTo((10 + 42) / 12, 4);
    // Its 95 % band: the hall's scores 5, 4, 2, 5, 5 spread σ² = 95 / 5 − 4.2² = 1.36, over 3 + 10 ratings.
    const half = 1.96 * Math.sqrt(1.36 / 13);
    const band = clerks.find((c) => c.subjectId === 'emp-a')?.values.find((v) => v.key === 'rating')?.confidence;
    expect(band?.low).toBeCloseTo((11 + 42) / 13 - half, 3);
    expect(band?.high).toBeCloseTo((11 + 42) / 13 + half, 3);
    expect(clerks.find((c) => c.subjectId === 'emp-a')?.values.find((v) => v.key === 'served')?.confidence).toBeNull();
    expect(value('emp-a', 'adherence')).toBe(93.75);
    expect(value('emp-b', 'adherence')).toBeCloseTo((215 / 240) * 100, 3);
  });

  it('recomputes a day in place: the same rows again, and what is gone is gone', async () => {
    const before = await stored('KPI1', TUE);
    await computeDays(db, { id: 'KPI1', timeZone: 'Asia/Shanghai' }, TUE, TUE);
    const after = await stored('KPI1', TUE);
    expect(after).toHaveLength(before.length);
    expect(new Map(after.map((r) => [`${r.subjectKind}:${r.subjectId}`, r.facts]))).toEqual(
      new Map(before.map((r) => [`${r.subjectKind}:${r.subjectId}`, r.facts])),
    );
  });

  it('counts today so far without storing it', async () => {
    const rows = await todaySoFar(db, 'KPI1', new Date(at(TUE, '20:00')));
    expect(factsOf(rows, 'clerk', 'emp-a')).toMatchObject({ served: 4 });
  });

  it.runIf(engine === 'PostgreSQL')(
    'recomputes a range for a hall manager as a background job, within 92 days, and shows it in the status',
    async () => {
      const now = at(TUE, '20:00');
      const jobs = new Jobs({ db, log: pino({ level: 'silent' }), clock: () => now, random: () => 0.5 });
      const manager: SessionUser = {
        id: 'u-m',
        username: 'm',
        name: 'Manager',
        orgUnitId: 'hall-KPI1',
        staffId: null,
        grants: [{ role: 'hall_manager', orgUnitId: 'hall-KPI1' }],
        csrfToken: '',
      };
      const api = createCallerFactory(appRouter)({
        db,
        authorization: null,
        cookies: {},
        csrfHeader: null,
        hubTokens: new SecretGate(),
        logins: new LoginGuard(),
        source: null,
        user: manager,
        jobs,
      }).kpiFacts;
      try {
        definePerformanceJobs(jobs);
        await db.delete(kpiDaily).where(eq(kpiDaily.hallId, 'KPI1'));
        const { jobs: queued } = await api.recompute({ hallId: 'KPI1', from: MON, to: TUE });
        expect(queued).toEqual([{ hallId: 'KPI1', jobId: expect.any(Number) }]);
        for (let k = 0; k < 3; k++) {
          await jobs.runner.tick();
          await jobs.runner.drain();
        }
        const status = await api.status({});
        // Only the manager's own hall, with its last day, its subjects and the finished job.
        expect(status).toEqual([
          expect.objectContaining({
            hallId: 'KPI1',
            name: '福田营业厅',
            lastDate: TUE,
            days: 2,
            job: expect.objectContaining({ id: queued[0]?.jobId, state: 'done' }),
          }),
        ]);
        expect(status[0]?.subjects).toBe((await stored('KPI1', TUE)).length);
        const code = (e: unknown) => ((e as TRPCError).cause as AppError).detail?.code;
        await expect(api.recompute({ hallId: 'KPI1', from: '2026-08-01', to: TUE }).catch(code)).resolves.toBe(
          'kpi-range',
        );
        // A day not yet over anywhere (the router reads the real clock).
        const future = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
        await expect(api.recompute({ hallId: 'KPI1', from: future, to: future }).catch(code)).resolves.toBe(
          'kpi-range',
        );
        await expect(api.recompute({ hallId: 'KPI2', from: MON, to: TUE })).rejects.toThrow(
          /needs edit on performance/,
        );
        expect((await api.today({ hallId: 'KPI1' })).subjects).toEqual(expect.any(Array));
      } finally {
        await jobs.stop(100);
      }
    },
  );

  it.runIf(engine === 'PostgreSQL')('runs the nightly job after the hall closes, idempotently', async () => {
    // Wednesday 18:20 in the hall: the schedule (close 18:00 + 15 minutes) has fired for Wednesday.
    let now = at('2026-11-25', '18:10');
    const jobs = new Jobs({ db, log: pino({ level: 'silent' }), clock: () => now, random: () => 0.5 });
    try {
      definePerformanceJobs(jobs);
      await scheduleDailyKpis(jobs, db);
      const schedule = await jobsRepository.schedule(db, 'kpi-daily:KPI1');
      expect(schedule?.nextRunAt?.getTime()).toBe(at('2026-11-25', '18:15'));
      await db.delete(kpiDaily).where(eq(kpiDaily.hallId, 'KPI1'));
      now = at('2026-11-25', '18:20');
      const run = async () => {
        for (let k = 0; k < 3; k++) {
          await jobs.runner.tick();
          await jobs.runner.drain();
        }
      };
      await run();
      // Wednesday and the day before (events a hub sends late): Tuesday is back. So is Monday: its
      // events reached the cloud on Tuesday evening, after Monday's own run — the push marked it.
      expect(factsOf(await stored('KPI1', TUE), 'clerk', 'emp-a')).toMatchObject({ served: 4, handle_seconds: 1440 });
      expect(factsOf(await stored('KPI1', MON), 'hall', 'KPI1')).toMatchObject({ served: 7 });
      const first = await stored('KPI1', TUE);
      // The same day again by hand: the same rows; Monday's mark was cleared, so Monday is left alone.
      await db.delete(kpiDaily).where(and(eq(kpiDaily.hallId, 'KPI1'), eq(kpiDaily.date, MON)));
      await jobs.enqueue(DAILY_JOB, { date: '2026-11-25' }, { hallId: 'KPI1' });
      await run();
      expect(await stored('KPI1', TUE)).toEqual(first);
      expect(await stored('KPI1', MON)).toEqual([]);
    } finally {
      await jobs.stop(100);
    }
  });
  it.runIf(engine === 'PostgreSQL')(
    'brings late data into the days it belongs to at the next nightly run: a hub back after two days, an award for last week',
    async () => {
      const THU = '2026-11-26';
      const now = at(THU, '18:20');
      const jobs = new Jobs({ db, log: pino({ level: 'silent' }), clock: () => now, random: () => 0.5 });
      try {
        definePerformanceJobs(jobs);
        const run = async () => {
          await jobs.enqueue(DAILY_JOB, { date: THU }, { hallId: 'KPI1' });
          for (let k = 0; k < 3; k++) {
            await jobs.runner.tick();
            await jobs.runner.drain();
          }
        };
        await run(); // whatever was marked so far is computed and cleared
        const before = factsOf(await stored('KPI1', TUE), 'clerk', 'emp-a');
        expect(before).toMatchObject({ served: 4 });
        expect(factsOf(await stored('KPI1', MON), 'clerk', 'emp-b')?.awards).toBeUndefined();
        // The hub of KPI1 was offline since Tuesday: on Thursday it sends one more of Tuesday's tickets
        // (王芳, 17:00) — after Tuesday's and Wednesday's nightly runs.
        // Also one the hub never reported started (served, no handling time), and a counter she signed in
        // to at 17:30 and never closed.
        const late = [
          ...ticket('A7', 'billing', TUE, '16:40', '16:41', 6, 'C1', 'E01', 5),
          issued('A8', 'billing', at(TUE, '16:50')),
          called('A8', at(TUE, '16:51'), 'C1', 'E01'),
          ev('ticket.finished', at(TUE, '16:57'), {
            ticketNo: 'A8',
            counterId: 'C1',
            staffId: 'E01',
            txCount: 1,
            txTypes: [],
          }),
          opened('C3', 'E01', at(TUE, '17:30')),
        ];
        const [hub] = await rowsOf<{ n: number }>(
          db,
          sql`SELECT (acked_through - seq_base)::int AS n FROM hubs WHERE id = 'hub-kpi1'`,
        );
        const pushed = await push(
          db,
          'hub-kpi1',
          { batch: toRows(late, (hub?.n ?? 0) + 1, true) },
          new Date(at(THU, '17:00')),
        );
        expect(pushed.refused).toEqual([]);
        // A manager records an award for 李强 on Monday.
        await addEntry(
          db,
          'u-m',
          { employeeId: 'emp-b', date: MON, kind: 'award', category: 'service', description: '客户表扬', points: 2 },
          new Date(at(THU, '17:30')),
        );
        // Nothing changes until the nightly run…
        expect(factsOf(await stored('KPI1', TUE), 'clerk', 'emp-a')).toEqual(before);
        await run();
        // …which recomputes Tuesday and Monday as well as Thursday and Wednesday.
        // A8 is served but not timed: it adds nothing to the handling time nor to the time it is compared
        // with (5 timed billing tickets × 300 s), so her handle-mix stays 1800 / 1500 = 120 %.
        expect(factsOf(await stored('KPI1', TUE), 'clerk', 'emp-a')).toMatchObject({
          served: 6,
          ratings: 4,
          handle_seconds: 1800,
          expected_handle_seconds: 1500,
          // 480 at C1, and C3 from 17:30 to the end of that day — not on into Wednesday.
          session_minutes: 870,
        });
        expect(factsOf(await stored('KPI1', '2026-11-25'), 'clerk', 'emp-a')?.session_minutes).toBeUndefined();
        expect(factsOf(await stored('KPI1', MON), 'clerk', 'emp-b')).toMatchObject({ awards: 1 });
        expect(await db.select().from(kpiDirtyDays).where(eq(kpiDirtyDays.hallId, 'KPI1'))).toEqual([]);
      } finally {
        await jobs.stop(100);
      }
    },
  );
  it.runIf(engine === 'PostgreSQL')('refuses a manager an award in their own record', async () => {
    await db.update(employees).set({ userId: 'u-self' }).where(eq(employees.id, 'emp-a'));
    try {
      const entry = {
        employeeId: 'emp-a',
        date: TUE,
        kind: 'award',
        category: 'service',
        description: '表扬',
        points: 1,
      };
      await expect(addEntry(db, 'u-self', entry as never)).rejects.toMatchObject({
        code: 'FORBIDDEN',
        detail: { code: 'decision-own-record' },
      });
      await expect(addEntry(db, 'u-other', entry as never)).resolves.toMatchObject({ id: expect.any(Number) });
    } finally {
      await db.update(employees).set({ userId: null }).where(eq(employees.id, 'emp-a'));
    }
  });
});
