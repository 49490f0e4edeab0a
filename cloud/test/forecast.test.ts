/**
 * The hall forecast against a real PostgreSQL: the `scheduling.forecast` job on a hall whose tickets
 * follow a known weekly pattern forecasts that pattern within a stated error, stores its accuracy equal
 * to the engine's `backtest()` on the same days (the function bench:forecast scores with), answers a
 * hall with too little history with a coded error, and every hall has its nightly schedule.
 */
import { backtest, DEFAULT_FORECAST_MODEL, type DayCounts } from '@hall/cloud/workforce';
import { SecretGate } from '@hall/devices/secrets';
import { TRPCError } from '@trpc/server';
import { and, eq, gte } from 'drizzle-orm';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appRouter } from '../src/app.router.ts';
import { ensureHallUnit, type SessionUser } from '../src/modules/access/access.service.ts';
import { LoginGuard } from '../src/modules/access/login-guard.ts';
import { putHallConfig, registerHall } from '../src/modules/halls/halls.service.ts';
import { tickets } from '../src/modules/ingest/ingest.table.ts';
import { jobsRepository } from '../src/modules/jobs/jobs.repository.ts';
import { Jobs } from '../src/modules/jobs/jobs.service.ts';
import { AppError } from '../src/errors.ts';
import { defineForecastJobs, FORECAST_JOB, scheduleForecasts } from '../src/modules/scheduling/forecast.jobs.ts';
import { BACKTEST_DAYS } from '../src/modules/scheduling/forecast.maths.ts';
import { forecastWeek, historyFor, reportForecast } from '../src/modules/scheduling/forecast.service.ts';
import { getSettings, putSettings } from '../src/modules/scheduling/settings.service.ts';
import { createCallerFactory, type CloudContext } from '../src/trpc.ts';
import { openDatabase, type Db } from '../src/db/client.ts';
import { testDatabase } from './support/db.ts';

let db: Awaited<ReturnType<typeof testDatabase>>;
const manager: SessionUser = {
  id: 'u-m',
  username: 'm',
  name: 'Manager',
  orgUnitId: 'hall-F1',
  staffId: null,
  grants: [
    { role: 'hall_manager', orgUnitId: 'hall-F1' },
    { role: 'hall_manager', orgUnitId: 'hall-F2' },
  ],
  csrfToken: '',
};

/** Monday 2026-11-30, 20:00 in Shanghai: the day is over, so the history ends today. */
const NOW = Date.parse('2026-11-30T12:00:00Z');
const TODAY = '2026-11-30';
const HISTORY_DAYS = 42;
/** Open Monday–Saturday 09:00–17:00 (16 half hours); Sunday closed. */
const HOURS = { open: '09:00', close: '17:00' };
const OPENING = { mon: HOURS, tue: HOURS, wed: HOURS, thu: HOURS, fri: HOURS, sat: HOURS, sun: null };
const INTERVALS = 16;
/** The known pattern: a day level per weekday (Mon…Sat) and a double-peaked intraday shape. */
const LEVEL: Record<number, number> = { 1: 1.3, 2: 1, 3: 1, 4: 1, 5: 1.2, 6: 1.6 };
const SHAPE = Array.from(
  { length: INTERVALS },
  (_, i) => 6 + 5 * Math.exp(-((i - 3) ** 2) / 4) + 4 * Math.exp(-((i - 11) ** 2) / 5),
);
const SERVICES = { billing: 1, sim: 0.5 } as const;
const rate = (date: string, serviceId: keyof typeof SERVICES, i: number) =>
  (LEVEL[new Date(`${date}T00:00:00Z`).getUTCDay()] ?? 0) * (SHAPE[i] as number) * SERVICES[serviceId];

