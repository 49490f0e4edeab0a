/**
 * The roster review of a past week (排班合理性), pure: the published roster against the traffic that
 * came. Per interval: the arrivals, the clerks required for them (the hall's own planning rule:
 * scheduling/planning.ts, Erlang A pooled over the services its counters share, computed by the
 * cloud process), the clerks planned on the floor and those actually at a
 * counter; the service level the plan promised on the forecast, the one it would have given on the
 * actual traffic, and the one measured (tickets called within target). Then what the engine would have
 * rostered with perfect foresight: the same employees on the hall's shift templates, solved on the
 * actual requirement, judged on the same traffic.
 *
 * Runs in a worker thread (review.worker.ts); the cloud process gathers the inputs (review.service.ts).
 */
import {
  coverage,
  queueMetrics,
  RosterInfeasible,
  solveRoster,
  type Employee,
  type RosterInstance,
  type ShiftTemplate,
} from '@hall/cloud/workforce';

export interface ReviewService {
  id: string;
  /** Service level goal (0–1) within targetSeconds. */
  serviceLevel: number;
  targetSeconds: number;
  patienceSeconds: number;
  /** Handle time per customer at the counter (measured that week, else the configured one). */
  ahtSeconds: number;
}

export interface ReviewInput {
  week: string;
  intervalMinutes: number;
  /** Minutes after midnight of interval 0. */
  dayStartMinutes: number;
  intervalsPerDay: number;
  services: ReviewService[];
  shrinkage: number;
  /** arrivals[day][interval][service]: tickets that came. */
  arrivals: number[][][];
  /** The forecast the roster was made on (same shape), null if none covered the week. */
  forecast: number[][][] | null;
  /** Measured service level per day × interval: tickets called within target, and tickets counted. */
  within: number[][];
  counted: number[][];
  /** People planned on the floor (shift less breaks), as the interval's average. */
  planned: number[][];
  /** People at a counter (sessions less pauses), as the interval's average. */
  atCounters: number[][];
  /** Clerks required per day × interval (pooled), and shared out per service ([day][interval][service]). */
  required: number[][];
  requiredByService: number[][][];
  /** The hall's shift templates as the solver's, and the weekend's day indices (0 = Monday). */
  templates: ShiftTemplate[];
  weekendDays: number[];
  employees: Employee[];
  /** Solver work limit (branch-and-bound nodes): the same week gives the same answer on any machine. */
  nodes: number;
}

export interface IntervalReview {
  arrivals: number;
  forecast: number | null;
  required: number;
  planned: number;
  atCounters: number;
  foresight: number | null;
  /** Service level: the plan on the forecast, the plan on the actual traffic, measured. */
  expectedSl: number | null;
  planSl: number | null;
  actualSl: number | null;
  foresightSl: number | null;
  state: 'short' | 'long' | 'ok' | 'closed';
}

export interface Stretch {
  day: number;
  from: number;
  to: number;
  state: 'short' | 'long';
  /** The largest difference planned − required in the stretch (negative when short), and staff-hours. */
  worst: number;
  staffHours: number;
}

export interface Totals {
  staffHours: number;
  shortfallHours: number;
  excessHours: number;
  /** Arrival-weighted service level on the actual traffic (Erlang A), 0–1. */
  serviceLevel: number | null;
}

export interface WeekReview {
  week: string;
  intervalMinutes: number;
  dayStartMinutes: number;
  intervalsPerDay: number;
  days: IntervalReview[][];
  stretches: Stretch[];
  arrivals: number;
  requiredHours: number;
  plan: Totals & { expectedSl: number | null };
  actual: Totals & { measuredSl: number | null };
  foresight:
    | (Totals & { gap: number; bound: number; objective: number; method: string; employees: number; shifts: number })
    | { infeasible: true; reason: string }
    | null;
}

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

/** The hall as one queue in an interval: arrivals and their weighted handle time, patience and goal. */
function pooled(input: ReviewInput, perService: readonly number[]) {
  const n = sum(perService);
  if (n <= 0) return null;
  const w = (f: (s: ReviewService) => number) => sum(input.services.map((s, k) => (perService[k] ?? 0) * f(s))) / n;
  return {
    arrivals: n,
    aht: w((s) => s.ahtSeconds),
    patience: w((s) => s.patienceSeconds),
    targetTime: w((s) => s.targetSeconds),
    serviceLevel: w((s) => s.serviceLevel),
  };
}

/** Erlang A service level with `people` on the floor (less shrinkage) for this traffic; null without traffic. */
function slWith(input: ReviewInput, perService: readonly number[], people: number): number | null {
  const p = pooled(input, perService);
  if (!p) return null;
  const agents = Math.floor(people * (1 - input.shrinkage) + 1e-9);
  if (agents <= 0) return 0;
  return queueMetrics(agents, {
    arrivals: p.arrivals,
    period: input.intervalMinutes * 60,
    aht: p.aht,
    targetTime: p.targetTime,
    patience: p.patience,
  }).serviceLevel;
}

