/**
 * The `adaptive` arrival forecast: a day level times an intraday profile, with its settings weighed by
 * the history's own rolling-origin backtest (the days being forecast never take part).
 *
 * - Robust counts: each history day's interval counts are clipped at expected + 3√expected, the expected
 *   count being the day's total times the median share of that interval over the history days; a
 *   one-off burst (a queue system outage elsewhere, a promotion's SMS) is kept as an ordinary busy
 *   interval instead of becoming next week's shape, and it no longer lifts the level.
 * - Level: the days' (clipped) totals divided by their weekday factor, smoothed exponentially, with or
 *   without a damped trend (Holt's linear method with damping φ; Gardner & McKenzie 1985), times the
 *   target weekday's factor. The weekday factor is the weekday's mean total over the overall mean, shrunk
 *   towards 1 by n / (n + k) for n days of that weekday: with a few weeks of history a weekday's mean is
 *   mostly noise unless the weekdays really differ.
 * - Profile: the shape of all (clipped) days shrunk towards the target weekday's own shape by n / (n + k).
 * - The settings (α, β and φ, the two k) form a small grid; each forecasts each of the last 10 history
 *   days from the days before it, and the forecasts are blended with weights ∝ 1 / WAPE⁴ (equal
 *   weights while the history is too short to backtest). Blending rather than picking one
 *   keeps the result stable when two settings score alike on a few days (Bates & Granger 1969).
 * - Spread: the overdispersion φ of the blend's own backtest errors (1 = Poisson), for the P90.
 *
 * Deterministic, no randomness; cost O(grid × backtest days × history days × intervals).
 */
import type { DayCounts } from './forecast.ts';

export interface AdaptiveSettings {
  /** Smoothing of the level, 0–1 (higher: follows recent days more). */
  alpha: number;
  /** Smoothing of the trend, 0 = no trend. */
  beta: number;
  /** Damping of the trend per day (φ in damped Holt; 1 = a straight line). */
  damping: number;
  /** Shrinkage of the weekday factor towards 1: the factor counts n / (n + k). */
  weekdayPrior: number;
  /** Shrinkage of the weekday's own profile towards the pooled one: n / (n + k). */
  shapePrior: number;
}

/**
 * The grid the backtest weighs: 4 levels × 3 trends (none, damped, nearly straight) × 5 weekday priors
 * × 3 profile priors = 180 settings (a prior of 0: the weekday's own only).
 */
export const ADAPTIVE_GRID: readonly AdaptiveSettings[] = [0.05, 0.15, 0.3, 0.5].flatMap((alpha) =>
  [
    { beta: 0, damping: 0 },
    { beta: 0.1, damping: 0.9 },
    { beta: 0.1, damping: 0.98 },
  ].flatMap((trend) =>
    [0, 1, 4, 16, Infinity].flatMap((weekdayPrior) =>
      [0, 2, 8].map((shapePrior) => ({ alpha, ...trend, weekdayPrior, shapePrior })),
    ),
  ),
);

/** Blend weights ∝ 1 / WAPE^WEIGHT_POWER: the better settings dominate, near-ties share. */
const WEIGHT_POWER = 4;
/** Counts above expected + CLIP_Z √expected are clipped (3: about 1 in 700 under Poisson). */
const CLIP_Z = 3;
/** How many of the latest history days the settings are scored on. */
const BACKTEST_DAYS = 10;
/** The fewest days a backtest forecast is made from. */
const MIN_TRAIN_DAYS = 3;

const DAY = 86_400_000;
const ms = (date: string) => Date.parse(`${date}T00:00:00Z`);
const weekday = (date: string) => new Date(ms(date)).getUTCDay();
const daysBetween = (a: string, b: string) => Math.round((ms(b) - ms(a)) / DAY);
const sum = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0);
const mean = (xs: readonly number[]) => sum(xs) / xs.length;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