const shift = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** A seeded Poisson draw (Knuth), so the history is the same on every run. */
function poissonSource(seed: number) {
  let s = seed >>> 0;
  const uniform = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return (lambda: number) => {
    const limit = Math.exp(-lambda);
    let k = 0;
    let p = uniform();
    while (p > limit) {
      k += 1;
      p *= uniform();
    }
    return k;
  };
}

/** Tickets of `days` days before today (open days only), as the ingest projection stores them; the counts. */
async function seedTickets(hallId: string, days: number, seed: number, on: Db = db.db) {
  const draw = poissonSource(seed);
  const series: Record<string, DayCounts[]> = { billing: [], sim: [] };
  const rows: Array<typeof tickets.$inferInsert> = [];
  let seq = 0;
  for (let d = days; d >= 1; d--) {
    const date = shift(TODAY, -d + 1);
    if (new Date(`${date}T00:00:00Z`).getUTCDay() === 0) continue;
    for (const serviceId of Object.keys(SERVICES) as Array<keyof typeof SERVICES>) {
      const counts = SHAPE.map((_, i) => draw(rate(date, serviceId, i)));
      series[serviceId]?.push({ date, counts });
      counts.forEach((n, i) => {
        for (let k = 0; k < n; k++) {
          // Spread inside the half hour; Shanghai is UTC+8.
          const at = new Date(Date.parse(`${date}T09:00:00+08:00`) + (i * 30 + (k * 29) / Math.max(1, n)) * 60_000);
          seq += 1;
          rows.push({
            hubId: `hub-${hallId}`,
            issueSeq: seq,
            hallId,
            ticketNo: `A${seq}`,
            serviceId,
            channel: 'kiosk',
            issuedAt: at,
            arrivalAt: at,
            startedAt: new Date(at.getTime() + 120_000),
            endedAt: new Date(at.getTime() + 420_000),
            outcome: 'done',
          });
        }
      });
    }
  }
  for (let i = 0; i < rows.length; i += 1000) await on.insert(tickets).values(rows.slice(i, i + 1000));
  return series;
}

async function hall(id: string, name: string, on: Db = db.db) {
  await registerHall(on, { id, name, timeZone: 'Asia/Shanghai' });
  await ensureHallUnit(on, { hallId: id, name });
  await putHallConfig(
    on,
    id,
    {
      hall: { capacity: 80, openingHours: OPENING },
      services: [
        { id: 'billing', name: '话费业务', prefix: 'A' },
        { id: 'sim', name: '办卡', prefix: 'S' },
      ],
      counters: [{ id: 'C01', name: '1号窗口', services: { billing: 1, sim: 1 } }],
    },
    null,
  );
}

const caller = (user: SessionUser, jobs?: Jobs) =>
  createCallerFactory(appRouter)({
    db: db.db,
    authorization: null,
    cookies: {},
    csrfHeader: null,
    hubTokens: new SecretGate(),
    logins: new LoginGuard(),
    source: null,
    user,
    ...(jobs ? { jobs } : {}),
  } satisfies CloudContext);

let history: Record<string, DayCounts[]>;
let jobs: Jobs;
beforeAll(async () => {
  db = await testDatabase();
  await hall('F1', '城东营业厅');
  await hall('F2', '新开营业厅');
  history = await seedTickets('F1', HISTORY_DAYS, 17);
  await seedTickets('F2', 10, 5);
  jobs = new Jobs({ db: db.db, log: pino({ level: 'silent' }), clock: () => NOW, random: () => 0.5 });
  defineForecastJobs(jobs);
});
afterAll(async () => {
  await jobs?.stop(100);
  await db?.drop();
});

const drain = async () => {
  for (let k = 0; k < 3; k++) {
    await jobs.runner.tick();
    await jobs.runner.drain();
  }
};

