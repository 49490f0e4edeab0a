/**
 * The greedy roster: the baseline the solver is measured against, and its start. Repeatedly puts on the
 * (day, template, skill) that removes the most weighted under-staffing for what it adds in
 * over-staffing, with the employee who can take it at the least cost in wishes (those still short of
 * their contract's weekly minimum first); stops when no shift pays for itself; then tops up everyone
 * below their weekly minimum with the least harmful shifts they can work.
 */
import { allowedTemplates, paidHours, restConflict, weightsOf, worked } from './roster-check.ts';
import type { Assignment, Employee, RosterInstance, ShiftTemplate } from './roster.types.ts';

/**
 * `plan` (day|template|skill → count), when given, is filled first — best coverage first, whatever each
 * slot is worth alone — before the usual greedy passes.
 */
export function greedyRoster(
  inst: RosterInstance,
  previous: Map<string, ShiftTemplate> = new Map(),
  offered: (d: number, template: string) => boolean = () => true,
  plan?: Map<string, number>,
): Assignment[] {
  const w = weightsOf(inst);
  const S = inst.skills.length;
  const staffed = inst.requirement.map((day) => day.map(() => new Array<number>(S).fill(0)));
  const shift = new Map<string, ShiftTemplate>(); // employee|day → template
  const roster: Assignment[] = [];
  const hours = new Map<string, number>(); // employee|week → paid hours
  const days = new Map<string, number>();
  const cells = inst.templates.map(worked);
  // Per employee, computed once: the greedy asks for these millions of times on a large month.
  const skillsOf = new Map(
    inst.employees.map((e) => [e.id, e.skills.map((s) => inst.skills.indexOf(s)).filter((i) => i >= 0)]),
  );
  const skillIndex = (e: Employee) => skillsOf.get(e.id) as number[];
  const allowedOf = new Map(inst.employees.map((e) => [e.id, new Set(allowedTemplates(e, inst.templates))]));

  const fits = (e: Employee, d: number, t: ShiftTemplate) => {
    if (e.unavailable?.includes(d) || shift.has(`${e.id}|${d}`) || !offered(d, t.id)) return false;
    if (!allowedOf.get(e.id)?.has(t)) return false;
    const wk = Math.floor(d / 7);
    if ((hours.get(`${e.id}|${wk}`) ?? 0) + paidHours(inst, t) > e.maxHours + 1e-9) return false;
    if ((days.get(`${e.id}|${wk}`) ?? 0) + 1 > e.maxDays) return false;
    const before = d === 0 ? previous.get(e.id) : shift.get(`${e.id}|${d - 1}`);
    const after = shift.get(`${e.id}|${d + 1}`);
    if ((before && restConflict(inst, e, before, t)) || (after && restConflict(inst, e, t, after))) return false;
    return canStillReachMinimum(e, d, t);
  };
  /**
   * Whether, after taking `t` on day `d`, the employee's free days left in the week (within their
   * maximum days) could still bring them to their contract's weekly minimum with their longest shift:
   * without this lookahead a few short shifts early on leave a full-timer below their minimum for good.
   */
  const canStillReachMinimum = (e: Employee, d: number, t: ShiftTemplate) => {
    const wk = Math.floor(d / 7);
    const after = (hours.get(`${e.id}|${wk}`) ?? 0) + paidHours(inst, t);
    if (after >= e.minHours - 1e-9) return true;
    let free = 0;
    for (let day = wk * 7; day < wk * 7 + 7; day++)
      if (day !== d && !e.unavailable?.includes(day) && !shift.has(`${e.id}|${day}`)) free += 1;
    const slots = Math.min(free, e.maxDays - (days.get(`${e.id}|${wk}`) ?? 0) - 1);
    return after + slots * longest(e) >= e.minHours - 1e-9;
  };
  const longestHours = new Map<string, number>();
  const longest = (e: Employee) => {
    let h = longestHours.get(e.id);
    if (h === undefined) {
      h = Math.max(0, ...allowedTemplates(e, inst.templates).map((t) => paidHours(inst, t)));
      longestHours.set(e.id, h);
    }
    return h;
  };
  const wishCost = (e: Employee, d: number, t: ShiftTemplate) => {
    let c = 0;
    if (e.requests?.daysOff?.includes(d)) c += w.dayOff;
    for (const u of e.requests?.undesired ?? [])
      if (u.template === t.id && (u.day === undefined || u.day === d)) c += w.undesired;
    for (const want of e.requests?.desired ?? []) if (want.day === d && want.template === t.id) c -= w.desired;
    return c;
  };
  const place = (e: Employee, d: number, t: ShiftTemplate, s: number) => {
    shift.set(`${e.id}|${d}`, t);
    roster.push({ employee: e.id, day: d, template: t.id, skill: inst.skills[s] as string });
    const wk = Math.floor(d / 7);
    hours.set(`${e.id}|${wk}`, (hours.get(`${e.id}|${wk}`) ?? 0) + paidHours(inst, t));
    days.set(`${e.id}|${wk}`, (days.get(`${e.id}|${wk}`) ?? 0) + 1);
    for (const iv of worked(t)) (staffed[d] as number[][])[iv]![s]! += 1;
  };
  /** What a (day, template, skill) is worth in coverage alone. */
  const coverageGain = (d: number, k: number, s: number) => {
    let gain = 0;
    for (const iv of cells[k] as number[])
      gain += staffed[d]![iv]![s]! < (inst.requirement[d]?.[iv]?.[s] ?? 0) ? w.under : -w.over;
    return gain;
  };
  /** The best employee for a shift: the least wish cost, those short of their minimum first. */
  const bestEmployee = (d: number, t: ShiftTemplate, s: number) => {
    let best: { e: Employee; cost: number } | null = null;
    for (const e of inst.employees) {
      if (!skillIndex(e).includes(s) || !fits(e, d, t)) continue;
      const wk = Math.floor(d / 7);
      const short = (hours.get(`${e.id}|${wk}`) ?? 0) < e.minHours ? -0.5 * w.over : 0;
      const flexibility = 0.01 * skillIndex(e).length; // keep the many-skilled for where only they fit
      const c = wishCost(e, d, t) + short + flexibility;
      if (!best || c < best.cost) best = { e, cost: c };
    }
    return best;
  };

  if (plan) {
    // One pass, scarcest skills first (fewest people can take them), each slot to its best employee.
    const people = (s: number) => inst.employees.filter((e) => skillIndex(e).includes(s)).length;
    const slots = [...plan].map(([slot, count]) => {
      const [d, id, s] = slot.split('|') as [string, string, string];
      return { d: Number(d), k: inst.templates.findIndex((t) => t.id === id), s: Number(s), count };
    });
    slots.sort((a, b) => people(a.s) - people(b.s) || a.d - b.d || a.k - b.k);
    for (const slot of slots)
      for (let c = 0; c < slot.count; c++) {
        const who = bestEmployee(slot.d, inst.templates[slot.k] as ShiftTemplate, slot.s);
        if (!who) break;
        place(who.e, slot.d, inst.templates[slot.k] as ShiftTemplate, slot.s);
      }
  }
  for (;;) {
    let pick: { d: number; k: number; s: number; e: Employee; value: number } | null = null;
    for (let d = 0; d < inst.days; d++)
      for (let k = 0; k < inst.templates.length; k++)
        for (let s = 0; s < S; s++) {
          const gain = coverageGain(d, k, s);
          if (gain <= 0 || (pick && gain <= pick.value)) continue;
          const who = bestEmployee(d, inst.templates[k] as ShiftTemplate, s);
          if (!who) continue;
          const value = gain - who.cost;
          if (value > 0 && (!pick || value > pick.value)) pick = { d, k, s, e: who.e, value };
        }
    if (!pick) break;
    place(pick.e, pick.d, inst.templates[pick.k] as ShiftTemplate, pick.s);
  }
  // Contracts' weekly minimums: the least harmful extra shifts.
  for (const e of inst.employees)
    for (let wk = 0; wk < inst.days / 7; wk++) {
      while ((hours.get(`${e.id}|${wk}`) ?? 0) < e.minHours - 1e-9) {
        let best: { d: number; t: ShiftTemplate; s: number; value: number } | null = null;
        for (let d = wk * 7; d < wk * 7 + 7; d++)
          for (const t of allowedTemplates(e, inst.templates)) {
            if (!fits(e, d, t)) continue;
            for (const s of skillIndex(e)) {
              const value = coverageGain(d, inst.templates.indexOf(t), s) - wishCost(e, d, t) + paidHours(inst, t); // longer shifts reach the minimum sooner
              if (!best || value > best.value) best = { d, t, s, value };
            }
          }
        if (!best) break;
        place(e, best.d, best.t, best.s);
      }
    }
  return roster;
}
