import { describe, expect, it } from 'vitest';
import { backtest, forecast, FORECAST_LIMITS, poissonFloor, wape, type DayCounts } from './forecast.ts';

/** Three weeks of days whose counts are a weekday level times a fixed intraday shape. */
function weeks(levels: Record<number, number>, shapeOf: number[], from = '2026-11-01'): DayCounts[] {
  const out: DayCounts[] = [];
  const start = Date.parse(`${from}T00:00:00Z`);
  for (let d = 0; d < 21; d++) {
    const date = new Date(start + d * 86_400_000);
    const level = levels[date.getUTCDay()];
    if (level === undefined) continue;
    out.push({ date: date.toISOString().slice(0, 10), counts: shapeOf.map((s) => s * level) });
  }
  return out;
}

describe('forecast', () => {
  const shape = [0.1, 0.3, 0.4, 0.2];
  const history = weeks({ 1: 100, 2: 80, 3: 80, 4: 80, 5: 120 }, shape);

  it('reproduces a perfectly regular history with every model', () => {
    for (const model of ['last-week', 'mean-of-weeks', 'profile', 'ets'] as const) {
      const [monday] = forecast(history, ['2026-11-23'], model);
      expect(
        monday?.arrivals.map((x) => Math.round(x * 1000) / 1000),
        model,
      ).toEqual([10, 30, 40, 20]);
    }
    const [friday] = forecast(history, ['2026-11-27'], 'profile');
    expect(friday?.arrivals.map(Math.round)).toEqual([12, 36, 48, 24]);
  });

  it('gives a P90 above the point forecast, and refuses dates outside 1–42 days ahead', () => {
    const [f] = forecast(history, ['2026-11-24'], 'profile');
    f?.p90.forEach((p, i) => expect(p).toBeGreaterThan(f.arrivals[i] as number));
    // The history ends on Friday 2026-11-20.
    expect(() => forecast(history, ['2026-11-20'], 'profile')).toThrow(/1–42 days ahead/);
    expect(forecast(history, ['2026-12-18'], 'adaptive')[0]?.arrivals.length).toBe(4);
    expect(() => forecast(history, ['2027-01-02'], 'profile')).toThrow(/1–42 days ahead/);
  });

  it('forecasts handle time per interval, shrinking thin intervals towards the overall mean', () => {
    const withTimes = history.map((d) => ({
      ...d,
      served: [1, 50, 50, 50],
      serviceSeconds: [600, 50 * 300, 50 * 300, 50 * 300],
    }));
    const [f] = forecast(withTimes, ['2026-11-23'], 'profile');
    // 15 days: interval 0 has 15 services of 600 s, the others 750 of 300 s; 30 services' weight on the overall mean.
    const overall = (15 * 600 + 3 * 750 * 300) / (15 + 3 * 750);
    expect(f?.aht?.[0]).toBeCloseTo((15 * 600 + 30 * overall) / 45, 9);
    expect(f?.aht?.[1]).toBeCloseTo((750 * 300 + 30 * overall) / 780, 9);
  });

  it('scores forecasts by WAPE against the Poisson floor', () => {
    expect(wape([[10, 30]], [[12, 27]])).toBeCloseTo(5 / 40, 12);
    // E|X − 1| for Poisson(1) is 2/e.
    expect(poissonFloor([[1]])).toBeCloseTo(2 / Math.E, 12);
  });

  it('backtests from the days before each scored day only, as the bench does', () => {
    const days = weeks({ 1: 100, 2: 80, 3: 80, 4: 80, 5: 120 }, shape);
    // A third-week Monday twice as busy: only its own forecast error shows it, not the days before.
    const busy = days.map((d) => (d.date === '2026-11-16' ? { ...d, counts: d.counts.map((c) => 2 * c) } : d));
    const scored = backtest(busy, 'last-week', '2026-11-09');
    expect(scored.days.map((d) => d.date)).toEqual(busy.filter((d) => d.date >= '2026-11-09').map((d) => d.date));
    const monday = scored.days.find((d) => d.date === '2026-11-16');
    expect(monday?.arrivals).toEqual([10, 30, 40, 20]);
    // Nine days exact, the busy Monday 100 short: 100 of the scored weeks' 460 + 560 arrivals.
    expect(scored.wape).toBeCloseTo(100 / (460 + 560), 12);
  });

  it('refuses inputs beyond its limits before working on them', () => {
    const wide = [{ date: '2026-11-02', counts: new Array<number>(FORECAST_LIMITS.intervals + 1).fill(1) }];
    expect(() => forecast(wide, ['2026-11-03'], 'adaptive')).toThrow(/at most 96 intervals/);
    const long = Array.from({ length: FORECAST_LIMITS.historyDays + 1 }, (_, d) => ({
      date: new Date(Date.UTC(2024, 0, 1 + d)).toISOString().slice(0, 10),
      counts: [1],
    }));
    expect(() => forecast(long, ['2026-01-03'], 'adaptive')).toThrow(/at most 731 days/);
  });
});
