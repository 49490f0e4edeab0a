/**
 * A roster judged as a manager edits it (pure): the hard rules it breaks, as codes naming the employee
 * and the day (the console words them), and its coverage and expected service per interval — Erlang A
 * on the arrivals, handle time and patience the roster was planned with — so an edit's effect on the
 * service level and abandonment is shown before it is saved (`impact`).
 */
import { queueMetrics } from '@hall/cloud/workforce';
import {
  addDays,
  dayIndex,
  minutesOf,
  SKILLED_LEVEL,
  timeOffDates,
  weekMinimum,
  windowsOn,
  type PlanEmployee,
  type PlanWish,
  type RosterPlanning,
  type RosterShiftView,
} from './rosters.model.ts';

export const RULE_CODES = [
  'week-hours-below',
  'week-hours-above',
  'week-days-above',
  'rest-too-short',
  'skill-missing',
  'unavailable',
  'time-off',
  'overlap',
  'outside-day',
  'inactive',
] as const;
export type RuleCode = (typeof RULE_CODES)[number];

export interface Violation {
  code: RuleCode;
  employeeId: string;
  /** The day (for weekly rules: the week's Monday). */
  date: string;
  params: Record<string, string | number>;
}

/** Paid minutes of a shift: its span less its breaks. */
export const paidMinutes = (s: Pick<RosterShiftView, 'start' | 'end' | 'breaks'>) =>
  minutesOf(s.end) -
  minutesOf(s.start) -
  s.breaks.reduce((m, b) => m + Math.max(0, minutesOf(b.end) - minutesOf(b.start)), 0);

const at = (date: string, hhmm: string) => Date.parse(`${date}T00:00:00Z`) / 60_000 + minutesOf(hhmm);
const round1 = (x: number) => Math.round(x * 10) / 10;

/** Every hard rule the shifts break for the employees given (all of the roster's by default). */
export function ruleViolations(o: {
  planning: RosterPlanning;
  fromDate: string;
  days: number;
  shifts: RosterShiftView[];
  employees: PlanEmployee[];
  wishes: PlanWish[];
  only?: Set<string>;
}): Violation[] {
  const out: Violation[] = [];
  const dayStart = o.planning.dayStartMinutes;
  const dayEnd = dayStart + o.planning.intervals * o.planning.intervalMinutes;
  for (const e of o.employees) {
    if (o.only && !o.only.has(e.id)) continue;
    const mine = o.shifts
      .filter((s) => s.employeeId === e.id)
      .sort((a, b) => at(a.date, a.start) - at(b.date, b.start));
    if (!mine.length) {
      if (e.status !== 'active') continue;
    }
    const off = timeOffDates(o.wishes, e.id, o.fromDate, o.days);
    const rest = Math.max(e.contract.minRestHours, o.planning.minRestHours ?? 0);
    for (const s of mine) {
      const v = (code: RuleCode, params: Record<string, string | number> = {}) =>
        out.push({ code, employeeId: e.id, date: s.date, params });
      if (e.status !== 'active') v('inactive');
      if (s.serviceId && (e.skills[s.serviceId] ?? 0) < SKILLED_LEVEL)
        v('skill-missing', { service: s.serviceId, level: e.skills[s.serviceId] ?? 0 });
      if (off.has(s.date)) v('time-off');
      const windows = windowsOn(e, s.date);
      if (windows !== null && !windows.some((w) => w.from <= s.start && s.end <= w.to))
        v('unavailable', { start: s.start, end: s.end });
      if (minutesOf(s.start) < dayStart || minutesOf(s.end) > dayEnd) v('outside-day', { start: s.start, end: s.end });
    }
    for (let i = 1; i < mine.length; i++) {
      const a = mine[i - 1] as RosterShiftView;
      const b = mine[i] as RosterShiftView;
      const gap = at(b.date, b.start) - at(a.date, a.end);
      if (gap < 0)
        out.push({ code: 'overlap', employeeId: e.id, date: b.date, params: { start: b.start, end: a.end } });
      else if (a.date !== b.date && gap < rest * 60)
        out.push({
          code: 'rest-too-short',
          employeeId: e.id,
          date: b.date,
          params: { hours: round1(gap / 60), min: rest },
        });
    }
    if (e.status !== 'active') continue;
    for (let wk = 0; wk < o.days / 7; wk++) {
      const monday = addDays(o.fromDate, wk * 7);
      const week = mine.filter((s) => {
        const d = dayIndex(o.fromDate, s.date);
        return d >= wk * 7 && d < wk * 7 + 7;
      });
      const hours = round1(week.reduce((m, s) => m + paidMinutes(s), 0) / 60);
      const leave = [...off].filter((d) => d >= monday && d < addDays(monday, 7)).length;
      const min = round1(weekMinimum(e.contract, leave));
      const v = (code: RuleCode, params: Record<string, string | number>) =>
        out.push({ code, employeeId: e.id, date: monday, params });
      if (hours < min - 1e-9) v('week-hours-below', { hours, min });
      if (hours > e.contract.maxWeekHours + 1e-9) v('week-hours-above', { hours, max: e.contract.maxWeekHours });
      const days = new Set(week.map((s) => s.date)).size;
      if (days > e.contract.maxDaysPerWeek) v('week-days-above', { days, max: e.contract.maxDaysPerWeek });
    }
  }
  return out;
}

