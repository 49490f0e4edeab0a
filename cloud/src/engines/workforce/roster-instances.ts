/**
 * Realistic rostering instances, seeded: a hall open 08:00–20:00 in 15-minute intervals, three skills
 * (billing, SIM and number services, business accounts), the requirement per interval and skill from a
 * two-peak day through Erlang C (80% called within 10 minutes), shift templates every 30 minutes (4 h,
 * 6 h, and 8 h with a 30-minute break after four hours), full- and part-time contracts, a few
 * unavailable days, and wishes: days off, desired early shifts, unwanted late ones. Used by the
 * benchmark and the tests; `npm run wfm -- roster` takes any instance as JSON.
 */
import { requiredAgents } from './erlang.ts';
import type { Employee, RosterInstance, ShiftTemplate } from './roster.types.ts';
import { Sampler } from './sampling.ts';

export interface GeneratedOptions {
  employees: number;
  days: number;
  seed: number;
  /** Requirement as a share of what the staff can work at most (default 0.85). */
  load?: number;
}

const SKILLS = [
  { id: 'billing', share: 0.5, aht: 6 * 60 },
  { id: 'sim', share: 0.3, aht: 10 * 60 },
  { id: 'business', share: 0.2, aht: 15 * 60 },
];
const INTERVALS = 48; // 08:00–20:00 by 15 minutes
const WEEKDAY_VOLUME = [1.25, 0.9, 0.85, 0.85, 0.9, 1.0, 1.35]; // Sunday … Saturday, halls are busiest at weekends

export function hallTemplates(): ShiftTemplate[] {
  const out: ShiftTemplate[] = [];
  const add = (hours: number, breakAfter: number | null) => {
    const length = hours * 4 + (breakAfter === null ? 0 : 2);
    for (let start = 0; start + length <= INTERVALS; start += 2) {
      const hh = 8 + start / 4;
      const id = `${String(Math.floor(hh)).padStart(2, '0')}${hh % 1 ? '30' : '00'}-${hours}h`;
      out.push({
        id,
        start,
        length,
        ...(breakAfter === null ? {} : { breaks: [breakAfter * 4, breakAfter * 4 + 1] }),
        ...(start + length === INTERVALS ? { unpopular: true } : {}),
      });
    }
  };
  add(4, null);
  add(6, null);
  add(8, 4);
  return out;
}

/** Arrivals per 15 minutes for a day of the given weekday, before scaling: peaks late morning and mid-afternoon. */
function dayCurve(weekday: number): number[] {
  return Array.from({ length: INTERVALS }, (_, i) => {
    const h = 8 + (i + 0.5) / 4;
    const shape = 0.35 + Math.exp(-(((h - 10.75) / 1.3) ** 2)) + 0.8 * Math.exp(-(((h - 15.5) / 1.6) ** 2));
    return shape * (WEEKDAY_VOLUME[weekday] as number);
  });
}

function requirement(days: number, scale: number): number[][][] {
  return Array.from({ length: days }, (_, d) =>
    dayCurve(d % 7).map((volume) =>
      SKILLS.map(
        (s) =>
          requiredAgents(
            { arrivals: volume * scale * s.share, period: 900, aht: s.aht, targetTime: 600 },
            { serviceLevel: 0.8 },
          ).agents,
      ),
    ),
  );
}

export function generateRoster(o: GeneratedOptions): RosterInstance {
  const rng = new Sampler(o.seed);
  const templates = hallTemplates();
  const short = templates.filter((t) => !t.breaks).map((t) => t.id);
  const employees: Employee[] = Array.from({ length: o.employees }, (_, i) => {
    const partTime = rng.uniform() < 0.3;
    const primary = (SKILLS[rng.uniform() < 0.5 ? 0 : rng.uniform() < 0.6 ? 1 : 2] as (typeof SKILLS)[number]).id;
    const r = rng.uniform();
    const skills =
      r < 0.15
        ? SKILLS.map((s) => s.id)
        : r < 0.55
          ? [
              primary,
              (SKILLS.find((s) => s.id !== primary && rng.uniform() < 0.6) ?? SKILLS.find((s) => s.id !== primary))
                ?.id as string,
            ]
          : [primary];
    const unavailable: number[] = [];
    const daysOff: number[] = [];
    const desired: Array<{ day: number; template: string }> = [];
    const undesired: Array<{ template: string }> = [];
    for (let wk = 0; wk < o.days / 7; wk++) {
      if (rng.uniform() < 0.25) unavailable.push(wk * 7 + Math.floor(rng.uniform() * 7));
      if (rng.uniform() < 0.4) daysOff.push(wk * 7 + Math.floor(rng.uniform() * 7));
      if (rng.uniform() < 0.3)
        desired.push({ day: wk * 7 + Math.floor(rng.uniform() * 7), template: partTime ? '0800-4h' : '0800-8h' });
    }
    if (rng.uniform() < 0.2) undesired.push({ template: partTime ? '1600-4h' : '1130-8h' });
    return {
      id: `E${String(i + 1).padStart(3, '0')}`,
      skills: [...new Set(skills)],
      minHours: partTime ? 12 : 32,
      maxHours: partTime ? 24 : 40,
      maxDays: partTime ? 4 : 5,
      minRestHours: 11,
      ...(partTime ? { templates: short } : {}),
      ...(unavailable.length ? { unavailable } : {}),
      requests: { daysOff: daysOff.filter((d) => !unavailable.includes(d)), desired, undesired },
    };
  });
  // Scale the traffic until the requirement is the asked share of what the staff can work.
  const capacity = employees.reduce((h, e) => h + e.maxHours, 0) * (o.days / 7);
  const staffHours = (req: number[][][]) => req.flat(2).reduce((a, b) => a + b, 0) / 4;
  let lo = 0;
  let hi = 400;
  for (let k = 0; k < 30; k++) {
    const mid = (lo + hi) / 2;
    if (staffHours(requirement(o.days, mid)) < (o.load ?? 0.85) * capacity) lo = mid;
    else hi = mid;
  }
  return {
    days: o.days,
    intervalsPerDay: INTERVALS,
    intervalMinutes: 15,
    dayStartMinutes: 8 * 60,
    // Day 0 is a Sunday.
    weekendDays: Array.from({ length: o.days }, (_, d) => d).filter((d) => d % 7 === 0 || d % 7 === 6),
    skills: SKILLS.map((s) => s.id),
    requirement: requirement(o.days, lo),
    templates,
    employees,
  };
}