/** Summed per-interval figures into staff-hours and an arrival-weighted service level. */
function totals(input: ReviewInput, people: (d: number, i: number) => number, need: number[][]): Totals {
  const h = input.intervalMinutes / 60;
  let staffHours = 0;
  let shortfall = 0;
  let excess = 0;
  let slWeighted = 0;
  let weight = 0;
  input.arrivals.forEach((day, d) =>
    day.forEach((per, i) => {
      const p = people(d, i);
      const r = need[d]?.[i] ?? 0;
      staffHours += p * h;
      shortfall += Math.max(0, r - p) * h;
      excess += Math.max(0, p - r) * h;
      const n = sum(per);
      const sl = slWith(input, per, p);
      if (sl !== null) {
        slWeighted += sl * n;
        weight += n;
      }
    }),
  );
  return {
    staffHours,
    shortfallHours: shortfall,
    excessHours: excess,
    serviceLevel: weight > 0 ? slWeighted / weight : null,
  };
}

export async function reviewWeek(
  input: ReviewInput,
  onProgress?: (f: number, note: string) => void,
): Promise<WeekReview> {
  const days = input.arrivals.length;
  const need = input.required;
  // Perfect foresight: the same people on the hall's templates, on the actual requirement.
  const templates = input.templates;
  const inst: RosterInstance = {
    days,
    intervalsPerDay: input.intervalsPerDay,
    intervalMinutes: input.intervalMinutes,
    dayStartMinutes: input.dayStartMinutes,
    weekendDays: input.weekendDays,
    skills: input.services.map((s) => s.id),
    requirement: input.requiredByService,
    templates,
    employees: input.employees,
  };
  onProgress?.(0.1, 'solving');
  let foresight: WeekReview['foresight'] = null;
  let foresightPeople: number[][] | null = null;
  if (input.employees.length > 0 && templates.length > 0) {
    try {
      const res = await solveRoster(inst, { nodes: input.nodes, gap: 0.01 });
      foresightPeople = coverage(inst, res.assignments).map((day) => day.map((per) => sum(per)));
      const fp = foresightPeople;
      foresight = {
        ...totals(input, (d, i) => fp[d]?.[i] ?? 0, need),
        gap: res.gap,
        bound: res.bound,
        objective: res.objective,
        method: res.method,
        employees: new Set(res.assignments.map((a) => a.employee)).size,
        shifts: res.assignments.length,
      };
    } catch (err) {
      if (!(err instanceof RosterInfeasible)) throw err;
      foresight = { infeasible: true, reason: err.message.slice(0, 200) };
    }
  }
  onProgress?.(0.9, 'analysis');
  const fp = foresightPeople;
  const dayRows: IntervalReview[][] = input.arrivals.map((day, d) =>
    day.map((per, i) => {
      const planned = input.planned[d]?.[i] ?? 0;
      const atCounters = input.atCounters[d]?.[i] ?? 0;
      const r = need[d]?.[i] ?? 0;
      const fc = input.forecast?.[d]?.[i] ?? null;
      const arrivals = sum(per);
      const counted = input.counted[d]?.[i] ?? 0;
      const open = arrivals > 0 || planned > 0 || atCounters > 0 || (fc !== null && sum(fc) > 0);
      return {
        arrivals,
        forecast: fc === null ? null : sum(fc),
        required: r,
        planned,
        atCounters,
        foresight: fp ? (fp[d]?.[i] ?? 0) : null,
        expectedSl: fc === null ? null : slWith(input, fc, planned),
        planSl: slWith(input, per, planned),
        actualSl: counted > 0 ? (input.within[d]?.[i] ?? 0) / counted : null,
        foresightSl: fp ? slWith(input, per, fp[d]?.[i] ?? 0) : null,
        state: !open ? 'closed' : planned + 1e-9 < r ? 'short' : planned >= r + 1 ? 'long' : 'ok',
      };
    }),
  );
  const stretches: Stretch[] = [];
  const h = input.intervalMinutes / 60;
  dayRows.forEach((rows, d) => {
    let cur: Stretch | null = null;
    rows.forEach((row, i) => {
      const state = row.state === 'short' || row.state === 'long' ? row.state : null;
      const diff = row.planned - row.required;
      if (cur && cur.state === state) {
        cur.to = i + 1;
        cur.worst = state === 'short' ? Math.min(cur.worst, diff) : Math.max(cur.worst, diff);
        cur.staffHours += Math.abs(diff) * h;
        return;
      }
      if (cur) stretches.push(cur);
      cur = state ? { day: d, from: i, to: i + 1, state, worst: diff, staffHours: Math.abs(diff) * h } : null;
    });
    if (cur) stretches.push(cur);
  });
  stretches.sort((a, b) => b.staffHours - a.staffHours);
  const plan = totals(input, (d, i) => input.planned[d]?.[i] ?? 0, need);
  const actual = totals(input, (d, i) => input.atCounters[d]?.[i] ?? 0, need);
  // The plan's promise on the forecast, weighted by the forecast arrivals.
  let expW = 0;
  let exp = 0;
  dayRows.flat().forEach((r) => {
    if (r.expectedSl !== null && r.forecast) {
      exp += r.expectedSl * r.forecast;
      expW += r.forecast;
    }
  });
  const within = sum(input.within.flat());
  const counted = sum(input.counted.flat());
  return {
    week: input.week,
    intervalMinutes: input.intervalMinutes,
    dayStartMinutes: input.dayStartMinutes,
    intervalsPerDay: input.intervalsPerDay,
    days: dayRows,
    stretches: stretches.slice(0, 40),
    arrivals: sum(input.arrivals.flat(2)),
    requiredHours: sum(need.flat()) * h,
    plan: { ...plan, expectedSl: expW > 0 ? exp / expW : null },
    actual: { ...actual, measuredSl: counted > 0 ? within / counted : null },
    foresight,
  };
}