/**
 * Clerks at the counters per service and interval on one day: a clerk counts in an interval when
 * working (not on a break) at least half of it.
 */
export function staffedOn(p: RosterPlanning, shifts: RosterShiftView[], date: string): number[][] {
  const out = p.services.map(() => new Array<number>(p.intervals).fill(0));
  for (const s of shifts) {
    if (s.date !== date || !s.serviceId) continue;
    const k = p.services.findIndex((x) => x.id === s.serviceId);
    if (k < 0) continue;
    const from = minutesOf(s.start);
    const to = minutesOf(s.end);
    for (let i = 0; i < p.intervals; i++) {
      const a = p.dayStartMinutes + i * p.intervalMinutes;
      const b = a + p.intervalMinutes;
      let worked = Math.max(0, Math.min(b, to) - Math.max(a, from));
      for (const br of s.breaks)
        worked -= Math.max(0, Math.min(b, minutesOf(br.end), to) - Math.max(a, minutesOf(br.start), from));
      if (worked * 2 >= p.intervalMinutes) (out[k] as number[])[i]! += 1;
    }
  }
  return out;
}

/**
 * Erlang A answers, remembered: a live check computes the same few (arrivals, clerks) pairs again and
 * again (a day repeats its traffic levels; before and after an edit differ in a few intervals), at about
 * half a millisecond each. A pure function's cache, bounded; nothing in it is state.
 */
const MEMO_MAX = 50_000;
const memo = new Map<string, { serviceLevel: number; pAbandon: number }>();
function metrics(agents: number, q: Parameters<typeof queueMetrics>[1]) {
  const key = `${agents}|${q.arrivals}|${q.period}|${q.aht}|${q.targetTime}|${q.patience ?? ''}`;
  let m = memo.get(key);
  if (!m) {
    const full = queueMetrics(agents, q);
    m = { serviceLevel: full.serviceLevel, pAbandon: full.pAbandon };
    if (memo.size >= MEMO_MAX) memo.clear();
    memo.set(key, m);
  }
  return m;
}

export interface DayCoverage {
  date: string;
  /** Per service (planning order) and interval. */
  services: Array<{ id: string; required: number[]; planned: number[]; serviceLevel: number[]; abandon: number[] }>;
  /** The hall as a whole: required and planned summed, service level and abandonment weighted by arrivals. */
  total: { arrivals: number[]; required: number[]; planned: number[]; serviceLevel: number[]; abandon: number[] };
}

const pct = (x: number) => Math.round(x * 1000) / 1000;

