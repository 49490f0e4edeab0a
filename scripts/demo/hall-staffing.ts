/**
 * A demo hall staffed as a real one is: from its traffic forecast (the scenario's expected arrivals per
 * service and half hour, by weekday) through an Erlang A requirement per interval (80% called within the
 * services' 10-minute target, with the customers' patience) to a weekly roster solved with HiGHS by the
 * cloud's workforce engine. `staff-scenarios.ts` writes the roster into the scenario once, at development
 * time; `checkRoster` re-derives the requirement and judges the roster a scenario carries (its test).
 */
import {
  analyseSchedule,
  requiredAgents,
  type Assignment,
  type Employee,
  type RosterInstance,
  type ShiftTemplate,
  type StaffingTarget,
} from '@hall/cloud/workforce';
import { minutes, serviceProfile, type Scenario, type Weekday } from '@hall/simulators';

/** The roster's days: index 0 is Monday. */
export const DAYS: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
/** A Monday: the representative date of each weekday (the scenario's traffic depends on the weekday only). */
const WEEK_OF = '2026-01-05';
/** 80% called within the services' target (10 minutes, the hall config's default). */
export const TARGET: StaffingTarget = { serviceLevel: 0.8 };
export const TARGET_SECONDS = 600;
/** After a service the clerk notes it and the next customer walks up (StaffAgent: 5–25 s of notes). */
const WRAP_SECONDS = 15;
/** A full-time shift: 8 hours at the counter and a 30-minute meal, 3 to 4.5 hours in. */
const FULL_SPAN_MINUTES = 8.5 * 60;
const MEAL_MINUTES = 30;

