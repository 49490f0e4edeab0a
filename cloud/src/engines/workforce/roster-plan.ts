/**
 * The staffing plan's program (step 1 of roster.ts): counts per day, template and skill without the
 * people, whose optimum bounds every roster from below.
 */
import { allowedTemplates, fairExtraHours, paidHours, weightsOf } from './roster-check.ts';
import { coverageRows, key, ModelBuilder } from './roster-model.ts';
import type { Employee, RosterInstance, ShiftTemplate } from './roster.types.ts';

/**
 * The staffing plan without the people: how many work each template and skill each day (n), under the
 * limits the whole staff implies — per day, for every set of (template group, skill) slots, no more than
 * the available people who could fill one (Hall's condition); per week, no more hours or days than the contracts allow in
 * total (for every set of skills), and at least the contracts' minimum hours. Every roster is a plan
 * meeting these, so its optimum bounds the best roster from below; the fairness terms get their own
 * bound (someone works at least the average number of weekend shifts; the hours beyond fair shares
 * are at least their total beyond the sum of the shares).
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
  const classes = [...new Set(inst.employees.map(classOf))];
  const classTemplates = classes.map(
    (c) =>
      new Set(
        allowedTemplates(inst.employees.find((e) => classOf(e) === c) as Employee, inst.templates).map((t) => t.id),
      ),
  );
  for (let d = 0; d < inst.days; d++)
    inst.templates.forEach((t) => {
      for (let s = 0; s < S; s++) n.set(key(d, t.id, s), m.col(0, 0, inst.employees.length, true));
    });
  // Slot kinds: (template group, skill), templates grouped by which contract classes may work them.
  // Hall's condition per day: any set of slot kinds holds no more people than those available who could
  // take one of them.
  const groupOf = (t: ShiftTemplate) =>
    classes.filter((_, c) => (classTemplates[c] as Set<string>).has(t.id)).join(';');
  const groups = [...new Set(inst.templates.map(groupOf))].filter((g) => g !== '');
  const kinds = groups.flatMap((g) => Array.from({ length: S }, (_, s) => ({ g, s })));
  for (let d = 0; d < inst.days; d++) {
    const available = inst.employees.filter((e) => !e.unavailable?.includes(d));
    for (let mask = 1; mask < 1 << kinds.length; mask++) {
      const chosen = kinds.filter((_, i) => mask & (1 << i));
      const terms: Array<[number, number]> = [];
      inst.templates.forEach((t) => {
        for (const k of chosen) if (groupOf(t) === k.g) terms.push([n.get(key(d, t.id, k.s)) as number, 1]);
      });
      const people = available.filter((e) =>
        chosen.some((k) => k.g.split(';').includes(classOf(e)) && skillMask(e) & (1 << k.s)),
      ).length;
      m.row(terms, -Infinity, people);
    }
  }
  // Templates nobody may work.
  inst.templates.forEach((t) => {
    if (!classTemplates.some((set) => set.has(t.id)))
      for (let d = 0; d < inst.days; d++) for (let s = 0; s < S; s++) m.upper[n.get(key(d, t.id, s)) as number] = 0;
  });
  coverageRows(inst, m, n);
  for (let wk = 0; wk < inst.days / 7; wk++) {
    const days = Array.from({ length: 7 }, (_, i) => wk * 7 + i);
    // Per week, for every set of slot kinds: no more shifts or hours than the contracts of the people
    // who could take one of them allow; and each contract class gets at least its minimum hours.
    for (let mask = 1; mask < 1 << kinds.length; mask++) {
      const chosen = kinds.filter((_, i) => mask & (1 << i));
      const staff = inst.employees.filter((e) =>
        chosen.some((k) => k.g.split(';').includes(classOf(e)) && skillMask(e) & (1 << k.s)),
      );
      const cols = (f: (t: ShiftTemplate) => number) =>
        days.flatMap((d) =>
          inst.templates.flatMap((t) =>
            chosen
              .filter((k) => groupOf(t) === k.g)
              .map((k) => [n.get(key(d, t.id, k.s)) as number, f(t)] as [number, number]),
          ),
        );
      m.row(
        cols((t) => paidHours(inst, t)),
        -Infinity,
        staff.reduce((h, e) => h + e.maxHours, 0),
      );
      m.row(
        cols(() => 1),
        -Infinity,
        staff.reduce((c, e) => c + e.maxDays, 0),
      );
    }
    classes.forEach((c) => {
      const members = inst.employees.filter((e) => classOf(e) === c);
      const reach = kinds.filter((k) => k.g.split(';').includes(c) && members.some((e) => skillMask(e) & (1 << k.s)));
      const terms = days.flatMap((d) =>
        inst.templates.flatMap((t) =>
          reach
            .filter((k) => groupOf(t) === k.g)
            .map((k) => [n.get(key(d, t.id, k.s)) as number, paidHours(inst, t)] as [number, number]),
        ),
      );
      m.row(
        terms,
        members.reduce((h, e) => h + e.minHours, 0),
        Infinity,
      );
    });
    const allHours = days.flatMap((d) =>
      inst.templates.flatMap((t) =>
        Array.from({ length: S }, (_, s) => [n.get(key(d, t.id, s)) as number, paidHours(inst, t)] as [number, number]),
      ),
    );
    m.row(
      allHours,
      inst.employees.reduce((h, e) => h + e.minHours, 0),
      Infinity,
    );
    // Someone works at least the average number of weekend (and unpopular) shifts.
    const weekend = m.col(w.weekend, 0, 7, true);
    const unpopular = m.col(w.unpopular, 0, 7, true);
    const all = (filter: (d: number, t: ShiftTemplate) => boolean) =>
      days.flatMap((d) =>
        inst.templates
          .filter((t) => filter(d, t))
          .flatMap((t) =>
            Array.from(
              { length: S },
              (_, s) => [n.get(key(d, t.id, s)) as number, 1 / inst.employees.length] as [number, number],
            ),
          ),
      );
    m.row([...all((d) => inst.weekendDays.includes(d)), [weekend, -1]], -Infinity, 0);
    m.row([...all((_, t) => Boolean(t.unpopular)), [unpopular, -1]], -Infinity, 0);
    // … and the hours beyond everyone's fair share are at least the total beyond it.
    const beyond = m.col(w.hours, 0, Infinity, false);
    const hourTerms = days.flatMap((d) =>
      inst.templates.flatMap((t) =>
        Array.from({ length: S }, (_, s) => [n.get(key(d, t.id, s)) as number, paidHours(inst, t)] as [number, number]),
      ),
    );
    m.row(
      [...hourTerms, [beyond, -1]],
      -Infinity,
      inst.employees.reduce((h, e) => h + e.minHours + fairExtraHours(inst, wk), 0),
    );
  }
  return { model: m, n };
}
