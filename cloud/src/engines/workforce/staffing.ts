/**
 * Staff required per interval from the forecast traffic and the service goals (Erlang C, or Erlang A
 * when customers' patience is given), and the answer to "is this schedule reasonable?": staffed against
 * required per interval, the expected service level and abandonment, the intervals that cause the
 * misses, and a score.
 */
import { queueMetrics, requiredAgents, type StaffingTarget } from './erlang.ts';

export interface TrafficInput {
  intervalMinutes: number;
  /** Expected arrivals per interval. */
  arrivals: number[];
  /** Mean handle time in seconds: one for the day, or one per interval. */
  aht: number | number[];
  /** Seconds within which `serviceLevel` of the customers should be called. */
  targetTime: number;
  /** Mean patience in seconds (Erlang A); absent: Erlang C. */
  patience?: number;
}

export interface IntervalRequirement {
  interval: number;
  arrivals: number;
  aht: number;
  agents: number;
  staff: number;
  serviceLevel: number;
  pAbandon: number;
  occupancy: number;
}

const ahtAt = (t: TrafficInput, i: number) => (Array.isArray(t.aht) ? (t.aht[i] ?? t.aht.at(-1) ?? 0) : t.aht);

function check(t: TrafficInput) {
  if (!(t.intervalMinutes > 0)) throw new RangeError('intervalMinutes: must be above 0');
  if (Array.isArray(t.aht) && t.aht.length !== t.arrivals.length)
    throw new RangeError(`aht: ${t.aht.length} values for ${t.arrivals.length} intervals`);
  t.arrivals.forEach((a, i) => {
    if (!(a >= 0)) throw new RangeError(`arrivals[${i}]: must be 0 or more`);
    if (a > 0 && !(ahtAt(t, i) > 0)) throw new RangeError(`aht[${i}]: must be above 0`);
  });
}

export function staffingRequirement(t: TrafficInput, target: StaffingTarget): IntervalRequirement[] {
  check(t);
  return t.arrivals.map((arrivals, i) => {
    const aht = ahtAt(t, i);
    const m = requiredAgents(
      {
        arrivals,
        period: t.intervalMinutes * 60,
        aht,
        targetTime: t.targetTime,
        ...(t.patience === undefined ? {} : { patience: t.patience }),
      },
      target,
    );
    return {
      interval: i,
      arrivals,
      aht,
      agents: m.agents,
      staff: m.staff,
      serviceLevel: m.serviceLevel,
      pAbandon: m.pAbandon,
      occupancy: m.occupancy,
    };
  });
}

export interface ScheduleAnalysis {
  intervals: Array<{
    interval: number;
    arrivals: number;
    staffed: number;
    agents: number;
    required: number;
    gap: number;
    serviceLevel: number;
    pAbandon: number;
    missed: number;
  }>;
  serviceLevel: number;
  pAbandon: number;
  /** Share of the required staff-time the schedule covers, and share of the staffed time that is needed. */
  coverage: number;
  efficiency: number;
  /** Staff-hours short of and beyond the requirement. */
  shortHours: number;
  excessHours: number;
  /** The intervals that lose the most customers to the goal, worst first. */
  worst: Array<{ interval: number; missed: number; gap: number }>;
  score: number;
  verdict: 'reasonable' | 'understaffed' | 'overstaffed' | 'misallocated';
}

/**
 * A schedule (`staffed` people on shift per interval) against traffic. People at the counters are the
 * staffed ones less shrinkage. Score 0–100: half for the service level reached against the goal, three
 * tenths for covering the requirement, a fifth for not staffing beyond it.
 */
export function analyseSchedule(t: TrafficInput, staffed: number[], target: StaffingTarget): ScheduleAnalysis {
  check(t);
  if (staffed.length !== t.arrivals.length)
    throw new RangeError(`staffed: ${staffed.length} values for ${t.arrivals.length} intervals`);
  const need = staffingRequirement(t, target);
  const shrink = target.shrinkage ?? 0;
  const hours = t.intervalMinutes / 60;
  const rows = need.map((r, i) => {
    const people = staffed[i] as number;
    const agents = Math.floor(people * (1 - shrink) + 1e-9);
    const q = {
      arrivals: r.arrivals,
      period: t.intervalMinutes * 60,
      aht: r.aht,
      targetTime: t.targetTime,
      ...(t.patience === undefined ? {} : { patience: t.patience }),
    };
    const m =
      r.arrivals === 0
        ? { serviceLevel: 1, pAbandon: 0 }
        : agents === 0
          ? { serviceLevel: 0, pAbandon: t.patience === undefined ? 0 : 1 }
          : queueMetrics(agents, q);
    const missed = Math.max(0, target.serviceLevel - m.serviceLevel) * r.arrivals;
    return {
      interval: i,
      arrivals: r.arrivals,
      staffed: people,
      agents,
      required: r.staff,
      gap: people - r.staff,
      serviceLevel: m.serviceLevel,
      pAbandon: m.pAbandon,
      missed,
    };
  });
  const arrivals = rows.reduce((s, r) => s + r.arrivals, 0);
  const weighted = (f: (r: (typeof rows)[number]) => number) =>
    arrivals > 0 ? rows.reduce((s, r) => s + f(r) * r.arrivals, 0) / arrivals : 1;
  const required = rows.reduce((s, r) => s + r.required, 0);
  const staffedSum = rows.reduce((s, r) => s + r.staffed, 0);
  const covered = rows.reduce((s, r) => s + Math.min(r.staffed, r.required), 0);
  const serviceLevel = weighted((r) => r.serviceLevel);
  const coverage = required > 0 ? covered / required : 1;
  const efficiency = staffedSum > 0 ? covered / staffedSum : 1;
  const attainment = target.serviceLevel > 0 ? Math.min(1, serviceLevel / target.serviceLevel) : 1;
  const shortHours = rows.reduce((s, r) => s + Math.max(0, -r.gap), 0) * hours;
  const excessHours = rows.reduce((s, r) => s + Math.max(0, r.gap), 0) * hours;
  const meets = serviceLevel >= target.serviceLevel - 1e-9;
  const verdict = meets
    ? efficiency >= 0.85
      ? 'reasonable'
      : 'overstaffed'
    : staffedSum >= required
      ? 'misallocated'
      : 'understaffed';
  return {
    intervals: rows,
    serviceLevel,
    pAbandon: weighted((r) => r.pAbandon),
    coverage,
    efficiency,
    shortHours,
    excessHours,
    worst: rows
      .filter((r) => r.missed > 0)
      .sort((a, b) => b.missed - a.missed)
      .slice(0, 5)
      .map((r) => ({ interval: r.interval, missed: r.missed, gap: r.gap })),
    score: Math.round(100 * (0.5 * attainment + 0.3 * coverage + 0.2 * efficiency)),
    verdict,
  };
}
