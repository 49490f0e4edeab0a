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
 * Days off and desired shifts granted are decided in the plan too (a day off takes its person out of
 * the day's counts, a desired shift needs a count on it), so the plan pays for the wishes it refuses.
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
  const terms = (ci: number, T: number, days: number[], f: (t: ShiftTemplate) => number, only?: ShiftTemplate) => {
    const c = classes[ci] as (typeof classes)[number];
    const out: Array<[number, number]> = [];
    for (const d of days)
      for (const t of only ? [only] : c.templates)
        for (let s = 0; s < S; s++) {
          const col = byClass.get(key(d, t.id, s, ci));
          if (T & (1 << s) && col !== undefined) out.push([col, f(t)]);
        }
    return out;
  };
  // Wishes: a day off granted (o = 1) takes its person out of that day's count; a desired shift
  // granted (g = 1) needs someone of the class on that template and skill. Each costs its weight unless
  // granted (the weight in the offset, less it on the column), as in the program person by person.
  const dayOff = new Map<string, number>(); // employee|day → o
  classes.forEach((c, ci) => {
    for (const e of c.members) {
      for (const d of new Set(e.requests?.daysOff ?? []))
        if (d >= 0 && d < inst.days && !e.unavailable?.includes(d)) {
          m.offset += w.dayOff;
          dayOff.set(key(e.id, d), m.col(-w.dayOff, 0, 1, true));
        }
      for (const want of e.requests?.desired ?? []) {
        m.offset += w.desired;
        const t = c.templates.find((x) => x.id === want.template);
        if (!t || want.day < 0 || want.day >= inst.days || e.unavailable?.includes(want.day)) continue;
        const g = m.col(-w.desired, 0, 1, true);
        const on = terms(ci, skillMask(e), [want.day], () => 1, t);
        // The granted wishes on this shift are at most the people of the class on it with their skills.
        m.row([[g, 1], ...on.map(([col]) => [col, -1] as [number, number])], -Infinity, 0);
        const off = dayOff.get(key(e.id, want.day));
        if (off !== undefined)
          m.row(
            [
              [g, 1],
              [off, 1],
            ],
            -Infinity,
            1,
          );
      }
    }
  });
  classes.forEach((c, ci) => {
    for (const T of subsets(S)) {
      if (!(T & c.mask)) continue;
      const reach = c.members.filter((e) => skillMask(e) & T);
      const confined = c.members.filter((e) => (skillMask(e) & ~T) === 0);
      // Hall's condition per day, less the people given the day off.
      for (let d = 0; d < inst.days; d++) {
        const available = reach.filter((e) => !e.unavailable?.includes(d));
        const off = available.flatMap((e) => {
          const o = dayOff.get(key(e.id, d));
          return o === undefined ? [] : [[o, 1] as [number, number]];
        });
        m.row([...terms(ci, T, [d], () => 1), ...off], -Infinity, available.length);
      }
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
