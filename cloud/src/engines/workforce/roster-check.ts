/**
 * A roster judged on its own, without the solver: the hard rules it breaks, its coverage, and its cost
 * under the instance's weights. The solver's answers are checked against this, and the greedy baseline
 * and the brute-force test use it.
 */
import {
  DEFAULT_WEIGHTS,
  type Assignment,
  type Employee,
  type RosterInstance,
  type RosterWeights,
  type ShiftTemplate,
} from './roster.types.ts';

export const weightsOf = (i: RosterInstance): RosterWeights => ({ ...DEFAULT_WEIGHTS, ...i.weights });

/** Intervals of the day a template puts someone at a counter (its span less its breaks). */
export function worked(t: ShiftTemplate): number[] {
  const off = new Set(t.breaks ?? []);
  return Array.from({ length: t.length }, (_, o) => o)
    .filter((o) => !off.has(o))
    .map((o) => t.start + o);
}

export const paidHours = (i: RosterInstance, t: ShiftTemplate) => (worked(t).length * i.intervalMinutes) / 60;

/** Whether working `a` one day and `b` the next leaves less rest than the employee needs. */
export function restConflict(i: RosterInstance, e: Employee, a: ShiftTemplate, b: ShiftTemplate): boolean {
  const restMinutes = 24 * 60 + (b.start - (a.start + a.length)) * i.intervalMinutes;
  return restMinutes < e.minRestHours * 60;
}

export function allowedTemplates(e: Employee, templates: ShiftTemplate[]): ShiftTemplate[] {
  return e.templates ? templates.filter((t) => e.templates?.includes(t.id)) : templates;
}

/**
 * Each employee's fair share, in week `wk`, of the hours the requirement needs beyond everyone's contract
 * minimum (the same for all; never negative).
 */
export function fairExtraHours(i: RosterInstance, wk: number): number {
  const needed =
    i.requirement
      .slice(wk * 7, wk * 7 + 7)
      .flat(2)
      .reduce((a, b) => a + b, 0) *
    (i.intervalMinutes / 60);
  const minimum = i.employees.reduce((h, e) => h + e.minHours, 0);
  return i.employees.length ? Math.max(0, (needed - minimum) / i.employees.length) : 0;
}

/** Every hard rule the roster breaks, in words naming employee and day. */
export function violations(i: RosterInstance, roster: Assignment[]): string[] {
  const out: string[] = [];
  const employees = new Map(i.employees.map((e) => [e.id, e]));
  const templates = new Map(i.templates.map((t) => [t.id, t]));
  const byEmployeeDay = new Map<string, Assignment[]>();
  for (const a of roster) {
    const e = employees.get(a.employee);
    const t = templates.get(a.template);
    if (!e) out.push(`${a.employee}: no such employee`);
    if (!t) out.push(`${a.template}: no such template`);
    if (!e || !t) continue;
    if (a.day < 0 || a.day >= i.days) out.push(`${e.id} day ${a.day}: outside the horizon`);
    if (!e.skills.includes(a.skill)) out.push(`${e.id} day ${a.day}: lacks skill ${a.skill}`);
    if (e.unavailable?.includes(a.day)) out.push(`${e.id} day ${a.day}: unavailable`);
    if (e.templates && !e.templates.includes(t.id)) out.push(`${e.id} day ${a.day}: ${t.id} not in the contract`);
    const key = `${e.id}/${a.day}`;
    byEmployeeDay.set(key, [...(byEmployeeDay.get(key) ?? []), a]);
  }
  for (const [key, list] of byEmployeeDay) if (list.length > 1) out.push(`${key}: ${list.length} shifts in one day`);
  for (const e of i.employees) {
    const mine = roster.filter((a) => a.employee === e.id);
    for (let w = 0; w < i.days / 7; w++) {
      const week = mine.filter((a) => Math.floor(a.day / 7) === w);
      const hours = week.reduce((h, a) => h + paidHours(i, templates.get(a.template) as ShiftTemplate), 0);
      if (hours < e.minHours - 1e-9) out.push(`${e.id} week ${w + 1}: ${hours} h, below the contract's ${e.minHours}`);
      if (hours > e.maxHours + 1e-9) out.push(`${e.id} week ${w + 1}: ${hours} h, above the contract's ${e.maxHours}`);
      if (week.length > e.maxDays)
        out.push(`${e.id} week ${w + 1}: ${week.length} days, above the contract's ${e.maxDays}`);
    }
    for (const a of mine) {
      const next = mine.find((b) => b.day === a.day + 1);
      if (
        next &&
        restConflict(i, e, templates.get(a.template) as ShiftTemplate, templates.get(next.template) as ShiftTemplate)
      )
        out.push(`${e.id} days ${a.day}–${next.day}: less than ${e.minRestHours} h rest`);
    }
  }
  return out;
}

