/**
 * The staffing plan's program (step 1 of roster.ts): counts per day, template and skill without the
 * people, whose optimum bounds every roster from below.
 */
import { allowedTemplates, fairExtraHours, paidHours, weightsOf } from './roster-check.ts';
import { coverageRows, key, ModelBuilder, subsets } from './roster-model.ts';
import type { Employee, RosterInstance, ShiftTemplate } from './roster.types.ts';

/**
 * The staffing plan without the people: how many work each template and skill each day (n), split by
 * contract class (people allowed the same templates: c), under limits every roster meets. For each
 * class and every set of skills T:
 * - per day, no more people counted on T than the class's available people with a skill in T (Hall's
 *   condition, which makes the people behind a day's counts exist);
 * - per week, no more hours or shifts on T than those people's contracts allow (their maximum days
 *   capped by the days they are available), and at least the minimum hours of the people who have no
 *   skill outside T (they can work nowhere else);
 * - per week, the "shortness" of the shifts on T, Σ (L − paid hours) over them with L the class's
 *   longest shift, at most Σ (L · days − minimum hours) over those people: each person works at most
 *   their days and at least their minimum, so short shifts are limited (a full-timer with 32–40 h in at
 *   most five days can take at most two 4-hour shifts a week). Without it the plan fills the peaks with
 *   short shifts nobody's contract could take, and its bound is loose on small staffs.
 * Every roster is a plan meeting these, so the plan's optimum bounds the best roster from below; the
 * fairness terms get their own bound (someone works at least the average number of weekend shifts; the
 * hours beyond fair shares are at least their total beyond the sum of the shares).
 */
export function buildAggregate(inst: RosterInstance) {
  const w = weightsOf(inst);
  const m = new ModelBuilder();
  const S = inst.skills.length;
  const n = new Map<string, number>();
  const skillMask = (e: Employee) =>
    e.skills.reduce((mask, s) => (inst.skills.includes(s) ? mask | (1 << inst.skills.indexOf(s)) : mask), 0);
  // Contract classes: employees allowed the same templates.
  const classOf = (e: Employee) => (e.templates ? [...e.templates].sort().join(',') : '*');
  const classes = [...new Set(inst.employees.map(classOf))].map((id) => {
    const members = inst.employees.filter((e) => classOf(e) === id);
    const templates = allowedTemplates(members[0] as Employee, inst.templates);
    return {
      id,
      members,
      templates,
      longest: Math.max(0, ...templates.map((t) => paidHours(inst, t))),
      mask: members.reduce((mask, e) => mask | skillMask(e), 0),
    };
  });
  // n per day, template and skill (what coverage counts), and its split by class.
  const byClass = new Map<string, number>();
  for (let d = 0; d < inst.days; d++)
    for (const t of inst.templates)
      for (let s = 0; s < S; s++) {
        const total = m.col(0, 0, inst.employees.length, true);
        n.set(key(d, t.id, s), total);
        const parts: Array<[number, number]> = [];
        classes.forEach((c, ci) => {
          if (!(c.mask & (1 << s)) || !c.templates.includes(t)) return;
          const col = m.col(0, 0, c.members.length, true);
          byClass.set(key(d, t.id, s, ci), col);
          parts.push([col, -1]);
        });
        m.row([[total, 1], ...parts], 0, 0);
      }
  const terms = (ci: number, T: number, days: number[], f: (t: ShiftTemplate) => number) => {
    const c = classes[ci] as (typeof classes)[number];
    const out: Array<[number, number]> = [];
    for (const d of days)
      for (const t of c.templates)
        for (let s = 0; s < S; s++) {
          const col = byClass.get(key(d, t.id, s, ci));
          if (T & (1 << s) && col !== undefined) out.push([col, f(t)]);
        }
    return out;
  };
  classes.forEach((c, ci) => {
    for (const T of subsets(S)) {
      if (!(T & c.mask)) continue;
      const reach = c.members.filter((e) => skillMask(e) & T);
      const confined = c.members.filter((e) => (skillMask(e) & ~T) === 0);
      // Hall's condition per day.
      for (let d = 0; d < inst.days; d++)
        m.row(
          terms(ci, T, [d], () => 1),
          -Infinity,
          reach.filter((e) => !e.unavailable?.includes(d)).length,
        );
      for (let wk = 0; wk < inst.days / 7; wk++) {
        const days = Array.from({ length: 7 }, (_, i) => wk * 7 + i);
        const workable = (e: Employee) => Math.min(e.maxDays, days.filter((d) => !e.unavailable?.includes(d)).length);
        m.row(
          terms(ci, T, days, (t) => paidHours(inst, t)),
          confined.reduce((h, e) => h + e.minHours, 0),
          reach.reduce((h, e) => h + Math.min(e.maxHours, c.longest * workable(e)), 0),
        );
        m.row(
          terms(ci, T, days, () => 1),
          -Infinity,
          reach.reduce((k, e) => k + workable(e), 0),
        );
        m.row(
          terms(ci, T, days, (t) => c.longest - paidHours(inst, t)),
          -Infinity,
          reach.reduce((x, e) => x + Math.max(0, c.longest * workable(e) - e.minHours), 0),
        );
      }
    }
  });
  coverageRows(inst, m, n);
  for (let wk = 0; wk < inst.days / 7; wk++) {
    const days = Array.from({ length: 7 }, (_, i) => wk * 7 + i);
    const all = (filter: (d: number, t: ShiftTemplate) => boolean, f: (t: ShiftTemplate) => number) =>
      days.flatMap((d) =>
        inst.templates
          .filter((t) => filter(d, t))
          .flatMap((t) =>
            Array.from({ length: S }, (_, s) => [n.get(key(d, t.id, s)) as number, f(t)] as [number, number]),
          ),
      );
    // Someone works at least the average number of weekend (and unpopular) shifts.
    const weekend = m.col(w.weekend, 0, 7, true);
    const unpopular = m.col(w.unpopular, 0, 7, true);
    const share = () => 1 / inst.employees.length;
    m.row([...all((d) => inst.weekendDays.includes(d), share), [weekend, -1]], -Infinity, 0);
    m.row([...all((_, t) => Boolean(t.unpopular), share), [unpopular, -1]], -Infinity, 0);
    // … and the hours beyond everyone's fair share are at least the total beyond it.
    const beyond = m.col(w.hours, 0, Infinity, false);
    m.row(
      [
        ...all(
          () => true,
          (t) => paidHours(inst, t),
        ),
        [beyond, -1],
      ],
      -Infinity,
      inst.employees.reduce((h, e) => h + e.minHours + fairExtraHours(inst, wk), 0),
    );
  }
  return { model: m, n };
}