/** History days with their clipped counts, computed once per origin and shared by every setting. */
interface Prepared {
  first: string;
  last: string;
  width: number;
  weekdays: number[];
  clipped: number[][];
  totals: number[];
}

/** The median share of each interval over `days` (normalised), or null without a day with arrivals. */
function medianShape(days: readonly DayCounts[], width: number): number[] | null {
  const open = days.filter((d) => sum(d.counts) > 0);
  if (open.length === 0) return null;
  const share = Array.from({ length: width }, (_, i) =>
    median(open.map((d) => (d.counts[i] as number) / sum(d.counts))),
  );
  const norm = sum(share);
  return norm > 0 ? share.map((x) => x / norm) : null;
}

/**
 * Clips one day's counts at expected + CLIP_Z √expected. The expected share is the higher of the pooled
 * median and the weekday's own median (with at least WEEKDAY_REFERENCE days of it: a Saturday's real
 * morning peak is not a burst); the day's total is re-estimated from the clipped counts a few times so
 * that a burst does not raise its own threshold.
 */
function clip(counts: readonly number[], shares: ReadonlyArray<number[] | null>): number[] {
  const reference = counts.map((_, i) => Math.max(0, ...shares.map((s) => (s ? (s[i] as number) : 0))));
  let clipped = [...counts];
  for (let pass = 0; pass < 3; pass++) {
    const t = sum(clipped);
    clipped = counts.map((c, i) => {
      const expected = (reference[i] as number) * t;
      return Math.min(c, expected + CLIP_Z * Math.sqrt(Math.max(expected, 1)));
    });
  }
  return clipped;
}

/** A weekday's own median profile is a reference for clipping from this many days of it. */
const WEEKDAY_REFERENCE = 3;

function prepare(days: readonly DayCounts[], width: number): Prepared {
  const pooled = medianShape(days, width);
  const own = Array.from({ length: 7 }, (_, wd) => {
    const same = days.filter((d) => weekday(d.date) === wd);
    return same.length >= WEEKDAY_REFERENCE ? medianShape(same, width) : null;
  });
  const clipped = days.map((d) => clip(d.counts, [pooled, own[weekday(d.date)] ?? null]));
  return {
    first: (days[0] as DayCounts).date,
    last: (days.at(-1) as DayCounts).date,
    width,
    weekdays: days.map((d) => weekday(d.date)),
    clipped,
    totals: clipped.map(sum),
  };
}

/** Point forecasts of one setting for `dates` (after the history). */
function candidate(p: Prepared, s: AdaptiveSettings, dates: readonly string[]): number[][] {
  const overall = mean(p.totals);
  const factors = Array.from({ length: 7 }, (_, wd) => {
    const same = p.totals.filter((_, j) => p.weekdays[j] === wd);
    if (same.length === 0 || overall <= 0) return 1;
    const weight = same.length / (same.length + s.weekdayPrior);
    return 1 + weight * (mean(same) / overall - 1);
  });
  const factor = (wd: number) => Math.max(1e-6, factors[wd] as number);
  // Damped Holt on the deseasonalised totals, one step per history day.
  const y = p.totals.map((t, j) => t / factor(p.weekdays[j] as number));
  let level = mean(y.slice(0, 3));
  let trend = 0;
  for (const v of y) {
    const previous = level;
    level = s.alpha * v + (1 - s.alpha) * (previous + s.damping * trend);
    trend = s.beta * (level - previous) + (1 - s.beta) * s.damping * trend;
  }
  // Calendar days ahead in history-day steps (a hall closed on some weekdays has fewer steps).
  const openShare = p.totals.length / (daysBetween(p.first, p.last) + 1);
  const profile = (wd: number) => {
    const pooled = shapeOf(p, () => true);
    const own = p.weekdays.filter((x) => x === wd).length;
    if (own === 0) return pooled;
    const mine = shapeOf(p, (j) => p.weekdays[j] === wd);
    const weight = own / (own + s.shapePrior);
    return pooled.map((x, i) => weight * (mine[i] as number) + (1 - weight) * x);
  };
  return dates.map((date) => {
    const steps = Math.max(1, Math.round(daysBetween(p.last, date) * openShare));
    let damped = 0;
    for (let h = 1; h <= steps; h++) damped += s.damping ** h;
    const wd = weekday(date);
    const dayTotal = Math.max(0, (level + damped * trend) * factor(wd));
    return profile(wd).map((x) => x * dayTotal);
  });
}

