/**
 * The rostering program, person by person (roster.ts solves it): x[e,d,k] = employee e works template k
 * on day d (only where the employee is available and the contract allows k); n[d,k,s] = how many of the
 * people on k that day work skill s. Coverage rows are written over the counts n, not over each employee
 * (a few hundred rows instead of one per employee and interval). Which person can take which skill is
 * kept exact by Hall's condition per (day, template): for every set of skills T, the people counted on T
 * are at most the people on the shift who have a skill in T; with three skills that is seven rows, and it
 * is exactly the condition for an assignment of people to skills to exist (recovered afterwards by
 * matching, roster-result.ts).
 *
 * Hard: availability, contract templates, one shift a day, weekly minimum and maximum hours and days,
 * rest between consecutive days, skills. Soft (the objective, see roster-check.ts `cost`): under- and
 * over-staffing per interval and skill, unmet days off, desired and undesired shifts, and per week the
 * largest count of weekend and unpopular shifts on any one employee, and each employee's hours beyond
 * their fair share of the week's extra hours.
 */
import { allowedTemplates, fairExtraHours, paidHours, restConflict, weightsOf, worked } from './roster-check.ts';
import type { Assignment, Employee, RosterInstance, ShiftTemplate } from './roster.types.ts';

/** Rows and columns, built sparse. */
export class ModelBuilder {
  readonly cost: number[] = [];
  readonly lower: number[] = [];
  readonly upper: number[] = [];
  readonly integer: number[] = [];
  readonly rowLower: number[] = [];
  readonly rowUpper: number[] = [];
  readonly starts: number[] = [0];
  readonly indices: number[] = [];
  readonly values: number[] = [];
  offset = 0;

  col(cost: number, lower: number, upper: number, integer: boolean): number {
    this.cost.push(cost);
    this.lower.push(lower);
    this.upper.push(upper);
    this.integer.push(integer ? 1 : 0);
    return this.cost.length - 1;
  }

  row(terms: Array<[number, number]>, lower: number, upper: number) {
    if (terms.length === 0) return;
    for (const [c, v] of terms) {
      this.indices.push(c);
      this.values.push(v);
    }
    this.starts.push(this.indices.length);
    this.rowLower.push(lower);
    this.rowUpper.push(upper);
  }

  data(inf: number, relax: boolean) {
    const fix = (xs: number[]) => xs.map((v) => (v === Infinity ? inf : v === -Infinity ? -inf : v));
    return {
      numCols: this.cost.length,
      numRows: this.rowLower.length,
      offset: this.offset,
      colCost: this.cost,
      colLower: this.lower,
      colUpper: fix(this.upper),
      rowLower: fix(this.rowLower),
      rowUpper: fix(this.rowUpper),
      matrix: {
        format: 'csr' as const,
        numRows: this.rowLower.length,
        numCols: this.cost.length,
        starts: this.starts,
        indices: this.indices,
        values: this.values,
      },
      ...(relax ? {} : { integrality: this.integer as Array<0 | 1> }),
    };
  }
}

export interface Built {
  model: ModelBuilder;
  x: Map<string, number>;
  n: Map<string, number>;
  /** Column values of a roster, for a start. */
  start(roster: Assignment[]): number[];
}

export const key = (...parts: Array<string | number>) => parts.join('|');

/** Non-empty subsets of the skill indices, as bit masks. */
export const subsets = (skills: number) => Array.from({ length: (1 << skills) - 1 }, (_, m) => m + 1);

/**
 * Coverage per day, interval and skill over the counts n (day|template|skill → column), with under- and
 * over-staffing columns at their weights; intervals nobody can cover and nobody needs are left out.
 */