describe('hall forecast', () => {
  it('forecasts a known weekly pattern from the hall’s own tickets and stores the backtest’s accuracy', async () => {
    const api = caller(manager, jobs);
    const { jobId, created } = await api.forecast.run({ hallId: 'F1' });
    expect(created).toBe(true);
    // A second ask while it waits answers the same job.
    expect((await api.forecast.run({ hallId: 'F1' })).jobId).toBe(jobId);
    await drain();
    const status = await api.forecast.status({ hallId: 'F1' });
    expect(status.job).toMatchObject({ id: jobId, state: 'done', progress: 1 });
    const f = status.forecast;
    expect(f).toMatchObject({
      version: 1,
      model: DEFAULT_FORECAST_MODEL,
      intervalMinutes: 30,
      dayStartMinutes: 9 * 60,
      intervals: INTERVALS,
      fromDate: shift(TODAY, 1),
      days: 28,
      historyTo: TODAY,
    });

    // Within 12% (WAPE) of the true rates over the next week: Poisson noise in 6 weeks of history is
    // what is left (a forecast of the noisy counts themselves could not beat ~25% here).
    const week = await api.forecast.week({ hallId: 'F1', from: shift(TODAY, 1) });
    let err = 0;
    let sum = 0;
    for (const d of week.days) {
      if (!d.open) {
        expect(d.mean).toBeNull();
        continue;
      }
      expect(d.kind).toBe('forecast');
      d.mean?.forEach((m, i) => {
        const truth = rate(d.date, 'billing', i) + rate(d.date, 'sim', i);
        err += Math.abs(m - truth);
        sum += truth;
        expect(d.p90?.[i]).toBeGreaterThan(m);
      });
    }
    expect(err / sum).toBeLessThan(0.12);

    // The stored accuracy is the engine's backtest on the same days (per service, and pooled).
    const from = shift(TODAY, -(BACKTEST_DAYS - 1));
    const perService = Object.fromEntries(
      Object.entries(history).map(([id, days]) => [id, backtest(days, DEFAULT_FORECAST_MODEL, from)]),
    );
    const acc = f?.accuracy;
    for (const s of acc?.services ?? []) expect(s.wape).toBeCloseTo(perService[s.serviceId]?.wape as number, 10);
    let e = 0;
    let a = 0;
    for (const b of Object.values(perService))
      for (const d of b.days)
        d.actual.forEach((x, i) => {
          e += Math.abs(x - (d.arrivals[i] as number));
          a += x;
        });
    expect(acc?.wape).toBeCloseTo(e / a, 10);
    expect(acc?.days).toBe(perService.billing?.days.length);
    expect(acc?.weeks.length).toBeGreaterThanOrEqual(4);
    expect(acc?.p90Coverage).toBeGreaterThan(0.8);

    // The requirement of the week ahead is the forecast through Erlang A: clerks while open, none on Sunday.
    const req = await api.forecast.requirement({ hallId: 'F1', from: shift(TODAY, 1) });
    expect(req.forecast?.version).toBe(1);
    for (const d of req.days) {
      if (!d.open) expect(d.total.every((n) => n === 0)).toBe(true);
      else {
        expect(Math.max(...d.total)).toBeGreaterThanOrEqual(2);
        d.total.forEach((n, i) => expect(req.services.reduce((a, _, k) => a + (d.required[k]?.[i] ?? 0), 0)).toBe(n));
      }
    }
    // Saturday (1.6× a Tuesday) needs more clerk-hours than Tuesday.
    const hours = (date: string) => req.days.find((d) => d.date === date)?.total.reduce((a, b) => a + b, 0) ?? 0;
    expect(hours('2026-12-05')).toBeGreaterThan(hours('2026-12-01'));

    // The daily report's forecast per hour: the day's forecast summed by hour (09:00–16:59 here).
    const perHour = await reportForecast(db.db, { hallId: 'F1', date: '2026-12-05' });
    const saturday = week.days.find((d) => d.date === '2026-12-05');
    expect(perHour?.arrivalsByHour.slice(0, 9).every((x) => x === 0)).toBe(true);
    expect(perHour?.arrivalsByHour[9]).toBeCloseTo((saturday?.mean?.[0] ?? 0) + (saturday?.mean?.[1] ?? 0), 0);
    expect(perHour?.arrivalsByHour.reduce((a, b) => a + b, 0)).toBeCloseTo(
      saturday?.mean?.reduce((a, b) => a + b, 0) ?? 0,
      0,
    );

    // A past week: the backtest's one-day-ahead forecasts against the actual arrivals (all, per service).
    const past = await api.forecast.week({ hallId: 'F1', from: '2026-11-23', serviceId: 'sim' });
    const monday = past.days[0];
    expect(monday).toMatchObject({ kind: 'backtest', complete: true });
    expect(monday?.actual).toEqual(history.sim?.find((d) => d.date === '2026-11-23')?.counts);
    const stored = perService.sim?.days.find((d) => d.date === '2026-11-23');
    monday?.mean?.forEach((m, i) => expect(m).toBeCloseTo(stored?.arrivals[i] as number, 2));
  });

  it('forecasts an open day that has no tickets yet instead of learning it as a day without customers', async () => {
    // 20:00 in the hall: today is over. With today's tickets it is history and the forecast starts
    // tomorrow; a hall whose today has none (its hub was cut off, a day only now being played) gets
    // today forecast, so a roster for today has a requirement.
    expect((await historyFor(db.db, { hallId: 'F1', now: new Date(NOW) })).fromDate).toBe(shift(TODAY, 1));
    await hall('F4', '今日无票厅');
    await seedTickets('F4', 21, 4);
    await db.db
      .delete(tickets)
      .where(and(eq(tickets.hallId, 'F4'), gte(tickets.issuedAt, new Date(`${TODAY}T00:00:00+08:00`))));
    const h = await historyFor(db.db, { hallId: 'F4', now: new Date(NOW) });
    expect([h.historyTo, h.fromDate, h.input.dates[0]]).toEqual([TODAY, TODAY, TODAY]);
  });

  it('answers a hall with too little history with a coded error, and its job fails with the same code', async () => {
    const err = await caller(manager, jobs)
      .forecast.run({ hallId: 'F2' })
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(err, String(err)).toBeInstanceOf(TRPCError);
    const cause = (err as TRPCError).cause as AppError;
    expect(cause.detail).toEqual({ code: 'forecast-too-little-history', params: { days: 8, needed: 14 } });
    const job = await jobs.enqueue(FORECAST_JOB, {}, { hallId: 'F2' });
    await drain();
    expect(await jobsRepository.get(db.db, job.id)).toMatchObject({
      state: 'dead',
      errorCode: 'forecast-too-little-history',
    });
    expect((await forecastWeek(db.db, { hallId: 'F2', from: TODAY, now: new Date(NOW) })).forecast).toBeNull();
  });

  it('cancels a waiting run at the manager’s word; the stored forecast stays in force', async () => {
    const api = caller(manager, jobs);
    const { jobId } = await api.forecast.run({ hallId: 'F1' });
    expect(await api.forecast.cancel({ hallId: 'F1' })).toMatchObject({ jobId, state: 'cancelled' });
    const status = await api.forecast.status({ hallId: 'F1' });
    expect(status.job).toMatchObject({ id: jobId, state: 'cancelled' });
    expect(status.forecast?.version).toBe(1);
    const again = await api.forecast.cancel({ hallId: 'F1' }).then(
      () => null,
      (e: unknown) => ((e as TRPCError).cause as AppError).detail?.code,
    );
    expect(again).toBe('job-not-cancellable');
  });

  it('schedules every hall’s forecast 45 minutes after it closes', async () => {
    await scheduleForecasts(jobs, db.db);
    // Monday 17:00 closing + 45 min in Shanghai, next run after NOW (Monday 20:00): Tuesday 17:45.
    for (const id of ['F1', 'F2'])
      expect((await jobsRepository.schedule(db.db, `forecast:${id}`))?.nextRunAt?.toISOString()).toBe(
        '2026-12-01T09:45:00.000Z',
      );
  });

  it('validates the planning settings naming each wrong field, saves versions and lists them', async () => {
    const api = caller(manager, jobs);
    const before = await api.schedulingSettings.get({ hallId: 'F1' });
    expect(before).toMatchObject({ version: 0, stored: false });
    expect(before.settings).toMatchObject({ dayStart: '09:00', dayEnd: '17:00', intervalMinutes: 30 });
    // The measured handle time is the hall's own served tickets (5 minutes from call to end here).
    expect(before.services.map((s) => s.id)).toEqual(['billing', 'sim']);
    const bad = await api.schedulingSettings
      .put({
        hallId: 'F1',
        baseVersion: 0,
        settings: { ...before.settings, occupancyCap: 2, dayEnd: '08:00', services: { nope: {} } },
      })
      .then(
        () => null,
        (e: unknown) => (e as TRPCError).cause as AppError,
      );
    expect(bad?.detail?.code).toBe('scheduling-settings-invalid');
    expect(bad?.fields).toEqual(expect.arrayContaining(['settings.occupancyCap', 'settings.dayEnd']));
    const unknownService = await api.schedulingSettings
      .put({ hallId: 'F1', baseVersion: 0, settings: { ...before.settings, services: { nope: {} } } })
      .then(
        () => null,
        (e: unknown) => (e as TRPCError).cause as AppError,
      );
    expect(unknownService?.fields).toEqual(['settings.services.nope']);
    const saved = await api.schedulingSettings.put({
      hallId: 'F1',
      baseVersion: 0,
      settings: { ...before.settings, shrinkage: 0.2, services: { sim: { patienceMinutes: 12 } } },
    });
    expect(saved.version).toBe(1);
    const after = await api.schedulingSettings.get({ hallId: 'F1' });
    expect(after).toMatchObject({ version: 1, stored: true, settings: { shrinkage: 0.2 } });
    // A save based on the old version is refused: someone saved meanwhile.
    await expect(
      api.schedulingSettings.put({ hallId: 'F1', baseVersion: 0, settings: before.settings }),
    ).rejects.toThrow(/saved meanwhile/);
    expect((await api.schedulingSettings.history({ hallId: 'F1' })).map((h) => [h.version, h.savedBy])).toEqual([
      [1, null],
    ]);
  });
});

