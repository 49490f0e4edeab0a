/**
 * Planning maths between the settings and the engine, with no database: the planning day's intervals,
 * which of them a date is open, the shift templates expanded into the solver's templates (one per start
 * time and break position), a solver template back to clock times, and the staffing requirement per
 * interval and service from forecast arrivals (Erlang A, pooled across the services counters share).
 */
import type { OpeningHours } from '@hall/devices';
import { requiredAgents, type ShiftTemplate } from '@hall/cloud/workforce';
import { clockOf, minutesOf, type SchedulingSettings, type ServicePlan } from './scheduling.schema.ts';

export interface PlanningGrid {
  intervalMinutes: number;
  /** Minutes after midnight of interval 0. */
  dayStartMinutes: number;
  intervals: number;
}

export function planningGrid(settings: SchedulingSettings): PlanningGrid {
  const start = minutesOf(settings.dayStart);
  return {
    intervalMinutes: settings.intervalMinutes,
    dayStartMinutes: start,
    intervals: (minutesOf(settings.dayEnd) - start) / settings.intervalMinutes,
  };
}

/** HH:MM of the start of interval `i`. */
export const intervalClock = (grid: PlanningGrid, i: number) =>
  clockOf(grid.dayStartMinutes + i * grid.intervalMinutes);

const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export const weekdayKey = (date: string) =>
  WEEKDAYS[new Date(`${date}T00:00:00Z`).getUTCDay()] as (typeof WEEKDAYS)[number];

/**
 * Which intervals of `date` the hall is open (an interval counts when any of it is). A hall without
 * opening hours is open the whole planning day.
 */
export function openIntervals(grid: PlanningGrid, openingHours: OpeningHours | undefined, date: string): boolean[] {
  if (!openingHours) return Array.from({ length: grid.intervals }, () => true);
  const h = openingHours[weekdayKey(date)];
  return Array.from({ length: grid.intervals }, (_, i) => {
    if (!h) return false;
    const from = grid.dayStartMinutes + i * grid.intervalMinutes;
    return from + grid.intervalMinutes > minutesOf(h.open) && from < minutesOf(h.close);
  });
}

/** What a solver template id stands for. */
export interface ExpandedTemplate extends ShiftTemplate {
  /** The settings' template it comes from. */
  templateId: string;
  partTime: boolean;
}

/**
 * The settings' templates as the solver's: one per start time (every `startEveryMinutes` from
 * `firstStart` to `lastStart`) and, for a template with a break, one per position of its break (every
 * interval from `earliestAfter` to `latestAfter`; several breaks move together). Ids read
 * `full@09:00~12:30`: template, start, first break.
 */
export function expandTemplates(settings: SchedulingSettings, grid = planningGrid(settings)): ExpandedTemplate[] {
  const step = grid.intervalMinutes;
  const out: ExpandedTemplate[] = [];
  for (const t of settings.templates) {
    const length = t.minutes / step;
    for (let start = minutesOf(t.firstStart); start <= minutesOf(t.lastStart); start += t.startEveryMinutes) {
      const first = (start - grid.dayStartMinutes) / step;
      if (first < 0 || first + length > grid.intervals) continue;
      const base = {
        templateId: t.id,
        partTime: t.partTime,
        start: first,
        length,
        ...(t.unpopular ? { unpopular: true } : {}),
      };
      if (!t.breaks.length) {
        out.push({ ...base, id: `${t.id}@${clockOf(start)}` });
        continue;
      }
      const [lead] = t.breaks as [(typeof t.breaks)[number]];
      for (let shift = 0; lead.earliestAfter + shift <= lead.latestAfter; shift += step) {
        const breaks = t.breaks.flatMap((b) => {
          const at = Math.min(b.earliestAfter + shift, b.latestAfter);
          const from = Math.round(at / step);
          return Array.from({ length: Math.ceil(b.minutes / step) }, (_, k) => from + k);
        });
        out.push({ ...base, id: `${t.id}@${clockOf(start)}~${clockOf(start + lead.earliestAfter + shift)}`, breaks });
      }
    }
  }
  return out;
}

/** A solver template on the clock: start, end and breaks as HH:MM. */
export function shiftClock(t: ShiftTemplate, grid: PlanningGrid) {
  const at = (i: number) => intervalClock(grid, i);
  const offsets = [...(t.breaks ?? [])].sort((a, b) => a - b);
  const breaks: Array<{ start: string; end: string }> = [];
  for (const o of offsets) {
    const last = breaks.at(-1);
    if (last && last.end === at(t.start + o)) last.end = at(t.start + o + 1);
    else breaks.push({ start: at(t.start + o), end: at(t.start + o + 1) });
  }
  return { start: at(t.start), end: at(t.start + t.length), breaks };
}

