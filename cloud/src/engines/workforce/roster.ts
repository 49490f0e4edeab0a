/**
 * Rostering as a mixed-integer program on HiGHS (npm `highs`, WebAssembly).
 *
 * Variables: x[e,d,k] = employee e works template k on day d (only where the employee is available and
 * the contract allows k); n[d,k,s] = how many of the people on k that day work skill s. Coverage rows
 * are written over the counts n, not over each employee (a few hundred rows instead of one per
 * employee and interval). Which person can take which skill is kept exact by Hall's condition per
 * (day, template): for every set of skills T, the people counted on T are at most the people on the
 * shift who have a skill in T; with three skills that is seven rows, and it is exactly the condition
 * for an assignment of people to skills to exist (recovered afterwards by matching).
 *
 * Hard: availability, contract templates, one shift a day, weekly minimum and maximum hours and days,
 * rest between consecutive days, skills. Soft (the objective, see roster-check.ts `cost`): under- and
 * over-staffing per interval and skill, unmet days off, desired and undesired shifts, and per week the
 * largest count of weekend and unpopular shifts on any one employee, and each employee's hours beyond
 * their fair share of the week's extra hours.
 *
 * The greedy roster (roster-greedy.ts) is passed as a start. Runs stop at the target gap or the time
 * limit (checked in HiGHS's MIP callback), and report HiGHS's proven dual bound. Horizons longer than a
 * week are solved week by week (contracts and fairness are weekly, so the weeks couple only through rest
 * across the week boundary); the sum of the weeks' bounds is a bound for the whole when that rest
 * cannot bind, and otherwise the weeks' LP relaxations without it give the bound.
 */
// The package's types describe its CommonJS build; Node's import loads the ES module, whose default
// export is the loader. A namespace import is typed and runs the same in both.
import * as highsPackage from 'highs';
import type { CallbackEventFor, Highs } from 'highs';
import {
  allowedTemplates,
  cost,
  coverage,
  fairExtraHours,
  paidHours,
  restConflict,
  violations,
  weightsOf,
  worked,
} from './roster-check.ts';
import { greedyRoster } from './roster-greedy.ts';
import { Sampler } from './sampling.ts';
import type { Assignment, Employee, RosterInstance, RosterResult, ShiftTemplate, UnmetWish } from './roster.types.ts';

let loaded: Promise<Highs> | null = null;
const highs = () => (loaded ??= (highsPackage.default as unknown as () => Promise<Highs>)());