describe('on PGlite, the embedded default', () => {
  it('forecasts, stores and saves settings the same way', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hall-forecast-pglite-'));
    const embedded = await openDatabase({ dataDir: dir });
    const local = new Jobs({ db: embedded.db, log: pino({ level: 'silent' }), clock: () => NOW, random: () => 0.5 });
    try {
      expect(embedded.kind).toBe('pglite');
      await hall('P1', '嵌入式营业厅', embedded.db);
      await seedTickets('P1', 21, 3, embedded.db);
      defineForecastJobs(local);
      const job = await local.enqueue(FORECAST_JOB, {}, { hallId: 'P1' });
      for (let k = 0; k < 3; k++) {
        await local.runner.tick();
        await local.runner.drain();
      }
      expect(await jobsRepository.get(embedded.db, job.id)).toMatchObject({ state: 'done' });
      const week = await forecastWeek(embedded.db, { hallId: 'P1', from: shift(TODAY, 1), now: new Date(NOW) });
      expect(week.forecast).toMatchObject({ version: 1, historyTo: TODAY });
      expect(week.days.filter((d) => d.kind === 'forecast')).toHaveLength(6);
      const settings = await getSettings(embedded.db, 'P1');
      expect(
        await putSettings(embedded.db, manager, { hallId: 'P1', baseVersion: 0, settings: settings.settings }),
      ).toMatchObject({ version: 1 });
    } finally {
      await local.stop(100);
      await embedded.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
