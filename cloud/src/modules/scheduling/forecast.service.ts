/**
 * Forecasts from a hall's own tickets: the history as the engine wants it (open days, one series per
 * service, the planning grid's intervals), the stored result of a run, and what the forecast page reads
 * (a week of forecast against actual arrivals, the accuracy, the newest run's progress).
 *
 * A forecast stores, besides the days ahead, the backtest's one-day-ahead forecasts of the scored
 * history days (dates before `fromDate`): the page draws those against the actual arrivals, so the
 * chart of a past week and the WAPE in the accuracy table are the same numbers.
 */
import type { DayCounts } from '@hall/cloud/workforce';
import type { Db } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import { shiftDate } from '../analytics/analytics.service.ts';
import { jobView } from '../jobs/jobs.service.ts';
import {
  BACKTEST_DAYS,
  MAX_HISTORY_DAYS,
  MIN_HISTORY_DAYS,
  type ForecastInput,
  type ForecastOutput,
} from './forecast.maths.ts';
import { forecastRepository as repo } from './forecast.repository.ts';
import { requirementFor } from './requirement.ts';
import { forecastGrid, openOn, type ForecastGrid } from './forecast.grid.ts';

export const FORECAST_JOB = 'scheduling.forecast';

/** A date and minute of the day in a zone. */
export function localClock(at: Date, timeZone: string): { date: string; minutes: number } {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '00';
  return {
    date: `${get('year')}-${get('month')}-${get('day')}`,
    minutes: Number(get('hour')) * 60 + Number(get('minute')),
  };
}

/** The last hall-local day whose planning day is over at `now` (today after closing, else yesterday). */
export function lastClosedDay(grid: ForecastGrid, now: Date): string {
  const c = localClock(now, grid.timeZone);
  return c.minutes >= grid.dayEndMinutes ? c.date : shiftDate(c.date, -1);
}

export interface HistoryFor {
  grid: ForecastGrid;
  input: ForecastInput;
  historyFrom: string | null;
  historyTo: string;
  /** The first day forecast (the day after `historyTo`, or that day itself when it had no tickets). */
  fromDate: string;
  /** Days with tickets (the open days the forecast learns from). */
  days: number;
}

/**
 * The hall's history up to `historyTo` as the engine's series: one per service of the hall (and any
 * service its tickets name that the config no longer lists), the days it was open and had tickets.
 */
export async function historyFor(db: Db, q: { hallId: string; now: Date }): Promise<HistoryFor> {
  const grid = await forecastGrid(db, q.hallId);
  const historyTo = lastClosedDay(grid, q.now);
  const from = shiftDate(historyTo, -(MAX_HISTORY_DAYS - 1));
  const counts = await repo.arrivals(db, {
    hallId: q.hallId,
    timeZone: grid.timeZone,
    from,
    to: historyTo,
    dayStartMinutes: grid.dayStartMinutes,
    intervalMinutes: grid.intervalMinutes,
    intervals: grid.intervals,
  });
  // A day without a single ticket was closed (a holiday) or the hub was cut off: not a day of zero demand.
  const dates = [...new Set(counts.map((c) => c.date))].sort();
  const serviceIds = [...new Set([...grid.services.map((s) => s.id), ...counts.map((c) => c.serviceId)])];
  const series = serviceIds.map((serviceId) => {
    const byDate = new Map<string, DayCounts>(
      dates.map((date) => [date, { date, counts: new Array<number>(grid.intervals).fill(0) }]),
    );
    for (const c of counts) if (c.serviceId === serviceId) (byDate.get(c.date) as DayCounts).counts[c.interval] = c.n;
    return { serviceId, days: [...byDate.values()] };
  });
  // The last closed day is history when it has tickets; an open day without any (the hub was cut off,
  // or a hall whose day is only now being played) is forecast instead, so its roster has a requirement.
  const fromDate = dates.includes(historyTo) || !openOn(grid, historyTo) ? shiftDate(historyTo, 1) : historyTo;
  const ahead: string[] = [];
  for (let k = 0; k < grid.horizonDays; k++) {
    const d = shiftDate(fromDate, k);
    if (openOn(grid, d)) ahead.push(d);
  }
  return {
    grid,
    input: {
      series,
      dates: dates.length ? ahead : [],
      backtestFrom: shiftDate(historyTo, -(BACKTEST_DAYS - 1)),
    },
    historyFrom: dates[0] ?? null,
    historyTo,
    fromDate,
    days: dates.length,
  };
}

