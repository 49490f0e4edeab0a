/**
 * A solved program read back as a roster (people matched to skills), and the roster's report: coverage,
 * cost, the proven gap, and why each unmet wish was not granted.
 */
import { cost, coverage, paidHours, violations } from './roster-check.ts';
import { key, type Built } from './roster-model.ts';
import type { Assignment, Employee, RosterInstance, RosterResult, ShiftTemplate, UnmetWish } from './roster.types.ts';

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

export function rosterFrom(inst: RosterInstance, b: Built, values: ArrayLike<number>): Assignment[] {
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

/** Why a wish was not granted: the coverage it would cost, or the contract. */
export function unmetWishes(inst: RosterInstance, roster: Assignment[]): UnmetWish[] {
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
