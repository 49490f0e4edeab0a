/**
 * Arrival (and handle-time) forecasts per interval of the opening hours, for days 1–42 ahead (the
 * product plans four weeks; the damped trend keeps the far days near the level), from the days before
 * the forecast origin only.
 *
 * Baselines: the same interval a week earlier (`last-week`), and the mean of the same weekday in the
 * previous weeks (`mean-of-weeks`). Better models pool what the baselines leave scattered:
 *
 * - `profile`: the day's total is the mean of its weekday in earlier weeks, nudged by how the last
 *   days ran against their own weekdays (the square root of that ratio: half the surprise carries
 *   over); the intraday shape is the shape of all earlier days shrunk towards the same weekday's shape
 *   in proportion to how many of those there are (n / (n + 3)), so one odd Tuesday does not become the
 *   next Tuesday's shape.
 * - `ets`: the daily level by exponential smoothing (α = 0.3) of deseasonalised totals, times the
 *   weekday factor, with the same shrunk shape.
 * - `adaptive` (forecast-adaptive.ts, the best on the bank data and the product's default): outliers
 *   clipped, a damped-trend level over all days with a shrunk weekday factor, the shrunk profile, and
 *   a blend of settings weighed by the history's own rolling-origin backtest.
 *
 * P90: a Poisson count with extra variance (overdispersion φ estimated from the history's one-day-ahead
 * errors): point + 1.2816 √(φ · point).
 */
import { adaptiveForecast } from './forecast-adaptive.ts';

export interface DayCounts {
  /** YYYY-MM-DD */
  date: string;
  /** Arrivals per interval of the opening hours. */
  counts: number[];
  /** Total handle time (seconds) and services per interval, when known: for the handle-time forecast. */
  serviceSeconds?: number[];
  served?: number[];
}

export const FORECAST_MODELS = ['last-week', 'mean-of-weeks', 'profile', 'ets', 'adaptive'] as const;
export type ForecastModel = (typeof FORECAST_MODELS)[number];
/** The model the product uses (the best by `npm run bench:forecast`). */
export const DEFAULT_FORECAST_MODEL: ForecastModel = 'adaptive';

/**
 * Input bounds, checked before any work: two years of days, 15-minute intervals over 24 hours, six
 * weeks ahead. The product's job passes the last 12 weeks (older days barely move the level and cost
 * time) and forecasts 28 days.
 */
export const FORECAST_LIMITS = { historyDays: 731, intervals: 96, dates: 42, daysAhead: 42 } as const;

export interface DayForecast {
  date: string;
  arrivals: number[];
  p90: number[];
  /** Mean handle time per interval (seconds), when the history has service times. */
  aht: number[] | null;
}

const DAY = 86_400_000;
const ms = (date: string) => Date.parse(`${date}T00:00:00Z`);
export const weekdayOf = (date: string) => new Date(ms(date)).getUTCDay();
const daysBetween = (a: string, b: string) => Math.round((ms(b) - ms(a)) / DAY);
const total = (d: DayCounts) => d.counts.reduce((s, x) => s + x, 0);
const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;

/** The average share of a day's arrivals in each interval over `days` (arrival-weighted). */
function shape(days: DayCounts[], width: number): number[] {
  const sums = new Array<number>(width).fill(0);
  let all = 0;
  for (const d of days) {
    d.counts.forEach((c, i) => (sums[i] = (sums[i] as number) + c));
    all += total(d);
  }
  return all > 0 ? sums.map((s) => s / all) : new Array<number>(width).fill(1 / width);
}

/** The pooled shape shrunk towards the weekday's own by n / (n + 3). */
function shrunkShape(history: DayCounts[], weekday: number, width: number): number[] {
  const same = history.filter((d) => weekdayOf(d.date) === weekday);
  const pooled = shape(history, width);
  if (same.length === 0) return pooled;
  const w = same.length / (same.length + 3);
  const own = shape(same, width);
  return pooled.map((p, i) => w * (own[i] as number) + (1 - w) * p);
}

function meanOfWeeks(history: DayCounts[], date: string, width: number): number[] | null {
  const same = history.filter((d) => daysBetween(d.date, date) % 7 === 0);
  if (same.length === 0) return null;
  return Array.from({ length: width }, (_, i) => mean(same.map((d) => d.counts[i] ?? 0)));
}