/** The coded refusal of a hall whose history is too short to forecast from. */
export function tooLittleHistory(days: number) {
  return new AppError('UNPROCESSABLE_CONTENT', `forecast: ${days} days of history, at least ${MIN_HISTORY_DAYS}`, {
    detail: { code: 'forecast-too-little-history', params: { days, needed: MIN_HISTORY_DAYS } },
  });
}

/** Stores a computed forecast (once per job: a job run again answers the stored one). */
export async function storeForecast(db: Db, q: { history: HistoryFor; output: ForecastOutput; jobId: number | null }) {
  if (q.jobId !== null) {
    const done = await repo.byJob(db, q.jobId);
    if (done) return done;
  }
  const { grid } = q.history;
  const round = (x: number) => Math.round(x * 1000) / 1000;
  const rows = [...q.output.backtest, ...q.output.values].flatMap((r) =>
    r.mean.map((m, interval) => ({
      date: r.date,
      serviceId: r.serviceId,
      interval,
      mean: round(Math.max(0, m)),
      p90: round(Math.max(0, r.p90[interval] as number)),
    })),
  );
  return repo.insert(
    db,
    {
      hallId: grid.hallId,
      model: q.output.model,
      intervalMinutes: grid.intervalMinutes,
      dayStartMinutes: grid.dayStartMinutes,
      fromDate: q.history.fromDate,
      days: grid.horizonDays,
      historyFrom: q.history.historyFrom,
      historyTo: q.history.historyTo,
      accuracy: {
        ...q.output.accuracy,
        intervals: grid.intervals,
        historyDays: q.history.days,
      } as unknown as Record<string, unknown>,
      jobId: q.jobId,
    },
    rows,
  );
}

/** The newest forecast of a hall, its accuracy, and the newest forecast job (for "run now" progress). */
export async function forecastStatus(db: Db, hallId: string) {
  const [latest, job] = await Promise.all([
    repo.latest(db, hallId),
    repo.latestJob(db, { hallId, type: FORECAST_JOB }),
  ]);
  return {
    forecast: latest ? forecastMeta(latest) : null,
    job: job ? jobView(job) : null,
  };
}

function forecastMeta(f: NonNullable<Awaited<ReturnType<typeof repo.latest>>>) {
  const a = (f.accuracy ?? {}) as Record<string, unknown>;
  return {
    id: f.id,
    version: f.version,
    model: f.model,
    intervalMinutes: f.intervalMinutes,
    dayStartMinutes: f.dayStartMinutes,
    intervals: typeof a.intervals === 'number' ? a.intervals : 0,
    fromDate: f.fromDate,
    days: f.days,
    historyFrom: f.historyFrom,
    historyTo: f.historyTo,
    createdAt: f.createdAt.toISOString(),
    accuracy: f.accuracy as unknown as ForecastOutput['accuracy'] & { historyDays: number },
  };
}

/**
 * A week (7 days from `from`) of the newest forecast against the actual arrivals, per service or for all
 * services: mean, P90 and actual per day and interval. P90 of all services together: the services'
 * spreads added as variances (independent counts), not their P90s summed.
 */
