/**
 * Rosters as the product keeps them, and the bridge to the workforce engine (pure: no database).
 *
 * - `RosterPlanning`: what a roster is planned against, stored with it (the roster's `planning` column):
 *   the planning day's intervals, each service's handle time, patience and target, arrivals and required
 *   clerks per day × service × interval, and the shift templates with their breaks placed.
 * - `buildInstance`: the engine's RosterInstance from the planning, the hall's active employees and
 *   their wishes (approved time off → unavailable; day-off and desired/undesired shifts → requests).
 * - `shiftsFrom`: the engine's assignments back as shifts (hall-local date, HH:MM, breaks, service).
 */
import type { Assignment, Employee, EmployeeRequests, RosterInstance, ShiftTemplate } from '@hall/cloud/workforce';
import type { EmployeeContract, WeeklyAvailability } from '../staff/staff.table.ts';

export interface PlanningService {
  id: string;
  name: string;
  /** Mean handle time (seconds). */
  ahtSeconds: number;
  /** Mean patience (seconds); null: Erlang C. */
  patienceSeconds: number | null;
  /** Share called within targetSeconds, 0–1. */
  serviceLevel: number;
  targetSeconds: number;
}

export interface PlanningTemplate {
  /** The solver's template (a settings template at one start and break position). */
  id: string;
  /** The settings' template it comes from (what a contract names); absent: the id itself. */
  templateId?: string;
  /** Only for part-time contracts. */
  partTime?: boolean;
  start: string;
  end: string;
  breaks: Array<{ start: string; end: string }>;
  unpopular?: boolean;
}

export interface RosterPlanning {
  intervalMinutes: number;
  /** Minutes after midnight of interval 0 (hall-local). */
  dayStartMinutes: number;
  intervals: number;
  services: PlanningService[];
  /** arrivals[day][service index][interval]: expected customers (the forecast's mean). */
  arrivals: number[][][];
  /** required[day][service index][interval]: clerks at the counters (Erlang A on the settings' targets). */
  required: number[][][];
  templates: PlanningTemplate[];
  /** The legal rest between shifts (hours): a contract asking less still gets this. */
  minRestHours?: number;
  /** The forecast the requirement came from. */
  forecastId: number | null;
}

export interface RosterShiftView {
  id?: number;
  employeeId: string;
  date: string;
  start: string;
  end: string;
  breaks: Array<{ start: string; end: string }>;
  serviceId: string | null;
  templateId?: string | null;
  source?: 'engine' | 'manual' | 'swap';
}

export interface PlanEmployee {
  id: string;
  name: string;
  staffId: string;
  status: string;
  skills: Record<string, number>;
  contract: EmployeeContract;
  availability: WeeklyAvailability;
}

export interface PlanWish {
  employeeId: string;
  kind: string;
  fromDate: string;
  toDate: string;
  templateId: string | null;
  status: string;
}

/** The level from which a clerk serves a service alone (1 is learning). */
export const SKILLED_LEVEL = 2;

export const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
export const hhmm = (m: number) =>
  `${String(Math.floor(m / 60) % 24).padStart(2, '0')}:${String(((m % 60) + 60) % 60).padStart(2, '0')}`;

import { addDays } from '@hall/devices/calendar';
export { addDays };

export const dayIndex = (fromDate: string, date: string) =>
  Math.round((Date.parse(`${date}T00:00:00Z`) - Date.parse(`${fromDate}T00:00:00Z`)) / 86_400_000);

const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export const weekdayOf = (date: string) =>
  WEEKDAYS[new Date(`${date}T00:00:00Z`).getUTCDay()] as (typeof WEEKDAYS)[number];

/** Whether the date is a Monday (a roster's period starts on one). */
export const isMonday = (date: string) => new Date(`${date}T00:00:00Z`).getUTCDay() === 1;

/**
 * The windows the employee may work on a date: null — any time; [] — not that day. An employee without
 * any availability entered is available every day; once some weekdays are entered, a missing one is off.
 */
export function windowsOn(
  e: Pick<PlanEmployee, 'availability'>,
  date: string,
): Array<{ from: string; to: string }> | null {
  const a = e.availability ?? {};
  if (Object.keys(a).length === 0) return null;
  return a[weekdayOf(date)] ?? [];
}

