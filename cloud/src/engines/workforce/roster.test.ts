import { describe, expect, it } from 'vitest';
import { cost, violations } from './roster-check.ts';
import { greedyRoster } from './roster-greedy.ts';
import { run } from './roster-highs.ts';
import { generateRoster } from './roster-instances.ts';
import { buildAggregate } from './roster-plan.ts';
import { RosterInfeasible, solveRoster } from './roster.ts';
import type { Assignment, Employee, RosterInstance } from './roster.types.ts';
import { Sampler } from './sampling.ts';

/**
 * A week in which each of three people may work two days (the rest unavailable), four one-hour
 * intervals a day, two skills; rest of 22 hours makes a late shift followed by an early one illegal.
 */
function tiny(seed: number): RosterInstance {
  const rng = new Sampler(seed);
  const int = (n: number) => Math.floor(rng.uniform() * n);
  const people: Employee[] = [
    { id: 'e1', skills: ['a'] },
    { id: 'e2', skills: ['a', 'b'] },
    { id: 'e3', skills: ['b'] },
  ].map((p, i) => {
    const open = [int(3) + i, int(3) + i + 1].map((d) => d % 7);
    return {
      ...p,
      minHours: int(3),
      maxHours: 6,
      maxDays: 2,
      minRestHours: 22,
      unavailable: [0, 1, 2, 3, 4, 5, 6].filter((d) => !open.includes(d)),
      requests: {
        daysOff: rng.uniform() < 0.5 ? [open[0] as number] : [],
        desired: rng.uniform() < 0.5 ? [{ day: open[1] as number, template: 'M' }] : [],
        undesired: rng.uniform() < 0.5 ? [{ template: 'A' }] : [],
      },
    };
  });
  return {
    days: 7,
    intervalsPerDay: 4,
    intervalMinutes: 60,
    dayStartMinutes: 9 * 60,
    weekendDays: [0, 6],
    skills: ['a', 'b'],
    requirement: Array.from({ length: 7 }, () => Array.from({ length: 4 }, () => [int(3), int(2)])),
    templates: [
      { id: 'M', start: 0, length: 2 },
      { id: 'A', start: 2, length: 2, unpopular: true },
      { id: 'F', start: 0, length: 4, breaks: [2] },
    ],
    employees: people,
  };
}

/** Every roster of the tiny instance: each person off or on a template, with a skill, on each open day. */
function bruteForce(inst: RosterInstance): number {
  const choices = inst.employees.map((e) => {
    const open = Array.from({ length: inst.days }, (_, d) => d).filter((d) => !e.unavailable?.includes(d));
    return { e, open };
  });
  const slots = choices.flatMap(({ e, open }) => open.map((day) => ({ e, day })));
  const options = slots.map(({ e, day }) => [
    null,
    ...inst.templates.flatMap((t) => e.skills.map((skill) => ({ employee: e.id, day, template: t.id, skill }))),
  ]);
  let best = Infinity;
  const pick: Array<Assignment | null> = [];
  const walk = (i: number) => {
    if (i === options.length) {
      const roster = pick.filter((a): a is Assignment => a !== null);
      if (violations(inst, roster).length === 0) best = Math.min(best, cost(inst, roster).total);
      return;
    }
    for (const o of options[i] as Array<Assignment | null>) {
      pick[i] = o;
      walk(i + 1);
    }
  };
  walk(0);
  return best;
}