function pointForecast(history: DayCounts[], date: string, model: ForecastModel, width: number): number[] | null {
  const weekday = weekdayOf(date);
  switch (model) {
    case 'last-week': {
      // Exactly a week earlier; when that day is missing (a holiday), the mean of weeks stands in.
      const back = history.find((d) => daysBetween(d.date, date) === 7);
      return back ? [...back.counts] : null;
    }
    case 'mean-of-weeks':
      return meanOfWeeks(history, date, width);
    case 'profile': {
      const same = history.filter((d) => weekdayOf(d.date) === weekday);
      if (same.length === 0) return null;
      let level = mean(same.map(total));
      // How the last five days ran against their weekdays' means before them.
      let actual = 0;
      let expected = 0;
      for (const d of history.slice(-5)) {
        const before = history.filter((x) => x.date < d.date && weekdayOf(x.date) === weekdayOf(d.date));
        if (before.length === 0) continue;
        actual += total(d);
        expected += mean(before.map(total));
      }
      if (expected > 0 && actual > 0) level *= Math.sqrt(actual / expected);
      return shrunkShape(history, weekday, width).map((s) => s * level);
    }
    case 'ets': {
      if (history.length < 5) return null;
      const overall = mean(history.map(total));
      const factor = (wd: number) => {
        const xs = history.filter((d) => weekdayOf(d.date) === wd);
        return xs.length && overall > 0 ? mean(xs.map(total)) / overall : 1;
      };
      let level = total(history[0] as DayCounts) / factor(weekdayOf((history[0] as DayCounts).date));
      for (const d of history.slice(1)) level = 0.3 * (total(d) / factor(weekdayOf(d.date))) + 0.7 * level;
      return shrunkShape(history, weekday, width).map((s) => s * level * factor(weekday));
    }
    case 'adaptive':
      return adaptiveForecast(history, [date]).points[0] ?? null;
  }
}

/** Mean handle time per interval: the interval's own mean shrunk towards the overall by its count. */
function ahtForecast(history: DayCounts[], width: number): number[] | null {
  const withTimes = history.filter((d) => d.serviceSeconds && d.served);
  if (withTimes.length === 0) return null;
  const secs = new Array<number>(width).fill(0);
  const n = new Array<number>(width).fill(0);
  for (const d of withTimes) {
    d.serviceSeconds?.forEach((s, i) => (secs[i] = (secs[i] as number) + s));
    d.served?.forEach((c, i) => (n[i] = (n[i] as number) + c));
  }
  const overall =
    secs.reduce((a, b) => a + b, 0) /
    Math.max(
      1,
      n.reduce((a, b) => a + b, 0),
    );
  const prior = 30; // services' worth of weight on the overall mean
  return secs.map((s, i) => (s + prior * overall) / ((n[i] as number) + prior));
}

/** Overdispersion of the history's one-day-ahead errors under this model (1 = Poisson). */
function overdispersion(history: DayCounts[], model: ForecastModel, width: number): number {
  let num = 0;
  let den = 0;
  for (let i = 7; i < history.length; i++) {
    const f =
      pointForecast(history.slice(0, i), (history[i] as DayCounts).date, model, width) ??
      meanOfWeeks(history.slice(0, i), (history[i] as DayCounts).date, width);
    if (!f) continue;
    (history[i] as DayCounts).counts.forEach((c, j) => {
      const m = Math.max(0.5, f[j] as number);
      num += (c - m) ** 2 / m;
      den += 1;
    });
  }
  return den > 0 ? Math.max(1, num / den) : 1;
}

/**
 * Forecasts for `dates` (each after the last history day, up to 42 days ahead) from `history` (days in
 * order, all with the same intervals). A model without enough history falls back to the mean of weeks,
 * then to the mean of all days.
 */