function shapeOf(p: Prepared, include: (j: number) => boolean): number[] {
  const sums = new Array<number>(p.width).fill(0);
  let all = 0;
  p.clipped.forEach((counts, j) => {
    if (!include(j)) return;
    counts.forEach((c, i) => (sums[i] = (sums[i] as number) + c));
    all += p.totals[j] as number;
  });
  return all > 0 ? sums.map((x) => x / all) : new Array<number>(p.width).fill(1 / p.width);
}

export interface AdaptiveForecast {
  /** Point forecasts per date and interval. */
  points: number[][];
  /** Overdispersion of the blend's backtest errors (1 = Poisson). */
  phi: number;
  /** Each setting's weight in the blend (summing to 1), in ADAPTIVE_GRID's order. */
  weights: number[];
  /** The blend's WAPE on the backtest days, or null when the history was too short to backtest. */
  backtestWape: number | null;
}

/**
 * The adaptive forecast for `dates` from `history` (days in date order, the same intervals each, only
 * days the hall was open).
 */
export function adaptiveForecast(history: readonly DayCounts[], dates: readonly string[]): AdaptiveForecast {
  const width = (history[0] as DayCounts).counts.length;
  const origins: number[] = [];
  for (let j = Math.max(MIN_TRAIN_DAYS, history.length - BACKTEST_DAYS); j < history.length; j++) origins.push(j);
  // Each setting's one-day-ahead forecast of each backtest day, from the days before it only.
  const backtest = origins.map((j) => {
    const p = prepare(history.slice(0, j), width);
    const date = (history[j] as DayCounts).date;
    return ADAPTIVE_GRID.map((s) => candidate(p, s, [date])[0] as number[]);
  });
  const actual = origins.map((j) => (history[j] as DayCounts).counts);
  const wapeOf = (forecasts: number[][]) => {
    let err = 0;
    let all = 0;
    actual.forEach((row, k) =>
      row.forEach((a, i) => {
        err += Math.abs(a - ((forecasts[k] as number[])[i] as number));
        all += a;
      }),
    );
    return all > 0 ? err / all : 0;
  };
  let weights = ADAPTIVE_GRID.map(() => 1);
  if (origins.length >= 2)
    weights = ADAPTIVE_GRID.map(
      (_, c) => 1 / Math.max(1e-6, wapeOf(backtest.map((f) => f[c] as number[]))) ** WEIGHT_POWER,
    );
  const totalWeight = sum(weights);
  weights = weights.map((w) => w / totalWeight);
  const blend = (forecasts: number[][][]) =>
    (forecasts[0] as number[][]).map((row, d) =>
      row.map((_, i) =>
        forecasts.reduce((s, f, c) => s + (weights[c] as number) * ((f[d] as number[])[i] as number), 0),
      ),
    );
  const p = prepare(history, width);
  const points = blend(ADAPTIVE_GRID.map((s) => candidate(p, s, dates)));
  // The blend's backtest errors give the spread.
  const blended = backtest.map((perSetting) => blend(perSetting.map((f) => [f]))[0] as number[]);
  let num = 0;
  let den = 0;
  actual.forEach((row, k) =>
    row.forEach((c, i) => {
      const m = Math.max(0.5, (blended[k] as number[])[i] as number);
      num += (c - m) ** 2 / m;
      den += 1;
    }),
  );
  return {
    points,
    phi: den > 0 ? Math.max(1, num / den) : 1,
    weights,
    backtestWape: origins.length >= 2 ? wapeOf(blended) : null,
  };
}