export interface DayTraffic {
  date: string;
  /** open[interval] */
  open: boolean[];
  /** arrivals[service index][interval]: expected customers. */
  arrivals: number[][];
}

export interface DayRequirement {
  date: string;
  /** required[interval][service index]: clerks at the counters. */
  required: number[][];
  /** Clerks in total per interval (pooled: counters serve several services). */
  total: number[];
  /** Expected service level and abandonment with exactly `total` clerks (Erlang A, pooled). */
  serviceLevel: number[];
  abandon: number[];
}

/**
 * Clerks needed per interval: the hall's services pooled as one queue (counters serve several
 * services; handle time, patience and target weighted by each service's workload), sized by Erlang A
 * to the service level, occupancy cap and abandonment limit, with shrinkage, at least `minStaffOpen`
 * while the hall is open; then shared out to the services by workload (at least one for each service
 * with customers when there are enough clerks).
 */
export function requirementFromTraffic(
  settings: SchedulingSettings,
  plans: ServicePlan[],
  grid: PlanningGrid,
  days: DayTraffic[],
): DayRequirement[] {
  const period = grid.intervalMinutes * 60;
  return days.map((d) => {
    const required: number[][] = [];
    const total: number[] = [];
    const serviceLevel: number[] = [];
    const abandon: number[] = [];
    for (let i = 0; i < grid.intervals; i++) {
      const work = plans.map((p, k) => (d.arrivals[k]?.[i] ?? 0) * p.handleSeconds);
      const arrivals = plans.reduce((a, _, k) => a + (d.arrivals[k]?.[i] ?? 0), 0);
      const sum = work.reduce((a, b) => a + b, 0);
      if (!d.open[i]) {
        required.push(plans.map(() => 0));
        total.push(0);
        serviceLevel.push(1);
        abandon.push(0);
        continue;
      }
      const weigh = (f: (p: ServicePlan) => number) =>
        sum > 0 ? plans.reduce((a, p, k) => a + f(p) * (work[k] as number), 0) / sum : 0;
      let staff = 0;
      let sl = 1;
      let ab = 0;
      if (arrivals > 0 && sum > 0) {
        const answer = requiredAgents(
          {
            arrivals,
            period,
            aht: sum / arrivals,
            targetTime: weigh((p) => p.targetSeconds),
            patience: weigh((p) => p.patienceSeconds),
          },
          {
            serviceLevel: Math.min(
              0.99,
              weigh((p) => p.serviceLevel),
            ),
            maxOccupancy: settings.occupancyCap,
            maxAbandon: settings.maxAbandon,
            shrinkage: settings.shrinkage,
          },
        );
        staff = answer.staff;
        sl = answer.serviceLevel;
        ab = answer.pAbandon;
      }
      staff = Math.max(staff, settings.minStaffOpen);
      total.push(staff);
      serviceLevel.push(sl);
      abandon.push(ab);
      required.push(shareOut(staff, sum > 0 ? work : plans.map((_, k) => (k === 0 ? 1 : 0))));
    }
    return { date: d.date, required, total, serviceLevel, abandon };
  });
}

/**
 * `total` clerks shared by workload (largest remainder), with at least one for each service with work
 * when there are enough clerks for that.
 */
export function shareOut(total: number, work: number[]): number[] {
  const sum = work.reduce((a, b) => a + b, 0);
  if (total <= 0 || sum <= 0) return work.map((_, k) => (k === 0 ? Math.max(0, total) : 0));
  const exact = work.map((x) => (total * x) / sum);
  const out = exact.map((x) => Math.floor(x));
  if (total >= work.filter((x) => x > 0).length)
    work.forEach((x, k) => {
      if (x > 0 && out[k] === 0) out[k] = 1;
    });
  let rest = total - out.reduce((a, b) => a + b, 0);
  const byRemainder = exact.map((x, k) => ({ k, r: x - Math.floor(x) })).sort((a, b) => b.r - a.r);
  for (const { k } of byRemainder)
    if (rest > 0 && (work[k] as number) > 0) {
      out[k] = (out[k] as number) + 1;
      rest--;
    }
  while (rest < 0) {
    // The minimums took more than there was: take back from the service with the most above one.
    const k = out.reduce((best, n, i) => (n > (out[best] as number) ? i : best), 0);
    out[k] = (out[k] as number) - 1;
    rest++;
  }
  return out;
}
