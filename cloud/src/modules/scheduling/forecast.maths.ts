/**
 * The forecast job's maths, with no database (it runs in a worker thread, forecast.worker.ts): per
 * service, the engine's product model (DEFAULT_FORECAST_MODEL) for the coming days with its P90, and
 * the engine's own rolling-origin `backtest()` on the hall's history — the function `bench:forecast`
 * scores with, so a hall's accuracy and the bench's are the same numbers. Accuracy is pooled over the
 * services (WAPE = Σ|actual − forecast| / Σ actual over every service, day and interval), per week
 * (Monday to Sunday) and overall, with the share of intervals at or under the P90.
 */
import {
  backtest,
  DEFAULT_FORECAST_MODEL,
  forecast,
  FORECAST_LIMITS,
  poissonFloor,
  type DayCounts,
  type ForecastModel,
} from '@hall/cloud/workforce';

/** The fewest days of history with tickets a forecast is made from (two of each weekday). */
export const MIN_HISTORY_DAYS = 14;
/** The most days of history a forecast reads (the engine's bound is two years; 12 weeks carry the level). */
export const MAX_HISTORY_DAYS = 84;
/** How many of the latest history days the accuracy is scored on (one-day-ahead, rolling origin). */
export const BACKTEST_DAYS = 28;

export interface ForecastInput {
  /** One series per service: the days the hall was open, in date order, the same intervals each. */
  series: Array<{ serviceId: string; days: DayCounts[] }>;
  /** The days to forecast (hall-local, after the last history day; closed days left out). */
  dates: string[];
  /** The first day scored by the backtest. */
  backtestFrom: string;
  model?: ForecastModel;
}

export interface ForecastRow {
  date: string;
  serviceId: string;
  mean: number[];
  p90: number[];
}

export interface WeekAccuracy {
  /** The week's Monday. */
  from: string;
  days: number;
  arrivals: number;
  wape: number;
  p90Coverage: number;
}

export interface ForecastAccuracy {
  model: ForecastModel;
  /** Pooled over services, days and intervals of the backtest. */
  wape: number | null;
  p90Coverage: number | null;
  poissonFloor: number | null;
  /** Days scored, and their first and last. */
  days: number;
  from: string | null;
  to: string | null;
  weeks: WeekAccuracy[];
  services: Array<{ serviceId: string; wape: number | null; p90Coverage: number | null; arrivals: number }>;
}

export interface ForecastOutput {
  model: ForecastModel;
  /** The forecast days. */
  values: ForecastRow[];
  /** The backtest's one-day-ahead forecasts of the scored history days (what the accuracy measured). */
  backtest: ForecastRow[];
  accuracy: ForecastAccuracy;
}

/** The Monday of a date's week (YYYY-MM-DD). */
import { mondayOf } from '@hall/devices/calendar';
export { mondayOf };

interface Scored {
  date: string;
  actual: number[];
  mean: number[];
  p90: number[];
}

function pool(scored: Scored[]) {
  let err = 0;
  let sum = 0;
  let under = 0;
  let n = 0;
  for (const d of scored)
    d.actual.forEach((a, i) => {
      err += Math.abs(a - (d.mean[i] as number));
      sum += a;
      under += a <= (d.p90[i] as number) ? 1 : 0;
      n += 1;
    });
  return { wape: sum > 0 ? err / sum : null, p90Coverage: n > 0 ? under / n : null, arrivals: sum };
}

/** Forecast and accuracy of a hall; `onProgress` gets 0..1 after each service. */
export function computeForecast(input: ForecastInput, onProgress: (fraction: number) => void = () => {}) {
  const model = input.model ?? DEFAULT_FORECAST_MODEL;
  if (input.dates.length > FORECAST_LIMITS.dates) throw new RangeError(`dates: at most ${FORECAST_LIMITS.dates}`);
  const values: ForecastRow[] = [];
  const backtestRows: ForecastRow[] = [];
  const all: Scored[] = [];
  const services: ForecastAccuracy['services'] = [];
  input.series.forEach((s, k) => {
    const days = s.days.slice(-MAX_HISTORY_DAYS);
    if (days.length > 0 && input.dates.length > 0)
      for (const f of forecast(days, input.dates, model))
        values.push({ date: f.date, serviceId: s.serviceId, mean: f.arrivals, p90: f.p90 });
    const scored = days.length > 1 ? backtest(days, model, input.backtestFrom).days : [];
    const mine = scored.map((d) => ({ date: d.date, actual: d.actual, mean: d.arrivals, p90: d.p90 }));
    for (const d of mine) backtestRows.push({ date: d.date, serviceId: s.serviceId, mean: d.mean, p90: d.p90 });
    all.push(...mine);
    services.push({ serviceId: s.serviceId, ...pool(mine) });
    onProgress((k + 1) / input.series.length);
  });
  const byWeek = new Map<string, Scored[]>();
  for (const d of all) byWeek.set(mondayOf(d.date), [...(byWeek.get(mondayOf(d.date)) ?? []), d]);
  const dates = [...new Set(all.map((d) => d.date))].sort();
  const overall = pool(all);
  const accuracy: ForecastAccuracy = {
    model,
    wape: overall.wape,
    p90Coverage: overall.p90Coverage,
    poissonFloor: all.length ? poissonFloor(all.map((d) => d.actual)) : null,
    days: dates.length,
    from: dates[0] ?? null,
    to: dates.at(-1) ?? null,
    weeks: [...byWeek.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([from, ds]) => {
        const p = pool(ds);
        return {
          from,
          days: new Set(ds.map((d) => d.date)).size,
          arrivals: p.arrivals,
          wape: p.wape ?? 0,
          p90Coverage: p.p90Coverage ?? 0,
        };
      }),
    services,
  };
  return { model, values, backtest: backtestRows, accuracy } satisfies ForecastOutput;
}