/** Rows and columns, built sparse. */
class ModelBuilder {
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

interface Built {
  model: ModelBuilder;
  x: Map<string, number>;
  n: Map<string, number>;
  /** Column values of a roster, for a start. */
  start(roster: Assignment[]): number[];
}

const key = (...parts: Array<string | number>) => parts.join('|');

/** Non-empty subsets of the skill indices, as bit masks. */
const subsets = (skills: number) => Array.from({ length: (1 << skills) - 1 }, (_, m) => m + 1);

/**
 * Coverage per day, interval and skill over the counts n (day|template|skill → column), with under- and
 * over-staffing columns at their weights; intervals nobody can cover and nobody needs are left out.
 */
function coverageRows(inst: RosterInstance, m: ModelBuilder, n: Map<string, number>) {
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
function build(
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

/**
 * The staffing plan without the people: how many work each template and skill each day (n), under the
 * limits the whole staff implies — per day, for every set of (template group, skill) slots, no more than
 * the available people who could fill one (Hall's condition); per week, no more hours or days than the contracts allow in
 * total (for every set of skills), and at least the contracts' minimum hours. Every roster is a plan
 * meeting these, so its optimum bounds the best roster from below; the fairness terms get their own
 * bound (someone works at least the average number of weekend shifts; the hours beyond fair shares
 * are at least their total beyond the sum of the shares).
 */
function buildAggregate(inst: RosterInstance) {
  const w = weightsOf(inst);
  const m = new ModelBuilder();
  const S = inst.skills.length;
  const n = new Map<string, number>();
  const skillMask = (e: Employee) =>
    e.skills.reduce((mask, s) => (inst.skills.includes(s) ? mask | (1 << inst.skills.indexOf(s)) : mask), 0);
  // Contract classes: employees allowed the same templates.
  const classOf = (e: Employee) => (e.templates ? [...e.templates].sort().join(',') : '*');
  const classes = [...new Set(inst.employees.map(classOf))];
  const classTemplates = classes.map(
    (c) =>
      new Set(
        allowedTemplates(inst.employees.find((e) => classOf(e) === c) as Employee, inst.templates).map((t) => t.id),
      ),
  );
  for (let d = 0; d < inst.days; d++)
    inst.templates.forEach((t) => {
      for (let s = 0; s < S; s++) n.set(key(d, t.id, s), m.col(0, 0, inst.employees.length, true));
    });
  // Slot kinds: (template group, skill), templates grouped by which contract classes may work them.
  // Hall's condition per day: any set of slot kinds holds no more people than those available who could
  // take one of them.
  const groupOf = (t: ShiftTemplate) =>
    classes.filter((_, c) => (classTemplates[c] as Set<string>).has(t.id)).join(';');
  const groups = [...new Set(inst.templates.map(groupOf))].filter((g) => g !== '');
  const kinds = groups.flatMap((g) => Array.from({ length: S }, (_, s) => ({ g, s })));
  for (let d = 0; d < inst.days; d++) {
    const available = inst.employees.filter((e) => !e.unavailable?.includes(d));
    for (let mask = 1; mask < 1 << kinds.length; mask++) {
      const chosen = kinds.filter((_, i) => mask & (1 << i));
      const terms: Array<[number, number]> = [];
      inst.templates.forEach((t) => {
        for (const k of chosen) if (groupOf(t) === k.g) terms.push([n.get(key(d, t.id, k.s)) as number, 1]);
      });
      const people = available.filter((e) =>
        chosen.some((k) => k.g.split(';').includes(classOf(e)) && skillMask(e) & (1 << k.s)),
      ).length;
      m.row(terms, -Infinity, people);
    }
  }
  // Templates nobody may work.
  inst.templates.forEach((t) => {
    if (!classTemplates.some((set) => set.has(t.id)))
      for (let d = 0; d < inst.days; d++) for (let s = 0; s < S; s++) m.upper[n.get(key(d, t.id, s)) as number] = 0;
  });
  coverageRows(inst, m, n);
  for (let wk = 0; wk < inst.days / 7; wk++) {
    const days = Array.from({ length: 7 }, (_, i) => wk * 7 + i);
    // Per week, for every set of slot kinds: no more shifts or hours than the contracts of the people
    // who could take one of them allow; and each contract class gets at least its minimum hours.
    for (let mask = 1; mask < 1 << kinds.length; mask++) {
      const chosen = kinds.filter((_, i) => mask & (1 << i));
      const staff = inst.employees.filter((e) =>
        chosen.some((k) => k.g.split(';').includes(classOf(e)) && skillMask(e) & (1 << k.s)),
      );
      const cols = (f: (t: ShiftTemplate) => number) =>
        days.flatMap((d) =>
          inst.templates.flatMap((t) =>
            chosen
              .filter((k) => groupOf(t) === k.g)
              .map((k) => [n.get(key(d, t.id, k.s)) as number, f(t)] as [number, number]),
          ),
        );
      m.row(
        cols((t) => paidHours(inst, t)),
        -Infinity,
        staff.reduce((h, e) => h + e.maxHours, 0),
      );
      m.row(
        cols(() => 1),
        -Infinity,
        staff.reduce((c, e) => c + e.maxDays, 0),
      );
    }
    classes.forEach((c) => {
      const members = inst.employees.filter((e) => classOf(e) === c);
      const reach = kinds.filter((k) => k.g.split(';').includes(c) && members.some((e) => skillMask(e) & (1 << k.s)));
      const terms = days.flatMap((d) =>
        inst.templates.flatMap((t) =>
          reach
            .filter((k) => groupOf(t) === k.g)
            .map((k) => [n.get(key(d, t.id, k.s)) as number, paidHours(inst, t)] as [number, number]),
        ),
      );
      m.row(
        terms,
        members.reduce((h, e) => h + e.minHours, 0),
        Infinity,
      );
    });
    const allHours = days.flatMap((d) =>
      inst.templates.flatMap((t) =>
        Array.from({ length: S }, (_, s) => [n.get(key(d, t.id, s)) as number, paidHours(inst, t)] as [number, number]),
      ),
    );
    m.row(
      allHours,
      inst.employees.reduce((h, e) => h + e.minHours, 0),
      Infinity,
    );
    // Someone works at least the average number of weekend (and unpopular) shifts.
    const weekend = m.col(w.weekend, 0, 7, true);
    const unpopular = m.col(w.unpopular, 0, 7, true);
    const all = (filter: (d: number, t: ShiftTemplate) => boolean) =>
      days.flatMap((d) =>
        inst.templates
          .filter((t) => filter(d, t))
          .flatMap((t) =>
            Array.from(
              { length: S },
              (_, s) => [n.get(key(d, t.id, s)) as number, 1 / inst.employees.length] as [number, number],
            ),
          ),
      );
    m.row([...all((d) => inst.weekendDays.includes(d)), [weekend, -1]], -Infinity, 0);
    m.row([...all((_, t) => Boolean(t.unpopular)), [unpopular, -1]], -Infinity, 0);
    // … and the hours beyond everyone's fair share are at least the total beyond it.
    const beyond = m.col(w.hours, 0, Infinity, false);
    const hourTerms = days.flatMap((d) =>
      inst.templates.flatMap((t) =>
        Array.from({ length: S }, (_, s) => [n.get(key(d, t.id, s)) as number, paidHours(inst, t)] as [number, number]),
      ),
    );
    m.row(
      [...hourTerms, [beyond, -1]],
      -Infinity,
      inst.employees.reduce((h, e) => h + e.minHours + fairExtraHours(inst, wk), 0),
    );
  }
  return { model: m, n };
}

/** A full start vector: HiGHS derives nothing, so slacks and maxima are set from the rows. */
function completeStart(b: Built, partial: number[]): number[] {
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

/** People to skills on one shift: a matching that respects skills (Hall's condition makes one exist). */
function assignSkills(inst: RosterInstance, people: Employee[], counts: number[]): string[] {
  // Augmenting paths: slots for each skill, each person to one slot.
  const slots: number[] = counts.flatMap((c, s) => Array.from({ length: Math.round(c) }, () => s));
  const slotOf = new Array<number>(people.length).fill(-1);
  const personOf = new Array<number>(slots.length).fill(-1);
  const can = (p: number, slot: number) =>
    people[p]?.skills.includes(inst.skills[slots[slot] as number] as string) ?? false;
  const augment = (p: number, seen: Set<number>): boolean => {
    for (let slot = 0; slot < slots.length; slot++) {
      if (!can(p, slot) || seen.has(slot)) continue;
      seen.add(slot);
      if (personOf[slot] === -1 || augment(personOf[slot] as number, seen)) {
        personOf[slot] = p;
        slotOf[p] = slot;
        return true;
      }
    }
    return false;
  };
  people.forEach((_, p) => augment(p, new Set()));
  // Anyone left over (only when counts were rounded oddly) takes their first skill.
  return people.map((e, p) =>
    slotOf[p] === -1
      ? (e.skills.find((s) => inst.skills.includes(s)) as string)
      : (inst.skills[slots[slotOf[p] as number] as number] as string),
  );
}

function rosterFrom(inst: RosterInstance, b: Built, values: ArrayLike<number>): Assignment[] {
  const out: Assignment[] = [];
  for (let d = 0; d < inst.days; d++)
    for (const t of inst.templates) {
      const people = inst.employees.filter((e) => {
        const c = b.x.get(key(e.id, d, t.id));
        return c !== undefined && (values[c] as number) > 0.5;
      });
      if (people.length === 0) continue;
      const counts = inst.skills.map((_, s) => {
        const c = b.n.get(key(d, t.id, s));
        return c === undefined ? 0 : Math.round(values[c] as number);
      });
      assignSkills(inst, people, counts).forEach((skill, p) =>
        out.push({ employee: (people[p] as Employee).id, day: d, template: t.id, skill }),
      );
    }
  return out;
}

export interface SolveOptions {
  /** Stop at this relative gap (default 1%). */
  gap?: number;
  /** Seconds (default 30; per week when solving week by week). */
  timeLimit?: number;
  /**
   * A work limit instead of the clock: at most this many branch-and-bound nodes per solver run (and
   * at most LNS_ROUNDS neighbourhood rounds), with no time limit. The same instance then gives the same
   * roster, bound and gap on any machine, however busy — for tests and reproducible runs.
   */
  nodes?: number;
  /** Solve a longer horizon week by week (default: when it is longer than a week). */
  byWeek?: boolean;
  /** Progress of the search (best roster's cost, proven bound), for a progress line. */
  onProgress?: (p: { seconds: number; objective: number; bound: number; gap: number }) => void;
}

interface MipAnswer {
  roster: Assignment[];
  objective: number;
  bound: number;
}

/** Runs a built model from a start until `stop` says so; the solution, and HiGHS's own bound. */
async function run(
  built: { model: ModelBuilder },
  start: number[] | null,
  timeLimit: number,
  stop: (primal: number, dual: number) => boolean,
  onProgress: SolveOptions['onProgress'],
  relax = false,
  gap = 1e-4,
  nodes?: number,
) {
  const h = await highs();
  const model = h.createModel(built.model.data(h.infinity, relax));
  try {
    model.options.set({
      output_flag: false,
      mip_rel_gap: gap,
      // A work limit, or the clock: never both (the clock would make a work-limited run machine-dependent).
      ...(nodes !== undefined ? { mip_max_nodes: nodes } : { time_limit: Math.max(0.5, timeLimit) }),
    });
    if (start) model.setSolution({ colValue: start });
    const started = performance.now();
    model.run({
      [h.constants.callbackType.mipInterrupt]: (event: CallbackEventFor<6>) => {
        const primal = event.data.mip_primal_bound ?? Infinity;
        const dual = event.data.mip_dual_bound ?? -Infinity;
        onProgress?.({
          seconds: (performance.now() - started) / 1000,
          objective: primal,
          bound: dual,
          gap: event.data.mip_gap ?? Infinity,
        });
        if (stop(primal, dual) || (nodes === undefined && (performance.now() - started) / 1000 > timeLimit))
          event.interrupt();
        return undefined;
      },
    });
    if (model.getModelStatus() === h.constants.modelStatus.infeasible) throw new RosterInfeasible();
    if (Number(model.info.get('primal_solution_status')) !== h.constants.solutionStatus.feasible)
      throw new RosterInfeasible(
        nodes === undefined
          ? 'no roster found within the time limit; allow more time'
          : 'no roster found within the work limit; allow more nodes',
      );
    const dual = relax ? model.getObjectiveValue() : Number(model.info.get('mip_dual_bound'));
    return { values: model.getSolution().colValue, bound: Number.isFinite(dual) ? dual : 0 };
  } finally {
    model.dispose();
  }
}

const relGap = (primal: number, dual: number) => (primal > 0 ? (primal - dual) / primal : 0);

/** No roster meets the hard rules (a contract's minimum hours against availability, usually). */
export class RosterInfeasible extends Error {
  constructor(
    message = 'no roster meets the hard rules: check the contracts’ minimum hours and days against availability and the allowed templates',
  ) {
    super(message);
  }
}

/** Neighbourhood rounds at most under a work limit (under a time limit, the clock ends them). */
const LNS_ROUNDS = 30;

/** Above this many person-day-template columns, a week searches neighbourhoods before the whole program. */
const LNS_FROM = 15_000;

/** Small instances: the full program, to optimality or the gap. */
const SMALL = 3_000;

/** The cheapest of the rosters that keep every hard rule, or null. */
function cheapestValid(inst: RosterInstance, candidates: Array<Assignment[] | null>): Assignment[] | null {
  let best: { roster: Assignment[]; cost: number } | null = null;
  for (const r of candidates) {
    if (!r || violations(inst, r).length > 0) continue;
    const c = cost(inst, r).total;
    if (!best || c < best.cost) best = { roster: r, cost: c };
  }
  return best?.roster ?? null;
}

/** A solver run that may find nothing: null then, instead of RosterInfeasible. */
async function attempt<T>(fn: () => Promise<T>): Promise<T | null> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof RosterInfeasible) return null;
    throw err;
  }
}

async function solveMip(
  inst: RosterInstance,
  opts: Required<Omit<SolveOptions, 'byWeek' | 'onProgress' | 'nodes'>> & Pick<SolveOptions, 'onProgress' | 'nodes'>,
  previous?: Map<string, ShiftTemplate>,
  boundWithout?: boolean,
): Promise<MipAnswer> {
  const started = performance.now();
  const nodes = opts.nodes;
  // Under a work limit the clock plays no part: every run has its node limit, and time is never short.
  const left = () => (nodes === undefined ? opts.timeLimit - (performance.now() - started) / 1000 : Infinity);
  /** One solver run with `seconds` of the time budget (or the work limit). */
  const solve = (
    built: { model: ModelBuilder },
    start: number[] | null,
    seconds: number,
    stop: (primal: number, dual: number) => boolean,
    gap?: number,
  ) => run(built, start, seconds, stop, opts.onProgress, false, gap, nodes);
  if (inst.employees.length * inst.days * inst.templates.length <= SMALL) {
    const b = build(inst, previous);
    const start = greedyRoster(inst, previous);
    const { values, bound } = await solve(
      b,
      completeStart(b, b.start(start)),
      opts.timeLimit,
      (p, d) => relGap(p, d) <= opts.gap,
      Math.min(1e-4, opts.gap),
    );
    // Never worse than the greedy start, whatever the time limit let the solver do.
    const roster = cheapestValid(inst, [rosterFrom(inst, b, values), start]) ?? rosterFrom(inst, b, values);
    const objective = cost(inst, roster).total;
    return { roster, objective, bound: Math.min(boundWithout ? await lpBound(inst, nodes) : bound, objective) };
  }
  // The whole program (every template), built once when a step needs it.
  let wholeModel: Built | null = null;
  const whole = () => (wholeModel ??= build(inst, previous));
  let greedyAll: Assignment[] | null = null;
  const greedyEverywhere = () => (greedyAll ??= greedyRoster(inst, previous));

  // 1. The plan: counts per day, template and skill; its bound holds for every roster.
  const agg = buildAggregate(inst);
  const plan = await solve(agg, null, opts.timeLimit * 0.4, (p, d) => relGap(p, d) <= opts.gap / 4);
  const bound = plan.bound;
  // 2. People onto the shifts the plan uses: the full program restricted to them.
  const counts = new Map<string, number>();
  for (const [k, col] of agg.n)
    if ((plan.values[col] as number) > 0.5) counts.set(k, Math.round(plan.values[col] as number));
  const used = new Set([...counts.keys()].map((k) => k.split('|').slice(0, 2).join('|')));
  const offered = (d: number, t: string) => used.has(key(d, t));
  const b = build(inst, previous, offered);
  const greedy = greedyRoster(inst, previous, offered, counts);
  // 2a. The plan's counts as they are: only who works which of its shifts is left (an assignment
  //     problem the LP nearly solves); infeasible when the plan cannot be staffed person by person.
  for (const [k, nc] of b.n) b.model.lower[nc] = b.model.upper[nc] = counts.get(k) ?? 0;
  const fixed = await attempt(() => solve(b, null, left() / 2, (p) => relGap(p, bound) <= opts.gap));
  let roster: Assignment[] | null = fixed ? rosterFrom(inst, b, fixed.values) : null;
  // 2b. Otherwise, on large instances, a large-neighbourhood search from the best roster so far: a
  //     quarter of the people (and everyone with an unmet wish) may change their shifts, the rest stay;
  //     each round is a small MIP. (Smaller ones go straight to the whole program, step 3.)
  const large = b.x.size > LNS_FROM;
  if (large && (!roster || relGap(cost(inst, roster).total, bound) > opts.gap)) {
    const lb = whole();
    // From the best roster that keeps every hard rule; with none, HiGHS looks for one first.
    let current = cheapestValid(inst, [roster, greedy, greedyEverywhere()]);
    if (!current) {
      const found = await attempt(() => solve(lb, null, left() / 2, (p) => relGap(p, bound) <= opts.gap));
      current = found ? cheapestValid(inst, [rosterFrom(inst, lb, found.values)]) : null;
    }
    if (!current) throw new RosterInfeasible();
    let currentCost = cost(inst, current).total;
    const rng = new Sampler(inst.employees.length * 7919 + inst.days);
    const xLower = [...lb.model.lower];
    const xUpper = [...lb.model.upper];
    for (
      let round = 0;
      left() > 0.5 && relGap(currentCost, bound) > opts.gap && (nodes === undefined || round < LNS_ROUNDS);
      round++
    ) {
      const wishful = new Set(unmetWishes(inst, current).map((u) => u.employee));
      const free = new Set(inst.employees.filter((e) => wishful.has(e.id) || rng.uniform() < 0.25).map((e) => e.id));
      const on = new Set(current.map((a) => key(a.employee, a.day, a.template)));
      for (const [k, col] of lb.x) {
        if (free.has(k.split('|')[0] as string))
          [lb.model.lower[col], lb.model.upper[col]] = [xLower[col] as number, xUpper[col] as number];
        else lb.model.lower[col] = lb.model.upper[col] = on.has(k) ? 1 : 0;
      }
      const answer = await attempt(() =>
        solve(
          lb,
          completeStart(lb, lb.start(current as Assignment[])),
          Math.min(left(), 3),
          (p) => relGap(p, bound) <= opts.gap,
        ),
      );
      const candidate = answer ? cheapestValid(inst, [rosterFrom(inst, lb, answer.values)]) : null;
      const c = candidate ? cost(inst, candidate).total : Infinity;
      if (candidate && c < currentCost - 1e-9) [current, currentCost] = [candidate, c];
    }
    // The whole program is used again below: its bounds as built.
    lb.model.lower.splice(0, xLower.length, ...xLower);
    lb.model.upper.splice(0, xUpper.length, ...xUpper);
    roster = current;
  }
  // The cheapest that keeps every rule: the plan's roster may cost more than a greedy one when the time
  // limit cut its search short (seen with the other core busy), and step 3 starts from this one.
  if (!large) roster = cheapestValid(inst, [roster, greedy, greedyEverywhere()]);
  if (!roster) {
    // Nothing keeps every rule yet: the whole program, with the time left, finds one or proves none.
    const found = await solve(whole(), null, left(), (p) => relGap(p, bound) <= opts.gap);
    roster = rosterFrom(inst, whole(), found.values);
  }
  if (violations(inst, roster).length > 0) throw new RosterInfeasible();
  let objective = cost(inst, roster).total;
  // 3. Not close enough (few people make the plan's bound loose and its shifts hard to staff): the
  //    whole program from this roster, with whatever time is left; its bound may beat the plan's.
  let best = bound;
  if (relGap(objective, best) > opts.gap && left() > 1) {
    const full = whole();
    const from = roster;
    const answer = await attempt(() =>
      solve(full, completeStart(full, full.start(from)), left(), (p, d) => relGap(p, Math.max(d, bound)) <= opts.gap),
    );
    if (answer) {
      best = Math.max(bound, answer.bound);
      const improved = cheapestValid(inst, [rosterFrom(inst, full, answer.values)]);
      const c = improved ? cost(inst, improved).total : Infinity;
      if (improved && c < objective) [roster, objective] = [improved, c];
    }
  }
  return { roster, objective, bound: Math.min(best, objective) };
}

/** The LP relaxation's optimum: a bound on the best roster (used without the previous week's rest). */
async function lpBound(inst: RosterInstance, nodes?: number): Promise<number> {
  return (await run(build(inst), null, 60, () => false, undefined, true, undefined, nodes)).bound;
}

/** One week of a longer instance (days, requests and unavailability shifted to 0–6). */
function weekOf(inst: RosterInstance, wk: number): RosterInstance {
  const from = wk * 7;
  const inWeek = (d: number) => d >= from && d < from + 7;
  return {
    ...inst,
    days: 7,
    weekendDays: inst.weekendDays.filter(inWeek).map((d) => d - from),
    requirement: inst.requirement.slice(from, from + 7),
    employees: inst.employees.map((e) => ({
      ...e,
      unavailable: (e.unavailable ?? []).filter(inWeek).map((d) => d - from),
      requests: {
        daysOff: (e.requests?.daysOff ?? []).filter(inWeek).map((d) => d - from),
        desired: (e.requests?.desired ?? []).filter((x) => inWeek(x.day)).map((x) => ({ ...x, day: x.day - from })),
        undesired: (e.requests?.undesired ?? [])
          .filter((x) => x.day === undefined || inWeek(x.day))
          .map((x) => (x.day === undefined ? x : { ...x, day: x.day - from })),
      },
    })),
  };
}

/** Whether any employee's rest could bind between two consecutive days with these templates. */
const restCanBind = (inst: RosterInstance) =>
  inst.employees.some((e) =>
    allowedTemplates(e, inst.templates).some((a) =>
      allowedTemplates(e, inst.templates).some((b) => restConflict(inst, e, a, b)),
    ),
  );

export async function solveRoster(inst: RosterInstance, options: SolveOptions = {}): Promise<RosterResult> {
  checkInstance(inst);
  const started = performance.now();
  const opts = {
    gap: options.gap ?? 0.01,
    timeLimit: options.timeLimit ?? 30,
    ...(options.nodes !== undefined ? { nodes: options.nodes } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  };
  const byWeek = options.byWeek ?? inst.days > 7;
  let roster: Assignment[] = [];
  let bound = 0;
  if (!byWeek) {
    const answer = await solveMip(inst, opts);
    roster = answer.roster;
    bound = answer.bound;
  } else {
    const templates = new Map(inst.templates.map((t) => [t.id, t]));
    const binds = restCanBind(inst);
    let previous = new Map<string, ShiftTemplate>();
    for (let wk = 0; wk < inst.days / 7; wk++) {
      const answer = await solveMip(weekOf(inst, wk), opts, previous, binds && wk > 0);
      roster.push(...answer.roster.map((a) => ({ ...a, day: a.day + wk * 7 })));
      bound += answer.bound;
      previous = new Map(
        answer.roster.filter((a) => a.day === 6).map((a) => [a.employee, templates.get(a.template) as ShiftTemplate]),
      );
    }
  }
  return report(inst, roster, bound, (performance.now() - started) / 1000, byWeek ? 'mip-by-week' : 'mip');
}

export function checkInstance(inst: RosterInstance) {
  const problems: string[] = [];
  if (!Number.isInteger(inst.days) || inst.days < 7 || inst.days % 7 !== 0)
    problems.push('days: a whole number of weeks (contracts are weekly)');
  if (inst.requirement.length !== inst.days)
    problems.push(`requirement: ${inst.requirement.length} days for ${inst.days}`);
  inst.requirement.forEach((day, d) => {
    if (day.length !== inst.intervalsPerDay)
      problems.push(`requirement[${d}]: ${day.length} intervals for ${inst.intervalsPerDay}`);
    day.forEach(
      (row, t) =>
        row.length !== inst.skills.length &&
        problems.push(`requirement[${d}][${t}]: ${row.length} skills for ${inst.skills.length}`),
    );
  });
  const ids = new Set<string>();
  inst.templates.forEach((t, k) => {
    if (ids.has(t.id)) problems.push(`templates[${k}].id: ${t.id} appears twice`);
    ids.add(t.id);
    if (t.start < 0 || t.start + t.length > inst.intervalsPerDay)
      problems.push(`templates[${k}]: ${t.id} runs outside the day`);
  });
  inst.employees.forEach((e, i) => {
    if (e.minHours > e.maxHours) problems.push(`employees[${i}].minHours: above maxHours`);
    for (const t of e.templates ?? []) if (!ids.has(t)) problems.push(`employees[${i}].templates: no template ${t}`);
    if (!e.skills.some((s) => inst.skills.includes(s)))
      problems.push(`employees[${i}].skills: none of the instance's skills`);
  });
  if (problems.length) throw new RangeError(problems.join('; '));
}

/** Why a wish was not granted: the coverage it would cost, or the contract. */
function unmetWishes(inst: RosterInstance, roster: Assignment[]): UnmetWish[] {
  const out: UnmetWish[] = [];
  const templates = new Map(inst.templates.map((t) => [t.id, t]));
  const base = cost(inst, roster);
  const without = (e: string, d: number) => roster.filter((a) => !(a.employee === e && a.day === d));
  const because = (e: Employee, d: number) => {
    const weekHours = roster
      .filter((a) => a.employee === e.id && Math.floor(a.day / 7) === Math.floor(d / 7))
      .reduce((h, a) => h + paidHours(inst, templates.get(a.template) as ShiftTemplate), 0);
    const mine = roster.find((a) => a.employee === e.id && a.day === d);
    const hoursIfOff = weekHours - (mine ? paidHours(inst, templates.get(mine.template) as ShiftTemplate) : 0);
    if (hoursIfOff < e.minHours) return `the contract's ${e.minHours} h a week needs this day`;
    const short = cost(inst, without(e.id, d)).underIntervals - base.underIntervals;
    if (short > 0)
      return `without them the counters are ${((short * inst.intervalMinutes) / 60).toFixed(1)} staff-hours short that day (${mine?.skill})`;
    return 'outweighed by other wishes and fairness';
  };
  for (const e of inst.employees) {
    for (const d of e.requests?.daysOff ?? [])
      if (roster.some((a) => a.employee === e.id && a.day === d))
        out.push({ employee: e.id, day: d, kind: 'day-off', reason: because(e, d) });
    for (const want of e.requests?.desired ?? []) {
      const got = roster.find((a) => a.employee === e.id && a.day === want.day);
      if (got?.template === want.template) continue;
      const reason = e.unavailable?.includes(want.day)
        ? 'they are unavailable that day'
        : got
          ? `working ${got.template} instead covers more of the requirement`
          : 'no shift that day fits coverage and the contract';
      out.push({ employee: e.id, day: want.day, kind: 'desired', template: want.template, reason });
    }
    for (const u of e.requests?.undesired ?? [])
      for (const a of roster.filter(
        (x) => x.employee === e.id && x.template === u.template && (u.day === undefined || x.day === u.day),
      ))
        out.push({ employee: e.id, day: a.day, kind: 'undesired', template: u.template, reason: because(e, a.day) });
  }
  return out;
}

export function report(
  inst: RosterInstance,
  roster: Assignment[],
  bound: number,
  seconds: number,
  method: RosterResult['method'],
): RosterResult {
  const broken = violations(inst, roster);
  if (broken.length) throw new Error(`the roster breaks hard rules: ${broken.slice(0, 5).join('; ')}`);
  const c = cost(inst, roster);
  const staffed = coverage(inst, roster);
  const hours = inst.intervalMinutes / 60;
  return {
    assignments: roster.sort((a, b) => a.day - b.day || a.employee.localeCompare(b.employee)),
    coverage: inst.requirement.map((day, d) =>
      day.map((row, t) => row.map((required, s) => ({ required, staffed: staffed[d]?.[t]?.[s] ?? 0 }))),
    ),
    unmetWishes: unmetWishes(inst, roster),
    objective: Math.round(c.total * 1e6) / 1e6,
    bound: Math.round(bound * 1e6) / 1e6,
    gap: c.total > 0 ? Math.max(0, (c.total - bound) / c.total) : 0,
    shortfallHours: c.underIntervals * hours,
    excessHours: c.overIntervals * hours,
    seconds,
    method,
  };
}