export function forecast(history: DayCounts[], dates: string[], model: ForecastModel): DayForecast[] {
  if (history.length === 0) throw new RangeError('history: at least one day');
  if (history.length > FORECAST_LIMITS.historyDays)
    throw new RangeError(`history: at most ${FORECAST_LIMITS.historyDays} days`);
  if (dates.length > FORECAST_LIMITS.dates) throw new RangeError(`dates: at most ${FORECAST_LIMITS.dates}`);
  const sorted = [...history].sort((a, b) => a.date.localeCompare(b.date));
  const width = (sorted[0] as DayCounts).counts.length;
  if (width > FORECAST_LIMITS.intervals)
    throw new RangeError(`history: at most ${FORECAST_LIMITS.intervals} intervals`);
  if (sorted.some((d) => d.counts.length !== width))
    throw new RangeError('history: every day needs the same intervals');
  const last = (sorted.at(-1) as DayCounts).date;
  for (const date of dates) {
    const ahead = daysBetween(last, date);
    if (ahead < 1 || ahead > FORECAST_LIMITS.daysAhead)
      throw new RangeError(
        `dates: ${date} is ${ahead} days after the history; forecasts go 1–${FORECAST_LIMITS.daysAhead} days ahead`,
      );
  }
  const adaptive = model === 'adaptive' ? adaptiveForecast(sorted, dates) : null;
  const phi = adaptive ? adaptive.phi : overdispersion(sorted, model, width);
  const aht = ahtForecast(sorted, width);
  return dates.map((date, k) => {
    const point =
      adaptive?.points[k] ??
      pointForecast(sorted, date, model, width) ??
      meanOfWeeks(sorted, date, width) ??
      Array.from({ length: width }, (_, i) => mean(sorted.map((d) => d.counts[i] ?? 0)));
    return { date, arrivals: point, p90: point.map((m) => m + 1.2816 * Math.sqrt(phi * Math.max(m, 0))), aht };
  });
}

/** Weighted absolute percentage error: Σ|actual − forecast| / Σ actual. */
export function wape(actual: number[][], forecasts: number[][]): number {
  let err = 0;
  let sum = 0;
  actual.forEach((row, d) =>
    row.forEach((a, i) => ((err += Math.abs(a - ((forecasts[d] as number[])[i] as number))), (sum += a))),
  );
  return sum > 0 ? err / sum : 0;
}

/** The WAPE that Poisson noise alone leaves: E|X − λ| / λ pooled, with λ the actual counts. */
export function poissonFloor(actual: number[][]): number {
  let err = 0;
  let sum = 0;
  for (const row of actual)
    for (const a of row) {
      sum += a;
      if (a <= 0) continue;
      // E|X − λ| for X ~ Poisson(λ): 2 λ^⌊λ⌋+1 e^−λ / ⌊λ⌋!  (in logs).
      const k = Math.floor(a);
      let logFact = 0;
      for (let j = 2; j <= k; j++) logFact += Math.log(j);
      err += 2 * Math.exp((k + 1) * Math.log(a) - a - logFact);
    }
  return sum > 0 ? err / sum : 0;
}

export interface BacktestDay {
  date: string;
  actual: number[];
  arrivals: number[];
  p90: number[];
}

export interface Backtest {
  /** WAPE pooled over every interval of the scored days. */
  wape: number;
  /** Share of intervals whose actual count was at or under the P90. */
  p90Coverage: number;
  /** The WAPE Poisson noise alone would leave on these days. */
  poissonFloor: number;
  days: BacktestDay[];
}

/**
 * Rolling-origin backtest, as `npm run bench:forecast` scores models: each day from `from` on that has
 * its weekday earlier in `days` is forecast from the days before it only (one day ahead of the last of
 * them, at most 14). The product's accuracy page shows these numbers per hall and week.
 */
export function backtest(days: DayCounts[], model: ForecastModel, from = ''): Backtest {
  const sorted = [...days].sort((a, b) => a.date.localeCompare(b.date));
  const scored: BacktestDay[] = [];
  sorted.forEach((d, k) => {
    const before = sorted.slice(Math.max(0, k - FORECAST_LIMITS.historyDays), k);
    const last = before.at(-1);
    if (d.date < from || !last || daysBetween(last.date, d.date) > 14) return;
    if (!before.some((h) => weekdayOf(h.date) === weekdayOf(d.date))) return;
    const [f] = forecast(before, [d.date], model);
    if (f) scored.push({ date: d.date, actual: d.counts, arrivals: f.arrivals, p90: f.p90 });
  });
  const actual = scored.map((d) => d.actual);
  let under = 0;
  let n = 0;
  for (const d of scored)
    d.actual.forEach((a, i) => {
      under += a <= (d.p90[i] as number) ? 1 : 0;
      n += 1;
    });
  return {
    wape: wape(
      actual,
      scored.map((d) => d.arrivals),
    ),
    p90Coverage: n > 0 ? under / n : 0,
    poissonFloor: poissonFloor(actual),
    days: scored,
  };
}
