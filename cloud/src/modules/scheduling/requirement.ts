/**
 * A hall's staffing requirement for a span of days: from its newest stored forecast (mean and P90 per
 * service and interval) and its planning settings, the clerks needed per interval and service (see
 * planning.ts `requirementFromTraffic`). Handle times come from the settings, else from the hall's own
 * served tickets of the last 4 weeks (call to end: the walk to the counter keeps it busy too), else from
 * the hall config.
 */
import type { Db } from '../../db/client.ts';
import { openIntervals, planningGrid, requirementFromTraffic, type PlanningGrid } from './planning.ts';
import { servicePlans, settingsFor, type SchedulingSettings, type ServicePlan } from './scheduling.schema.ts';
import { schedulingRepository as repo } from './scheduling.repository.ts';

import { addDays } from '@hall/devices/calendar';
export { addDays };

/** Mean seconds from first call to end of the hall's served tickets over the 28 days before `before`. */
export async function measuredHandleSeconds(db: Db, hallId: string, before: Date): Promise<Record<string, number>> {
  const rows = await repo.handleSeconds(db, hallId, before);
  // Fewer than 30 served: too few to trust over the configured time.
  return Object.fromEntries(rows.filter((r) => r.n >= 30 && r.seconds > 0).map((r) => [r.serviceId, r.seconds]));
}

/**
 * Re-buckets one day's values of a forecast (its own interval and day start) onto the planning grid:
 * a planning interval gets the share of each forecast interval it overlaps.
 */
export function rebucket(
  values: number[],
  from: { intervalMinutes: number; dayStartMinutes: number },
  grid: PlanningGrid,
): number[] {
  const out = Array.from({ length: grid.intervals }, () => 0);
  values.forEach((v, j) => {
    if (!v) return;
    const a0 = from.dayStartMinutes + j * from.intervalMinutes;
    const a1 = a0 + from.intervalMinutes;
    for (let i = 0; i < grid.intervals; i++) {
      const b0 = grid.dayStartMinutes + i * grid.intervalMinutes;
      const overlap = Math.min(a1, b0 + grid.intervalMinutes) - Math.max(a0, b0);
      if (overlap > 0) out[i] = (out[i] as number) + (v * overlap) / from.intervalMinutes;
    }
  });
  return out;
}

export interface HallRequirement {
  hallId: string;
  settings: SchedulingSettings;
  settingsVersion: number;
  grid: PlanningGrid;
  services: ServicePlan[];
  /** The forecast used (null: none stored — every day's arrivals are 0 and only `minStaffOpen` applies). */
  forecast: { id: number; version: number; model: string; createdAt: Date } | null;
  days: Array<{
    date: string;
    open: boolean[];
    /** [service index][interval] */
    arrivals: number[][];
    p90: number[][];
    /** [interval][service index] */
    required: number[][];
    total: number[];
    serviceLevel: number[];
    abandon: number[];
  }>;
}

/** The requirement of `days` days from `fromDate` (hall-local dates) for a hall. */
export async function requirementFor(db: Db, hallId: string, fromDate: string, days: number): Promise<HallRequirement> {
  const { settings, version, config } = await settingsFor(db, hallId);
  const grid = planningGrid(settings);
  const services = servicePlans(settings, config, await measuredHandleSeconds(db, hallId, new Date()));
  const dates = Array.from({ length: days }, (_, d) => addDays(fromDate, d));
  const fc = await repo.newestForecast(db, hallId);
  const values = fc ? await repo.forecastValues(db, fc.id, dates) : [];
  const index = new Map(services.map((s, k) => [s.id, k]));
  const raw = new Map<string, { mean: number[][]; p90: number[][] }>();
  for (const v of values) {
    const k = index.get(v.serviceId);
    if (k === undefined || !fc) continue;
    let day = raw.get(v.date);
    if (!day) raw.set(v.date, (day = { mean: services.map(() => []), p90: services.map(() => []) }));
    (day.mean[k] as number[])[v.interval] = v.mean;
    (day.p90[k] as number[])[v.interval] = v.p90;
  }
  const from = fc ? { intervalMinutes: fc.intervalMinutes, dayStartMinutes: fc.dayStartMinutes } : grid;
  const traffic = dates.map((date) => {
    const r = raw.get(date);
    const fill = (xs: number[] | undefined) =>
      rebucket(
        Array.from(xs ?? [], (x) => x ?? 0),
        from,
        grid,
      );
    return {
      date,
      open: openIntervals(grid, config.hall.openingHours, date),
      arrivals: services.map((_, k) => fill(r?.mean[k])),
      p90: services.map((_, k) => fill(r?.p90[k])),
    };
  });
  const req = requirementFromTraffic(settings, services, grid, traffic);
  return {
    hallId,
    settings,
    settingsVersion: version,
    grid,
    services,
    forecast: fc ? { id: fc.id, version: fc.version, model: fc.model, createdAt: fc.createdAt } : null,
    days: traffic.map((t, d) => ({ ...t, ...(req[d] as (typeof req)[number]) })),
  };
}
