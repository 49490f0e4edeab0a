/**
 * Rostering as a mixed-integer program on HiGHS: the solve strategy. The program is built person by
 * person in roster-model.ts and as a staffing plan without the people in roster-plan.ts; roster-highs.ts
 * runs HiGHS, roster-result.ts reads a solution back as a roster and reports it.
 *
 * The greedy roster (roster-greedy.ts) is passed as a start. Runs stop at the target gap or the time
 * limit (checked in HiGHS's MIP callback), and report HiGHS's proven dual bound. Horizons longer than a
 * week are solved week by week (contracts and fairness are weekly, so the weeks couple only through rest
 * across the week boundary); the sum of the weeks' bounds is a bound for the whole when that rest
 * cannot bind, and otherwise the weeks' LP relaxations without it give the bound.
 */
import { allowedTemplates, cost, restConflict, violations } from './roster-check.ts';
import { greedyRoster } from './roster-greedy.ts';
import { relGap, RosterInfeasible, run, type ProgressListener } from './roster-highs.ts';
import { build, completeStart, key, type Built, type ModelBuilder } from './roster-model.ts';
import { buildAggregate } from './roster-plan.ts';
import { report, rosterFrom, unmetWishes } from './roster-result.ts';
import { Sampler } from './sampling.ts';
import type { Assignment, RosterInstance, RosterResult, ShiftTemplate } from './roster.types.ts';

export { RosterInfeasible };

export interface SolveOptions {
  /** Stop at this relative gap (default 1%). */
  gap?: number;
  /**
   * The clock instead of the work limit: seconds (per week when solving week by week). The answer then
   * depends on how fast the machine is and how busy: on two cores shared with other work, a fifth of a
   * core may be all the solver gets.
   */
  timeLimit?: number;
  /**
   * A work limit: at most this many branch-and-bound nodes per solver run (and at most LNS_ROUNDS
   * neighbourhood rounds), with no time limit. The same instance then gives the same roster, bound and
   * gap on any machine, however busy; only the seconds differ. The default (DEFAULT_NODES) unless a
   * time limit is given.
   */
  nodes?: number;
  /**
   * Through the staffing plan (its bound, its staffing) even when the instance is small enough for the
   * whole program at once (default: by size). For comparing the two and for tests on instances small
   * enough to check by hand.
   */
  viaPlan?: boolean;
  /** Solve a longer horizon week by week (default: when it is longer than a week). */
  byWeek?: boolean;
  /** Progress of the search (best roster's cost, proven bound), for a progress line. */
  onProgress?: ProgressListener;
}

interface MipAnswer {
  roster: Assignment[];
  objective: number;
  bound: number;
}

/**
 * The default work limit per solver run. The bench's instances (40 × 7, 120 × 28, seeds 1–3) and the
 * 14 × 7 example reach their target gaps well within it: the plan and its staffing usually close the
 * gap before any run meets the limit.
 */
