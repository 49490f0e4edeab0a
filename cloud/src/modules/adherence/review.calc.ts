/**
 * The roster review of a past week (排班合理性), pure: the published roster against the traffic that
 * came. Per interval: the arrivals, the clerks required for them (Erlang A, the hall pooled as one
 * queue: its counters serve several services), the clerks planned on the floor and those actually at a
 * counter; the service level the plan promised on the forecast, the one it would have given on the
 * actual traffic, and the one measured (tickets called within target). Then what the engine would have
 * rostered with perfect foresight: the same employees and kinds of shifts, solved on the actual
 * requirement, judged on the same traffic.
 *
 * Runs in a worker thread (review.worker.ts); the cloud process gathers the inputs (review.service.ts).
 */
import {
  coverage,
  queueMetrics,
  requiredAgents,
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

export interface ReviewShift {
  employeeId: string;
  day: number;
  /** Interval indices from the planning day start: [start, end), breaks as interval indices. */
  start: number;
  end: number;
  breaks: number[];
  serviceId: string | null;
}

export interface ReviewInput {
  week: string;
  intervalMinutes: number;
  /** Minutes after midnight of interval 0. */
  dayStartMinutes: number;
  intervalsPerDay: number;
  services: ReviewService[];
  shrinkage: number;
  maxOccupancy: number;
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
  shifts: ReviewShift[];
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

function required(input: ReviewInput, perService: readonly number[]): number {
  const p = pooled(input, perService);
  if (!p) return 0;
  return requiredAgents(
    {
      arrivals: p.arrivals,
      period: input.intervalMinutes * 60,
      aht: p.aht,
      targetTime: p.targetTime,
      patience: p.patience,
    },
    { serviceLevel: Math.min(0.99, p.serviceLevel), maxOccupancy: input.maxOccupancy, shrinkage: input.shrinkage },
  ).staff;
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

/** The pooled requirement shared out per service by workload (at least one each while there are enough). */
export function splitBySkill(input: ReviewInput, perService: readonly number[], total: number): number[] {
  const work = input.services.map((s, k) => (perService[k] ?? 0) * s.ahtSeconds);
  const all = sum(work);
  if (total <= 0 || all <= 0) return work.map(() => 0);
  const active = work.filter((x) => x > 0).length;
  const base = work.map((x) => (x > 0 && total >= active ? 1 : 0));
  const left = total - sum(base);
  const exact = work.map((x) => (left * x) / all);
  const out = base.map((b, k) => b + Math.floor(exact[k] as number));
  let rest = total - sum(out);
  for (const { k } of exact.map((x, k) => ({ k, r: x - Math.floor(x) })).sort((a, b) => b.r - a.r))
    if (rest-- > 0) out[k] = (out[k] as number) + 1;
  return out;
}

/** The kinds of shifts the roster used (length and breaks relative to the start), at every start that fits. */
export function templatesOf(input: ReviewInput): ShiftTemplate[] {
  const kinds = new Map<string, { length: number; breaks: number[] }>();
  for (const s of input.shifts) {
    const breaks = s.breaks.map((b) => b - s.start).filter((b) => b >= 0 && b < s.end - s.start);
    kinds.set(`${s.end - s.start}/${breaks.join(',')}`, { length: s.end - s.start, breaks });
  }
  const out: ShiftTemplate[] = [];
  for (const [key, k] of kinds)
    for (let start = 0; start + k.length <= input.intervalsPerDay; start++)
      out.push({ id: `${key}@${start}`, start, length: k.length, ...(k.breaks.length ? { breaks: k.breaks } : {}) });
  return out;
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
  const need = input.arrivals.map((day) => day.map((per) => required(input, per)));
  onProgress?.(0.1, 'requirement');
  // Perfect foresight: the same people and kinds of shifts on the actual requirement.
  const templates = templatesOf(input);
  const inst: RosterInstance = {
    days,
    intervalsPerDay: input.intervalsPerDay,
    intervalMinutes: input.intervalMinutes,
    dayStartMinutes: input.dayStartMinutes,
    weekendDays: [5, 6],
    skills: input.services.map((s) => s.id),
    requirement: input.arrivals.map((day, d) => day.map((per, i) => splitBySkill(input, per, need[d]?.[i] ?? 0))),
    templates,
    employees: input.employees,
  };
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