const dateOf = (day: number) => {
  const d = new Date(`${WEEK_OF}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + day);
  return d.toISOString().slice(0, 10);
};
export const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

/** The hall's weekly window: from the earliest opening to the latest closing, in the scenario's intervals. */
export function window(scenario: Scenario) {
  const open = DAYS.map((d) => scenario.openingHours[d]).filter((h) => h !== null);
  const start = Math.min(...open.map((h) => minutes(h.open)));
  const end = Math.max(...open.map((h) => minutes(h.close)));
  const step = scenario.intraday.intervalMinutes;
  return { start, step, intervals: Math.ceil((end - start) / step) };
}

/** Expected traffic per day, interval and service, with each service's handle time and patience (seconds). */
export function traffic(scenario: Scenario) {
  // Each weekday as itself (a scenario played as one weekday uses that day's roster only).
  const weekly = { ...scenario, asWeekday: undefined };
  const w = window(scenario);
  const speed = scenario.staff.reduce((a, s) => a + s.speed, 0) / scenario.staff.length;
  const [walkMin, walkMax] = scenario.counterBehaviour.walkSeconds;
  const services = scenario.services.map((s) => ({
    id: s.id,
    aht: s.serviceTime.meanMinutes * 60 * speed + (walkMin + walkMax) / 2 + WRAP_SECONDS,
    patience: s.patienceMeanMinutes * 60,
  }));
  const arrivals = DAYS.map((_, day) =>
    scenario.services.map((s) => {
      const out = Array.from({ length: w.intervals }, () => 0);
      const profile = serviceProfile(weekly, s, dateOf(day));
      const hours = scenario.openingHours[DAYS[day] as Weekday];
      if (!profile || !hours) return out;
      const offset = (minutes(hours.open) - w.start) / w.step;
      profile.expected.forEach((x, k) => (out[offset + k] = (out[offset + k] ?? 0) + x));
      // The door queue walks in with the first interval.
      out[offset] = (out[offset] ?? 0) + ((profile.expected[0] ?? 0) * scenario.doorQueueMinutes) / w.step;
      return out;
    }),
  );
  return { window: w, services, arrivals };
}

/** The hall pooled as one queue in one interval: arrivals, and handle time and patience weighted by them. */
function pooled(t: ReturnType<typeof traffic>, day: number, i: number) {
  let n = 0;
  let work = 0;
  let patience = 0;
  t.services.forEach((s, k) => {
    const a = t.arrivals[day]?.[k]?.[i] ?? 0;
    n += a;
    work += a * s.aht;
    patience += a * s.patience;
  });
  return { arrivals: n, aht: n > 0 ? work / n : 0, patience: n > 0 ? patience / n : 0 };
}

/**
 * People needed per day, interval and service: the pooled requirement (counters serve several services)
 * shared out by each service's workload, at least one for every service with customers when there are
 * enough people.
 */
export function requirement(t: ReturnType<typeof traffic>): number[][][] {
  return DAYS.map((_, day) =>
    Array.from({ length: t.window.intervals }, (_, i) => {
      const p = pooled(t, day, i);
      const work = t.services.map((s, k) => (t.arrivals[day]?.[k]?.[i] ?? 0) * s.aht);
      if (p.arrivals <= 0) return work.map(() => 0);
      const total = requiredAgents(
        {
          arrivals: p.arrivals,
          period: t.window.step * 60,
          aht: p.aht,
          targetTime: TARGET_SECONDS,
          patience: p.patience,
        },
        TARGET,
      ).staff;
      const sum = work.reduce((a, b) => a + b, 0);
      const active = work.map((x) => x > 0);
      const base = work.map((_, k): number => (active[k] && total >= active.filter(Boolean).length ? 1 : 0));
      const left = total - base.reduce((a, b) => a + b, 0);
      const exact = work.map((x) => Math.max(0, (left * x) / sum));
      const out = base.map((b, k) => b + Math.floor(exact[k] as number));
      let rest = total - out.reduce((a, b) => a + b, 0);
      const order = exact.map((x, k) => ({ k, r: x - Math.floor(x) })).sort((a, b) => b.r - a.r);
      for (const { k } of order) if (rest-- > 0) out[k] = (out[k] as number) + 1;
      return out;
    }),
  );
}

/** Shift templates on the hall's window: full-time (8 h + a meal) and part-time (4 h, 6 h) every half hour. */
export function templates(scenario: Scenario): ShiftTemplate[] {
  const w = window(scenario);
  const per = (m: number) => m / w.step;
  const out: ShiftTemplate[] = [];
  const full = per(FULL_SPAN_MINUTES);
  const meal = per(MEAL_MINUTES);
  for (let start = 0; start + full <= w.intervals; start++)
    for (let at = per(180); at <= per(270); at++)
      out.push({
        id: `${hhmm(w.start + start * w.step)}-${hhmm(w.start + (start + full) * w.step)} meal ${hhmm(w.start + (start + at) * w.step)}`,
        start,
        length: full,
        breaks: Array.from({ length: meal }, (_, k) => at + k),
        ...(start + full === w.intervals ? { unpopular: true } : {}),
      });
  for (const hours of [4, 6])
    for (let start = 0; start + per(hours * 60) <= w.intervals; start++)
      out.push({
        id: `${hhmm(w.start + start * w.step)}-${hhmm(w.start + start * w.step + hours * 60)}`,
        start,
        length: per(hours * 60),
      });
  return out;
}

/** The scenario's clerks as the roster sees them: trained services (weight ≥ 0.5) and contracts. */
export function employees(scenario: Scenario, fullTime: readonly string[]): Employee[] {
  const part = templates(scenario)
    .filter((t) => !t.breaks)
    .map((t) => t.id);
  return scenario.staff.map((s) => ({
    id: s.id,
    name: s.name,
    skills: Object.entries(s.skills)
      .filter(([, w]) => w >= 0.5)
      .map(([id]) => id),
    ...(fullTime.includes(s.id)
      ? { minHours: 32, maxHours: 40, maxDays: 5 }
      : { minHours: 12, maxHours: 24, maxDays: 4, templates: part }),
    minRestHours: 11,
  }));
}

export function instance(scenario: Scenario, fullTime: readonly string[]): RosterInstance {
  const t = traffic(scenario);
  return {
    days: 7,
    intervalsPerDay: t.window.intervals,
    intervalMinutes: t.window.step,
    dayStartMinutes: t.window.start,
    weekendDays: [5, 6],
    skills: scenario.services.map((s) => s.id),
    requirement: requirement(t),
    templates: templates(scenario),
    employees: employees(scenario, fullTime),
    // A hall is busiest at weekends: everyone works some of them, so sharing them out weighs little.
    weights: { weekend: 2, unpopular: 2 },
  };
}

/** A solved roster as the scenario's `roster`: each weekday's shifts with their meal breaks. */
export function rosterOf(scenario: Scenario, inst: RosterInstance, assignments: Assignment[]): Scenario['roster'] {
  const w = window(scenario);
  const byId = new Map(inst.templates.map((t) => [t.id, t]));
  const at = (interval: number) => hhmm(w.start + interval * w.step);
  return Object.fromEntries(
    DAYS.map((day, d) => [
      day,
      assignments
        .filter((a) => a.day === d)
        .map((a) => {
          const t = byId.get(a.template) as ShiftTemplate;
          const breaks = t.breaks ?? [];
          return {
            staff: a.employee,
            start: at(t.start),
            end: at(t.start + t.length),
            breaks: breaks.length
              ? [
                  {
                    start: at(t.start + (breaks[0] as number)),
                    minutes: breaks.length * w.step,
                    reason: 'meal' as const,
                  },
                ]
              : [],
          };
        })
        .sort((a, b) => a.start.localeCompare(b.start) || a.staff.localeCompare(b.staff)),
    ]),
  ) as Scenario['roster'];
}

/**
 * The roster a scenario carries, judged against its re-derived requirement: per weekday the people at the
 * counters per interval, the pooled Erlang A service level and abandonment this staffing gives, the
 * staff-hours short of the requirement, and the intervals where a service has customers but nobody
 * trained for it is on shift.
 */
export function checkRoster(scenario: Scenario) {
  const t = traffic(scenario);
  const w = t.window;
  const need = requirement(t);
  return DAYS.map((day, d) => {
    const staffed = Array.from({ length: w.intervals }, () => 0);
    const trained = Array.from({ length: w.intervals }, () => new Set<string>());
    for (const shift of scenario.roster?.[day] ?? []) {
      const staff = scenario.staff.find((s) => s.id === shift.staff);
      for (let i = 0; i < w.intervals; i++) {
        const from = w.start + i * w.step;
        const to = from + w.step;
        const onShift = minutes(shift.start) <= from && to <= minutes(shift.end);
        const onBreak = shift.breaks.some((b) => minutes(b.start) < to && from < minutes(b.start) + b.minutes);
        if (!onShift || onBreak) continue;
        staffed[i] = (staffed[i] as number) + 1;
        for (const [id, weight] of Object.entries(staff?.skills ?? {})) if (weight > 0) trained[i]?.add(id);
      }
    }
    const points = Array.from({ length: w.intervals }, (_, i) => pooled(t, d, i));
    const arrivals = points.map((p) => p.arrivals);
    const total = arrivals.reduce((a, b) => a + b, 0);
    const aht = points.map((p) => p.aht || 1);
    const patience = total > 0 ? points.reduce((a, p) => a + p.patience * p.arrivals, 0) / total : 1;
    const analysis = analyseSchedule(
      { intervalMinutes: w.step, arrivals, aht, targetTime: TARGET_SECONDS, patience },
      staffed,
      TARGET,
    );
    const uncovered = t.services.flatMap((s, k) =>
      Array.from({ length: w.intervals }, (_, i) => i)
        .filter((i) => (t.arrivals[d]?.[k]?.[i] ?? 0) > 0.05 && !trained[i]?.has(s.id))
        .map((i) => `${s.id} ${hhmm(w.start + i * w.step)}`),
    );
    const required = need[d]?.map((row) => row.reduce((a, b) => a + b, 0)) ?? [];
    return {
      day,
      arrivals: total,
      staffed,
      required,
      staffHours: (staffed.reduce((a, b) => a + b, 0) * w.step) / 60,
      serviceLevel: analysis.serviceLevel,
      pAbandon: analysis.pAbandon,
      shortHours: analysis.shortHours,
      uncovered,
    };
  });
}