/** Dates (within the period) of the employee's approved time off. */
export function timeOffDates(wishes: PlanWish[], employeeId: string, fromDate: string, days: number): Set<string> {
  const out = new Set<string>();
  for (const w of wishes) {
    if (w.employeeId !== employeeId || w.kind !== 'time-off' || w.status !== 'approved') continue;
    for (let d = 0; d < days; d++) {
      const date = addDays(fromDate, d);
      if (date >= w.fromDate && date <= w.toDate) out.add(date);
    }
  }
  return out;
}

/**
 * The contract's weekly minimum less the days of approved time off (paid leave counts as worked: an
 * average day of the contract for each), so a week of leave does not make the roster infeasible.
 */
export function weekMinimum(contract: EmployeeContract, daysOff: number): number {
  const perDay = contract.maxDaysPerWeek > 0 ? contract.minWeekHours / contract.maxDaysPerWeek : 0;
  return Math.max(0, contract.minWeekHours - perDay * daysOff);
}

/** The engine's templates: start and length in intervals, breaks as offsets from the start. */
export function engineTemplates(p: RosterPlanning): ShiftTemplate[] {
  const out: ShiftTemplate[] = [];
  for (const t of p.templates) {
    const start = (minutesOf(t.start) - p.dayStartMinutes) / p.intervalMinutes;
    const length = (minutesOf(t.end) - minutesOf(t.start)) / p.intervalMinutes;
    if (!Number.isInteger(start) || !Number.isInteger(length) || start < 0 || start + length > p.intervals) continue;
    const breaks: number[] = [];
    for (const b of t.breaks)
      for (let m = minutesOf(b.start); m < minutesOf(b.end); m += p.intervalMinutes)
        breaks.push((m - minutesOf(t.start)) / p.intervalMinutes);
    out.push({
      id: t.id,
      start,
      length,
      breaks: breaks.filter((b) => Number.isInteger(b)),
      ...(t.unpopular ? { unpopular: true } : {}),
    });
  }
  return out;
}

/** Whether the contract allows a template: the ones it names (by settings template), part-time ones only part-time. */
export function allowedByContract(e: Pick<PlanEmployee, 'contract'>, t: PlanningTemplate): boolean {
  if (t.partTime && e.contract.kind !== 'part-time') return false;
  return !e.contract.templates || e.contract.templates.includes(t.templateId ?? t.id);
}

/** Whether a template lies inside one of the windows (null: any). */
const fits = (t: PlanningTemplate, windows: Array<{ from: string; to: string }> | null) =>
  windows === null || windows.some((w) => w.from <= t.start && t.end <= w.to);

export interface BuiltInstance {
  instance: RosterInstance;
  dates: string[];
  /** Employees left out, and why (no skill the hall needs, not active). */
  skipped: Array<{ employeeId: string; reason: 'no-skill' | 'inactive' }>;
}

/**
 * The engine's problem for a hall and period. Per employee: skills at SKILLED_LEVEL or above among the
 * planned services; the contract's weekly hours, days and rest (the minimum lowered by approved time off,
 * and by days the availability rules out); days with no window that fits any template, and approved time
 * off, are unavailable; the templates allowed are those of the contract that fit the windows of every
 * day the employee can work (when none does, the contract's, and the check flags what does not fit).
 */