/** Expected service per interval on one day for the planned clerks (Erlang A; the hall's services apart). */
export function dayCoverage(p: RosterPlanning, fromDate: string, shifts: RosterShiftView[], date: string): DayCoverage {
  const d = dayIndex(fromDate, date);
  const staffed = staffedOn(p, shifts, date);
  const n = p.intervals;
  const total = {
    arrivals: new Array<number>(n).fill(0),
    required: new Array<number>(n).fill(0),
    planned: new Array<number>(n).fill(0),
    serviceLevel: new Array<number>(n).fill(1),
    abandon: new Array<number>(n).fill(0),
  };
  const served = new Array<number>(n).fill(0);
  const lost = new Array<number>(n).fill(0);
  const services = p.services.map((svc, k) => {
    const required = Array.from({ length: n }, (_, i) => p.required[d]?.[k]?.[i] ?? 0);
    const planned = staffed[k] as number[];
    const serviceLevel: number[] = [];
    const abandon: number[] = [];
    for (let i = 0; i < n; i++) {
      const arrivals = p.arrivals[d]?.[k]?.[i] ?? 0;
      let sl = 1;
      let ab = 0;
      if (arrivals > 1e-9) {
        const agents = planned[i] as number;
        if (agents === 0) {
          sl = 0;
          // Nobody to call them: under Erlang A every customer gives up; under Erlang C they wait on.
          ab = svc.patienceSeconds === null ? 0 : 1;
        } else {
          const m = metrics(agents, {
            arrivals,
            period: p.intervalMinutes * 60,
            aht: svc.ahtSeconds,
            targetTime: svc.targetSeconds,
            ...(svc.patienceSeconds === null ? {} : { patience: svc.patienceSeconds }),
          });
          sl = m.serviceLevel;
          ab = m.pAbandon;
        }
      }
      serviceLevel.push(pct(sl));
      abandon.push(pct(ab));
      total.arrivals[i]! += arrivals;
      total.required[i]! += required[i] as number;
      total.planned[i]! += planned[i] as number;
      served[i]! += arrivals * sl;
      lost[i]! += arrivals * ab;
    }
    return { id: svc.id, required, planned, serviceLevel, abandon };
  });
  for (let i = 0; i < n; i++) {
    const a = total.arrivals[i] as number;
    total.serviceLevel[i] = a > 1e-9 ? pct((served[i] as number) / a) : 1;
    total.abandon[i] = a > 1e-9 ? pct((lost[i] as number) / a) : 0;
    total.arrivals[i] = Math.round(a * 10) / 10;
  }
  return { date, services, total };
}

export interface ImpactRun {
  date: string;
  from: string;
  to: string;
  serviceLevelBefore: number;
  serviceLevelAfter: number;
  abandonBefore: number;
  abandonAfter: number;
}

/** Threshold of a change worth naming (one percentage point of service level or abandonment). */
const NOTABLE = 0.01;

/**
 * Runs of consecutive intervals where the edit moves the hall's service level or abandonment by a point
 * or more, each with its arrival-weighted figures before and after ("Tue 10:00–11:30 81% → 62%").
 */
export function impactRuns(p: RosterPlanning, before: DayCoverage, after: DayCoverage): ImpactRun[] {
  const runs: ImpactRun[] = [];
  let cur: { from: number; to: number; w: number; sb: number; sa: number; ab: number; aa: number } | null = null;
  const flush = () => {
    if (!cur) return;
    const w = cur.w || 1;
    runs.push({
      date: before.date,
      from: hhmmAt(p, cur.from),
      to: hhmmAt(p, cur.to + 1),
      serviceLevelBefore: pct(cur.sb / w),
      serviceLevelAfter: pct(cur.sa / w),
      abandonBefore: pct(cur.ab / w),
      abandonAfter: pct(cur.aa / w),
    });
    cur = null;
  };
  for (let i = 0; i < p.intervals; i++) {
    const sb = before.total.serviceLevel[i] as number;
    const sa = after.total.serviceLevel[i] as number;
    const ab = before.total.abandon[i] as number;
    const aa = after.total.abandon[i] as number;
    const w = Math.max(before.total.arrivals[i] as number, 1e-6);
    const notable = Math.abs(sa - sb) >= NOTABLE || Math.abs(aa - ab) >= NOTABLE;
    const sameWay = cur && Math.sign(sa - sb) === Math.sign(cur.sa - cur.sb);
    if (!notable || !sameWay) flush();
    if (!notable) continue;
    cur ??= { from: i, to: i, w: 0, sb: 0, sa: 0, ab: 0, aa: 0 };
    cur.to = i;
    cur.w += w;
    cur.sb += sb * w;
    cur.sa += sa * w;
    cur.ab += ab * w;
    cur.aa += aa * w;
  }
  flush();
  return runs;
}

const hhmmAt = (p: RosterPlanning, i: number) => {
  const m = p.dayStartMinutes + i * p.intervalMinutes;
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
};

/** The day's service figures weighted by arrivals (the day's expected service level and abandonment). */
export function daySummary(c: DayCoverage) {
  const w = c.total.arrivals.reduce((a, b) => a + b, 0);
  if (w <= 0) return { serviceLevel: 1, abandon: 0, arrivals: 0 };
  let sl = 0;
  let ab = 0;
  c.total.arrivals.forEach((a, i) => {
    sl += a * (c.total.serviceLevel[i] as number);
    ab += a * (c.total.abandon[i] as number);
  });
  return { serviceLevel: pct(sl / w), abandon: pct(ab / w), arrivals: Math.round(w) };
}