describe('rostering', () => {
  // A watchdog, not a speed goal: the brute force and the solver take a few seconds of CPU, more on a busy machine.
  it('finds the brute-force optimum of small instances, and proves it', { timeout: 120_000 }, async () => {
    let compared = 0;
    for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
      const inst = tiny(seed);
      const best = bruteForce(inst);
      if (best === Infinity) {
        await expect(solveRoster(inst, { gap: 0, nodes: 10_000 })).rejects.toBeInstanceOf(RosterInfeasible);
        continue;
      }
      compared += 1;
      const r = await solveRoster(inst, { gap: 0, nodes: 10_000 });
      expect(r.objective, `seed ${seed}`).toBeCloseTo(best, 6);
      expect(r.gap, `seed ${seed}`).toBeLessThan(1e-6);
    }
    expect(compared).toBeGreaterThanOrEqual(5);
  });

  it(
    'never breaks a hard rule on random hall instances, and its bound is below its cost',
    { timeout: 120_000 },
    async () => {
      for (const seed of [11, 12, 13, 14]) {
        const inst = generateRoster({ employees: 12 + (seed % 3) * 6, days: 7, seed });
        const r = await solveRoster(inst, { gap: 0.02, nodes: 200 });
        const roster = r.assignments;
        expect(violations(inst, roster), `seed ${seed}`).toEqual([]);
        expect(cost(inst, roster).total).toBeCloseTo(r.objective, 6);
        expect(r.bound).toBeLessThanOrEqual(r.objective + 1e-6);
        // No worse than the greedy roster it started from.
        const greedy = greedyRoster(inst);
        if (violations(inst, greedy).length === 0)
          expect(r.objective).toBeLessThanOrEqual(cost(inst, greedy).total + 1e-6);
        // Coverage as reported is the roster's.
        const staffed = r.coverage.flat(2).reduce((s, c) => s + c.staffed, 0);
        expect(staffed).toBe(
          roster.reduce(
            (s, a) =>
              s +
              (inst.templates.find((t) => t.id === a.template)?.length ?? 0) -
              (inst.templates.find((t) => t.id === a.template)?.breaks?.length ?? 0),
            0,
          ),
        );
      }
    },
  );

  it(
    'through the staffing plan: the bound never exceeds the best roster, so the gap reported is never below the true gap',
    { timeout: 180_000 },
    async () => {
      let compared = 0;
      for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
        // Two contract classes (e1 on the 2-hour shifts only) and minimum hours that make the plan's
        // shortness rows bind: a 3-hour day for e2 and e3 to reach theirs in their two days.
        const inst = tiny(seed);
        inst.employees = inst.employees.map((e, i) =>
          i === 0 ? { ...e, templates: ['M', 'A'] } : { ...e, minHours: Math.min(5, e.minHours + 3) },
        );
        const best = bruteForce(inst);
        if (best === Infinity) continue;
        compared += 1;
        const plan = await run(buildAggregate(inst), null, 60, () => false, undefined, false, 0, 10_000);
        expect(plan.bound, `seed ${seed}: the plan's bound`).toBeLessThanOrEqual(best + 1e-6);
        const r = await solveRoster(inst, { gap: 0, nodes: 10_000, viaPlan: true });
        expect(violations(inst, r.assignments), `seed ${seed}`).toEqual([]);
        expect(r.bound, `seed ${seed}`).toBeLessThanOrEqual(best + 1e-6);
        expect(r.gap, `seed ${seed}`).toBeGreaterThanOrEqual((r.objective - best) / r.objective - 1e-9);
      }
      expect(compared).toBeGreaterThanOrEqual(4);
    },
  );

  it('proves the 14-person example week within 1% under the default work limit', { timeout: 300_000 }, async () => {
    // `npm run wfm -- roster-example --employees 14 --days 7 --seed 4`: the greedy start broke two
    // contracts and the plan's bound was 10% low; the work limit makes the figures the same anywhere.
    const inst = generateRoster({ employees: 14, days: 7, seed: 4 });
    expect(violations(inst, greedyRoster(inst))).toEqual([]);
    const r = await solveRoster(inst);
    expect(violations(inst, r.assignments)).toEqual([]);
    expect(cost(inst, r.assignments).total).toBeCloseTo(r.objective, 6);
    expect(r.bound).toBeLessThanOrEqual(r.objective);
    expect(r.gap).toBeLessThanOrEqual(0.01);
  });

  it('explains every unmet wish', { timeout: 60_000 }, async () => {
    const inst = generateRoster({ employees: 20, days: 7, seed: 5 });
    const r = await solveRoster(inst, { gap: 0.02, nodes: 200 });
    for (const wish of r.unmetWishes) expect(wish.reason.length).toBeGreaterThan(10);
    const asked = inst.employees.flatMap((e) => (e.requests?.daysOff ?? []).map((day) => ({ e: e.id, day })));
    const refused = asked.filter(({ e, day }) => r.assignments.some((a) => a.employee === e && a.day === day));
    expect(r.unmetWishes.filter((w) => w.kind === 'day-off').map((w) => [w.employee, w.day])).toEqual(
      refused.map((x) => [x.e, x.day]),
    );
  });

  it('says so when the contracts cannot be met', async () => {
    const inst = tiny(1);
    // Available one day only, and one shift is at most 3 hours.
    inst.employees[0] = { ...(inst.employees[0] as Employee), minHours: 4, unavailable: [1, 2, 3, 4, 5, 6] };
    await expect(solveRoster(inst)).rejects.toThrow(/minimum hours/);
  });
});