export const DEFAULT_NODES = 500;

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
  opts: Required<Omit<SolveOptions, 'byWeek' | 'onProgress' | 'nodes' | 'viaPlan'>> &
    Pick<SolveOptions, 'onProgress' | 'nodes' | 'viaPlan'>,
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
  /** The whole program from the greedy roster, to the gap or the limit: small instances, or no plan. */
  const directly = async (): Promise<MipAnswer> => {
    const b = build(inst, previous);
    const start = greedyRoster(inst, previous);
    const { values, bound } = await solve(
      b,
      completeStart(b, b.start(start)),
      left(),
      (p, d) => relGap(p, d) <= opts.gap,
      Math.min(1e-4, opts.gap),
    );
    // Never worse than the greedy start, whatever the time limit let the solver do.
    const roster = cheapestValid(inst, [rosterFrom(inst, b, values), start]) ?? rosterFrom(inst, b, values);
    const objective = cost(inst, roster).total;
    return { roster, objective, bound: Math.min(boundWithout ? await lpBound(inst, nodes) : bound, objective) };
  };
  if (!opts.viaPlan && inst.employees.length * inst.days * inst.templates.length <= SMALL) return directly();
  // The whole program (every template), built once when a step needs it.
  let wholeModel: Built | null = null;
  const whole = () => (wholeModel ??= build(inst, previous));
  let greedyAll: Assignment[] | null = null;
  const greedyEverywhere = () => (greedyAll ??= greedyRoster(inst, previous));

  // 1. The plan: counts per day, template and skill; its bound holds for every roster.
  const agg = buildAggregate(inst);
  const plan = await attempt(() => solve(agg, null, opts.timeLimit * 0.4, (p, d) => relGap(p, d) <= opts.gap / 4));
  // No plan within the time limit (a very busy machine): the whole program from the greedy roster.
  if (!plan) return directly();
  const bound = plan.bound;
  // 2. People onto the shifts the plan uses: the full program restricted to them.
  const counts = new Map<string, number>();
  for (const [k, col] of agg.n)
    if ((plan.values[col] as number) > 0.5) counts.set(k, Math.round(plan.values[col] as number));
  const used = new Set([...counts.keys()].map((k) => k.split('|').slice(0, 2).join('|')));
  const offered = (d: number, t: string) => used.has(key(d, t));
  const b = build(inst, previous, offered);
  let greedyPlanned: Assignment[] | null = null;
  const greedy = () => (greedyPlanned ??= greedyRoster(inst, previous, offered, counts));
  // 2a. The plan's counts as they are: only who works which of its shifts is left (an assignment
  //     problem the LP nearly solves); infeasible when the plan cannot be staffed person by person.
  const [nLower, nUpper] = [[...b.model.lower], [...b.model.upper]];
  for (const [k, nc] of b.n) b.model.lower[nc] = b.model.upper[nc] = counts.get(k) ?? 0;
  const fixed = await staffPlan(
    b,
    (built, seconds, relax) =>
      attempt(() =>
        relax
          ? run(built, null, seconds, () => false, undefined, true, undefined, nodes)
          : solve(built, null, seconds, (p) => relGap(p, bound) <= opts.gap),
      ),
    left() / 2,
  );
  let roster: Assignment[] | null = fixed ? cheapestValid(inst, [rosterFrom(inst, b, fixed)]) : null;
  // The greedy rosters (seconds on a large week) only when the plan's staffing is not close enough.
  const closeEnough = (r: Assignment[] | null) => r !== null && relGap(cost(inst, r).total, bound) <= opts.gap;
  // 2b. The plan could not be staffed as it is (few people: contracts and wishes pull against its
  //     counts), or not closely enough: the same shifts with the counts free, a far smaller program
  //     than the whole (a seventh of its columns) that HiGHS solves to optimality in seconds; its
  //     roster keeps the plan's shape and is usually within a fraction of a percent of the plan.
  if (!closeEnough(roster) && left() > 1) {
    for (const [, nc] of b.n) [b.model.lower[nc], b.model.upper[nc]] = [nLower[nc] as number, nUpper[nc] as number];
    const from = roster;
    const answer = await attempt(() =>
      solve(b, from ? completeStart(b, b.start(from)) : null, left() / 2, (p) => relGap(p, bound) <= opts.gap),
    );
    const candidate = answer ? cheapestValid(inst, [rosterFrom(inst, b, answer.values)]) : null;
    if (candidate && (!roster || cost(inst, candidate).total < cost(inst, roster).total)) roster = candidate;
  }
  // 2c. Otherwise, on large instances, a large-neighbourhood search from the best roster so far: a
  //     quarter of the people (and everyone with an unmet wish) may change their shifts, the rest stay;
  //     each round is a small MIP. (Smaller ones go straight to the whole program, step 3.)
  const large = b.x.size > LNS_FROM;
  if (large && !closeEnough(roster)) {
    const lb = whole();
    // From the best roster that keeps every hard rule; with none, HiGHS looks for one first.
    let current = cheapestValid(inst, [roster, greedy(), greedyEverywhere()]);
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
  if (!large && !closeEnough(roster)) roster = cheapestValid(inst, [roster, greedy(), greedyEverywhere()]);
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
      // Its bound assumes the previous week's roster: a bound for this week alone, not for the horizon.
      if (!boundWithout) best = Math.max(bound, answer.bound);
      const improved = cheapestValid(inst, [rosterFrom(inst, full, answer.values)]);
      const c = improved ? cost(inst, improved).total : Infinity;
      if (improved && c < objective) [roster, objective] = [improved, c];
    }
  }
  return { roster, objective, bound: Math.min(best, objective) };
}

/**
 * The people onto a plan whose counts are fixed (`b`'s n columns): an assignment problem whose LP
 * relaxation is nearly always integral. The LP first; the people it puts on or off a shift outright
 * stay so, and a small MIP settles the few it splits. Solving the same program as a MIP from scratch
 * found the same roster, but spent most of its time on the root node's cuts and heuristics (a minute
 * on 120 people with the other core busy, against seconds for the LP).
 */
async function staffPlan(
  b: Built,
  solve: (b: Built, seconds: number, relax: boolean) => Promise<{ values: ArrayLike<number> } | null>,
  seconds: number,
): Promise<ArrayLike<number> | null> {
  const started = performance.now();
  const lp = await solve(b, seconds, true);
  if (!lp) return null;
  const [lower, upper] = [[...b.model.lower], [...b.model.upper]];
  let split = 0;
  for (const col of b.x.values()) {
    const v = lp.values[col] as number;
    if (v > 1 - 1e-6) b.model.lower[col] = 1;
    else if (v < 1e-6) b.model.upper[col] = 0;
    else split += 1;
  }
  try {
    if (split === 0) return lp.values;
    const left = Math.max(0.5, seconds - (performance.now() - started) / 1000);
    const mip = await solve(b, left, false);
    return mip?.values ?? null;
  } finally {
    b.model.lower.splice(0, lower.length, ...lower);
    b.model.upper.splice(0, upper.length, ...upper);
  }
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
    ...(options.nodes !== undefined || options.timeLimit === undefined
      ? { nodes: options.nodes ?? DEFAULT_NODES }
      : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...(options.viaPlan ? { viaPlan: true } : {}),
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