export function coverageRows(inst: RosterInstance, m: ModelBuilder, n: Map<string, number>) {
  const w = weightsOf(inst);
  const covering = inst.templates.map((t) => new Set(worked(t)));
  for (let d = 0; d < inst.days; d++)
    for (let iv = 0; iv < inst.intervalsPerDay; iv++)
      for (let s = 0; s < inst.skills.length; s++) {
        const need = inst.requirement[d]?.[iv]?.[s] ?? 0;
        const terms: Array<[number, number]> = [];
        inst.templates.forEach((t, k) => {
          const col = n.get(key(d, t.id, s));
          if (col !== undefined && (covering[k] as Set<number>).has(iv)) terms.push([col, 1]);
        });
        if (terms.length === 0 && need === 0) continue;
        const under = m.col(w.under, 0, Infinity, false);
        const over = m.col(w.over, 0, Infinity, false);
        m.row([...terms, [under, 1], [over, -1]], need, need);
      }
}

/**
 * The program for `inst`; `previous` (the day before day 0, for rest) forbids what would follow it too
 * closely.
 */
export function build(
  inst: RosterInstance,
  previous: Map<string, ShiftTemplate> = new Map(),
  offered: (d: number, template: string) => boolean = () => true,
): Built {
  const w = weightsOf(inst);
  const m = new ModelBuilder();
  const S = inst.skills.length;
  const x = new Map<string, number>();
  const n = new Map<string, number>();
  const skillMask = (e: Employee) =>
    e.skills.reduce((mask, s) => (inst.skills.includes(s) ? mask | (1 << inst.skills.indexOf(s)) : mask), 0);

  // x: who works what.
  for (const e of inst.employees) {
    const allowed = allowedTemplates(e, inst.templates);
    const daysOff = new Set(e.requests?.daysOff ?? []);
    for (let d = 0; d < inst.days; d++) {
      if (e.unavailable?.includes(d) || skillMask(e) === 0) continue;
      for (const t of allowed) {
        if (!offered(d, t.id)) continue;
        if (d === 0 && previous.has(e.id) && restConflict(inst, e, previous.get(e.id) as ShiftTemplate, t)) continue;
        let c = 0;
        if (daysOff.has(d)) c += w.dayOff;
        for (const u of e.requests?.undesired ?? [])
          if (u.template === t.id && (u.day === undefined || u.day === d)) c += w.undesired;
        for (const want of e.requests?.desired ?? []) if (want.day === d && want.template === t.id) c -= w.desired;
        x.set(key(e.id, d, t.id), m.col(c, 0, 1, true));
      }
    }
    // A desired shift costs its weight unless worked: the weight here, less it on the wished column.
    m.offset += w.desired * (e.requests?.desired?.length ?? 0);
  }
  // n: how many on each shift work each skill; Hall's condition ties them to the people.
  for (let d = 0; d < inst.days; d++) {
    for (const t of inst.templates) {
      const on = inst.employees.filter((e) => x.has(key(e.id, d, t.id)));
      if (on.length === 0) continue;
      for (let s = 0; s < S; s++)
        n.set(key(d, t.id, s), m.col(0, 0, on.filter((e) => skillMask(e) & (1 << s)).length, true));
      for (const mask of subsets(S)) {
        const counted: Array<[number, number]> = [];
        for (let s = 0; s < S; s++) if (mask & (1 << s)) counted.push([n.get(key(d, t.id, s)) as number, 1]);
        const people: Array<[number, number]> = on
          .filter((e) => skillMask(e) & mask)
          .map((e) => [x.get(key(e.id, d, t.id)) as number, -1]);
        // Everyone on the shift counts at a counter (the full set: equality).
        m.row([...counted, ...people], mask === (1 << S) - 1 ? 0 : -Infinity, 0);
      }
    }
  }
  coverageRows(inst, m, n);
  // Each employee: one shift a day, weekly hours and days, rest.
  const weeks = inst.days / 7;
  const weekendMax: number[] = [];
  const unpopularMax: number[] = [];
  for (let wk = 0; wk < weeks; wk++) {
    weekendMax.push(m.col(w.weekend, 0, 7, false));
    unpopularMax.push(m.col(w.unpopular, 0, 7, false));
  }
  for (const e of inst.employees) {
    const allowed = allowedTemplates(e, inst.templates);
    const cols = (d: number, filter: (t: ShiftTemplate) => boolean = () => true) =>
      allowed
        .filter(filter)
        .flatMap((t) => (x.has(key(e.id, d, t.id)) ? [[x.get(key(e.id, d, t.id)) as number, t] as const] : []));
    for (let d = 0; d < inst.days; d++)
      m.row(
        cols(d).map(([c]) => [c, 1]),
        -Infinity,
        1,
      );
    for (let wk = 0; wk < weeks; wk++) {
      const days = Array.from({ length: 7 }, (_, i) => wk * 7 + i);
      const hours = days.flatMap((d) => cols(d).map(([c, t]) => [c, paidHours(inst, t)] as [number, number]));
      m.row(hours, e.minHours, e.maxHours);
      // Hours beyond the employee's fair share of the week's extra hours.
      const beyond = m.col(w.hours, 0, Infinity, false);
      m.row([...hours, [beyond, -1]], -Infinity, e.minHours + fairExtraHours(inst, wk));
      m.row(
        days.flatMap((d) => cols(d).map(([c]) => [c, 1] as [number, number])),
        -Infinity,
        e.maxDays,
      );
      const weekend = days
        .filter((d) => inst.weekendDays.includes(d))
        .flatMap((d) => cols(d).map(([c]) => [c, 1] as [number, number]));
      if (weekend.length) m.row([...weekend, [weekendMax[wk] as number, -1]], -Infinity, 0);
      const unpopular = days.flatMap((d) =>
        cols(d, (t) => Boolean(t.unpopular)).map(([c]) => [c, 1] as [number, number]),
      );
      if (unpopular.length) m.row([...unpopular, [unpopularMax[wk] as number, -1]], -Infinity, 0);
    }
    for (let d = 0; d + 1 < inst.days; d++)
      for (const [c, t] of cols(d)) {
        const clash = cols(d + 1, (u) => restConflict(inst, e, t, u));
        if (clash.length) m.row([[c, 1], ...clash.map(([cc]) => [cc, 1] as [number, number])], -Infinity, 1);
      }
  }

  const start = (roster: Assignment[]) => {
    // Evaluate the roster and read each column's value off it: x and n from the roster, slacks from coverage.
    const v = new Array<number>(m.cost.length).fill(0);
    for (const a of roster) {
      const c = x.get(key(a.employee, a.day, a.template));
      if (c !== undefined) v[c] = 1;
      const nc = n.get(key(a.day, a.template, inst.skills.indexOf(a.skill)));
      if (nc !== undefined) v[nc] = (v[nc] as number) + 1;
    }
    return v;
  };
  return { model: m, x, n, start };
}