export async function forecastWeek(db: Db, q: { hallId: string; from: string; serviceId?: string; now: Date }) {
  const grid = await forecastGrid(db, q.hallId);
  const to = shiftDate(q.from, 6);
  const latest = await repo.latest(db, q.hallId);
  const meta = latest ? forecastMeta(latest) : null;
  // The stored forecast's grid (the settings may have changed since it was made).
  const intervalMinutes = meta?.intervalMinutes ?? grid.intervalMinutes;
  const dayStartMinutes = meta?.dayStartMinutes ?? grid.dayStartMinutes;
  const intervals = meta?.intervals || grid.intervals;
  const lastDone = lastClosedDay(grid, q.now);
  const today = localClock(q.now, grid.timeZone).date;
  const [values, actual] = await Promise.all([
    latest ? repo.values(db, { forecastId: latest.id, from: q.from, to }) : Promise.resolve([]),
    q.from <= today
      ? repo.arrivals(db, {
          hallId: q.hallId,
          timeZone: grid.timeZone,
          from: q.from,
          to: to < today ? to : today,
          dayStartMinutes,
          intervalMinutes,
          intervals,
        })
      : Promise.resolve([]),
  ]);
  const want = (serviceId: string) => !q.serviceId || q.serviceId === serviceId;
  const days = Array.from({ length: 7 }, (_, k) => {
    const date = shiftDate(q.from, k);
    const mine = values.filter((v) => v.date === date && want(v.serviceId));
    const mean = new Array<number>(intervals).fill(0);
    const variance = new Array<number>(intervals).fill(0);
    for (const v of mine) {
      if (v.interval >= intervals) continue;
      mean[v.interval] = (mean[v.interval] as number) + v.mean;
      variance[v.interval] = (variance[v.interval] as number) + ((v.p90 - v.mean) / 1.2816) ** 2;
    }
    const seen = date <= today;
    const act = seen ? new Array<number>(intervals).fill(0) : null;
    if (act)
      for (const a of actual)
        if (a.date === date && want(a.serviceId)) act[a.interval] = (act[a.interval] as number) + a.n;
    return {
      date,
      open: openOn(grid, date),
      /** forecast: a day ahead of the forecast's origin; backtest: a past day forecast one day ahead. */
      kind:
        mine.length === 0 ? null : latest && date >= latest.fromDate ? ('forecast' as const) : ('backtest' as const),
      mean: mine.length ? mean : null,
      p90: mine.length ? mean.map((m, i) => m + 1.2816 * Math.sqrt(variance[i] as number)) : null,
      actual: act,
      /** The day is over (its actual arrivals are complete). */
      complete: date <= lastDone,
    };
  });
  return {
    hall: { id: grid.hallId, name: grid.hallName, timeZone: grid.timeZone },
    services: grid.services,
    intervalMinutes,
    dayStartMinutes,
    intervals,
    from: q.from,
    forecast: meta,
    days,
  };
}

/** Checks that the hall has enough history before a run is queued (the job checks again). */
export async function checkHistory(db: Db, q: { hallId: string; now: Date }) {
  const h = await historyFor(db, q);
  if (h.days < MIN_HISTORY_DAYS) throw tooLittleHistory(h.days);
  return h;
}

export { MIN_HISTORY_DAYS };

/** A week of the hall's requirement as the forecast page draws it (see requirement.ts). */
export async function weekRequirement(db: Db, q: { hallId: string; from: string }) {
  const grid = await forecastGrid(db, q.hallId);
  const r = await requirementFor(db, q.hallId, q.from, 7);
  const names = new Map(grid.services.map((s) => [s.id, s.name]));
  return {
    grid: r.grid,
    forecast: r.forecast ? { ...r.forecast, createdAt: r.forecast.createdAt.toISOString() } : null,
    settingsVersion: r.settingsVersion,
    targets: {
      occupancyCap: r.settings.occupancyCap,
      shrinkage: r.settings.shrinkage,
      maxAbandon: r.settings.maxAbandon,
      minStaffOpen: r.settings.minStaffOpen,
    },
    services: r.services.map((s) => ({ ...s, name: names.get(s.id) ?? s.id })),
    days: r.days.map((d) => ({
      date: d.date,
      open: d.open.some(Boolean),
      total: d.total,
      /** [service index][interval] */
      required: r.services.map((_, k) => d.required.map((row) => row[k] ?? 0)),
      serviceLevel: d.serviceLevel,
      abandon: d.abandon,
    })),
  };
}

/**
 * The daily report's forecast (reports.service.ts `ForecastSource`): the day's expected arrivals per
 * hour of the day (0–23) from the newest forecast that covers it — a forecast made before the day, or
 * the backtest's one-day-ahead forecast of it — summed over services; null when none covers the day.
 */
export async function reportForecast(db: Db, q: { hallId: string; date: string }) {
  const latest = await repo.latest(db, q.hallId);
  if (!latest) return null;
  const values = await repo.values(db, { forecastId: latest.id, from: q.date, to: q.date });
  if (!values.length) return null;
  const byHour = new Array<number>(24).fill(0);
  for (const v of values) {
    const start = latest.dayStartMinutes + v.interval * latest.intervalMinutes;
    // An interval that straddles an hour is shared by minutes.
    for (let m = 0; m < latest.intervalMinutes; m++) {
      const hour = Math.floor((start + m) / 60);
      if (hour < 24) byHour[hour] = (byHour[hour] as number) + v.mean / latest.intervalMinutes;
    }
  }
  return {
    source: `forecast v${latest.version} (${latest.model})`,
    publishedAt: latest.createdAt.getTime(),
    arrivalsByHour: byHour.map((x) => Math.round(x * 10) / 10),
  };
}