/** staffed[day][interval][skill index] */
export function coverage(i: RosterInstance, roster: Assignment[]): number[][][] {
  const staffed = Array.from({ length: i.days }, () =>
    Array.from({ length: i.intervalsPerDay }, () => new Array<number>(i.skills.length).fill(0)),
  );
  const templates = new Map(i.templates.map((t) => [t.id, t]));
  for (const a of roster) {
    const s = i.skills.indexOf(a.skill);
    const t = templates.get(a.template);
    if (s < 0 || !t) continue;
    for (const iv of worked(t)) if (iv < i.intervalsPerDay) (staffed[a.day] as number[][])[iv]![s]! += 1;
  }
  return staffed;
}

export interface RosterCost {
  total: number;
  under: number;
  over: number;
  wishes: number;
  fairness: number;
  /** Staff-intervals below and above the requirement. */
  underIntervals: number;
  overIntervals: number;
}

/**
 * The roster's cost: weighted under- and over-staffing per interval and skill, each unmet wish, and per
 * week the largest number of weekend and of unpopular shifts any one employee works (so spreading them
 * is cheaper than piling them on a few), and every hour someone works beyond their contract's minimum
 * plus a fair share of the week's extra hours.
 */
export function cost(i: RosterInstance, roster: Assignment[]): RosterCost {
  const w = weightsOf(i);
  const staffed = coverage(i, roster);
  let underIntervals = 0;
  let overIntervals = 0;
  i.requirement.forEach((day, d) =>
    day.forEach((row, t) =>
      row.forEach((need, s) => {
        const have = staffed[d]![t]![s]!;
        underIntervals += Math.max(0, need - have);
        overIntervals += Math.max(0, have - need);
      }),
    ),
  );
  const templates = new Map(i.templates.map((t) => [t.id, t]));
  const on = (e: string, d: number) => roster.find((a) => a.employee === e && a.day === d);
  let wishes = 0;
  for (const e of i.employees) {
    for (const d of e.requests?.daysOff ?? []) if (on(e.id, d)) wishes += w.dayOff;
    for (const x of e.requests?.desired ?? []) if (on(e.id, x.day)?.template !== x.template) wishes += w.desired;
    for (const x of e.requests?.undesired ?? [])
      wishes +=
        w.undesired *
        roster.filter(
          (a) => a.employee === e.id && a.template === x.template && (x.day === undefined || a.day === x.day),
        ).length;
  }
  let fairness = 0;
  for (let wk = 0; wk < i.days / 7; wk++) {
    let weekend = 0;
    let unpopular = 0;
    let beyond = 0;
    const share = fairExtraHours(i, wk);
    for (const e of i.employees) {
      const mine = roster.filter((a) => a.employee === e.id && Math.floor(a.day / 7) === wk);
      weekend = Math.max(weekend, mine.filter((a) => i.weekendDays.includes(a.day)).length);
      unpopular = Math.max(unpopular, mine.filter((a) => templates.get(a.template)?.unpopular).length);
      beyond += Math.max(
        0,
        mine.reduce((h, a) => h + paidHours(i, templates.get(a.template) as ShiftTemplate), 0) - e.minHours - share,
      );
    }
    fairness += w.weekend * weekend + w.unpopular * unpopular + w.hours * beyond;
  }
  const under = w.under * underIntervals;
  const over = w.over * overIntervals;
  return { total: under + over + wishes + fairness, under, over, wishes, fairness, underIntervals, overIntervals };
}