/** A full start vector: HiGHS derives nothing, so slacks and maxima are set from the rows. */
export function completeStart(b: Built, partial: number[]): number[] {
  const m = b.model;
  const v = [...partial];
  // Each row with a single free continuous column (under/over, the weekly maxima) is satisfied by it.
  for (let r = 0; r < m.rowLower.length; r++) {
    const from = m.starts[r] as number;
    const to = m.starts[r + 1] as number;
    let activity = 0;
    const free: Array<[number, number]> = [];
    for (let k = from; k < to; k++) {
      const c = m.indices[k] as number;
      if (m.integer[c] === 0) free.push([c, m.values[k] as number]);
      else activity += (m.values[k] as number) * (v[c] as number);
    }
    if (free.length === 0) continue;
    const lo = m.rowLower[r] as number;
    const hi = m.rowUpper[r] as number;
    if (free.length === 2 && lo === hi) {
      // Coverage: need = staffed + under − over.
      const gap = lo - activity;
      const [[under], [over]] = free as [[number, number], [number, number]];
      v[under] = Math.max(0, gap);
      v[over] = Math.max(0, -gap);
    } else if (free.length === 1) {
      const [c, coef] = free[0] as [number, number];
      // activity + coef·y <= hi with coef −1: y >= activity − hi.
      if (coef < 0) v[c] = Math.max(v[c] as number, (activity - hi) / -coef);
    }
  }
  return v;
}