export function buildInstance(o: {
  planning: RosterPlanning;
  fromDate: string;
  days: number;
  employees: PlanEmployee[];
  wishes: PlanWish[];
}): BuiltInstance {
  const p = o.planning;
  const dates = Array.from({ length: o.days }, (_, d) => addDays(o.fromDate, d));
  const skills = p.services.map((s) => s.id);
  const templates = engineTemplates(p);
  const byId = new Map(p.templates.map((t) => [t.id, t]));
  const skipped: BuiltInstance['skipped'] = [];
  const employees: Employee[] = [];
  for (const e of o.employees) {
    if (e.status !== 'active') {
      skipped.push({ employeeId: e.id, reason: 'inactive' });
      continue;
    }
    const mine = skills.filter((s) => (e.skills[s] ?? 0) >= SKILLED_LEVEL);
    if (mine.length === 0) {
      skipped.push({ employeeId: e.id, reason: 'no-skill' });
      continue;
    }
    const contractTemplates = templates.filter((t) => allowedByContract(e, byId.get(t.id) as PlanningTemplate));
    const off = timeOffDates(o.wishes, e.id, o.fromDate, o.days);
    const unavailable: number[] = [];
    const workable: number[] = [];
    dates.forEach((date, d) => {
      const windows = windowsOn(e, date);
      if (off.has(date) || !contractTemplates.some((t) => fits(byId.get(t.id) as PlanningTemplate, windows)))
        unavailable.push(d);
      else workable.push(d);
    });
    const everywhere = contractTemplates.filter((t) =>
      workable.every((d) => fits(byId.get(t.id) as PlanningTemplate, windowsOn(e, dates[d] as string))),
    );
    const allowed = everywhere.length ? everywhere : contractTemplates;
    // The weekly minimum for the tightest week: leave lowers it, and so do days the availability rules out.
    let minHours = e.contract.minWeekHours;
    for (let wk = 0; wk < o.days / 7; wk++) {
      const inWeek = (d: number) => d >= wk * 7 && d < wk * 7 + 7;
      const lost = unavailable.filter(inWeek).length;
      const leave = dates.filter((date, d) => inWeek(d) && off.has(date)).length;
      const canWork = Math.min(7 - lost, e.contract.maxDaysPerWeek);
      const longest = Math.max(
        0,
        ...allowed.map((t) => ((t.length - (t.breaks?.length ?? 0)) * p.intervalMinutes) / 60),
      );
      minHours = Math.min(minHours, weekMinimum(e.contract, leave), canWork * longest);
    }
    const requests: EmployeeRequests = { daysOff: [], desired: [], undesired: [] };
    // A wish names a shift as the clerk sees it — a settings template (`late`) — or, from the API, one
    // solver template (`late@13:00`): the solver templates it stands for, among those this clerk may work.
    const named = (id: string) =>
      allowed.filter((t) => t.id === id || (byId.get(t.id) as PlanningTemplate).templateId === id).map((t) => t.id);
    for (const w of o.wishes) {
      if (w.employeeId !== e.id || w.status === 'refused' || w.status === 'withdrawn' || w.status === 'pending')
        continue;
      const shifts = w.templateId ? named(w.templateId) : [];
      dates.forEach((date, d) => {
        if (date < w.fromDate || date > w.toDate) return;
        if (w.kind === 'day-off') requests.daysOff?.push(d);
        // The engine's desired shift is one template: the earliest start of the one named.
        else if (w.kind === 'desired-shift' && shifts[0]) requests.desired?.push({ day: d, template: shifts[0] });
        else if (w.kind === 'undesired-shift')
          for (const template of shifts) requests.undesired?.push({ day: d, template });
      });
    }
    employees.push({
      id: e.id,
      name: e.name,
      skills: mine,
      minHours: Math.max(0, Math.min(minHours, e.contract.maxWeekHours)),
      maxHours: e.contract.maxWeekHours,
      maxDays: e.contract.maxDaysPerWeek,
      minRestHours: Math.max(e.contract.minRestHours, p.minRestHours ?? 0),
      unavailable,
      ...(allowed.length < templates.length ? { templates: allowed.map((t) => t.id) } : {}),
      requests,
    });
  }
  const instance: RosterInstance = {
    days: o.days,
    intervalsPerDay: p.intervals,
    intervalMinutes: p.intervalMinutes,
    dayStartMinutes: p.dayStartMinutes,
    weekendDays: dates.flatMap((date, d) => (['sat', 'sun'].includes(weekdayOf(date)) ? [d] : [])),
    skills,
    requirement: dates.map((_, d) =>
      Array.from({ length: p.intervals }, (_, i) => skills.map((_, s) => p.required[d]?.[s]?.[i] ?? 0)),
    ),
    templates,
    employees,
  };
  return { instance, dates, skipped };
}

/** The engine's assignments as the roster's shifts (times and breaks from the planning's templates). */
export function shiftsFrom(p: RosterPlanning, fromDate: string, assignments: Assignment[]): RosterShiftView[] {
  const byId = new Map(p.templates.map((t) => [t.id, t]));
  return assignments.flatMap((a) => {
    const t = byId.get(a.template);
    if (!t) return [];
    return [
      {
        employeeId: a.employee,
        date: addDays(fromDate, a.day),
        start: t.start,
        end: t.end,
        breaks: t.breaks,
        serviceId: a.skill,
        templateId: t.id,
        source: 'engine' as const,
      },
    ];
  });
}
