/**
 * `npm run bench:roster`: rostering on HiGHS against the greedy baseline, on generated hall instances
 * (roster-instances.ts: 08:00–20:00 in 15-minute intervals, three skills, full- and part-time
 * contracts, unavailable days, days off and shift wishes).
 * - small: 40 staff × 7 days, stopping at a proven gap of 1% (target: within 10 s on 2 cores);
 * - large: 120 staff × 28 days, week by week, stopping at 2% (target: within 60 s).
 * The gap is proven against the staffing plan's bound, which holds for every roster. Each roster is
 * checked against every hard rule by the independent checker. Last line: one JSON object.
 */
import { cost, generateRoster, greedyRoster, solveRoster, violations } from '@hall/cloud/workforce';

const seed = Number(process.env.BENCH_SEED ?? 1);
const round = (x: number, d = 3) => Math.round(x * 10 ** d) / 10 ** d;

async function one(name: string, employees: number, days: number, gap: number, timeLimit: number) {
  const inst = generateRoster({ employees, days, seed });
  const t0 = performance.now();
  const greedy = greedyRoster(inst);
  const greedySeconds = (performance.now() - t0) / 1000;
  const greedyCost = cost(inst, greedy);
  const r = await solveRoster(inst, { gap, timeLimit });
  const broken = violations(inst, r.assignments).length + violations(inst, greedy).length;
  const required = inst.requirement.flat(2).reduce((a, b) => a + b, 0) * (inst.intervalMinutes / 60);
  process.stdout.write(
    `${name.padEnd(6)} ${employees} staff × ${days} days: solver ${r.seconds.toFixed(1)} s, gap ${(100 * r.gap).toFixed(2)}% (target ${100 * gap}%), cost ${r.objective} (bound ${round(r.bound, 1)}), ` +
      `short ${r.shortfallHours} of ${required} staff-hours required, ${r.unmetWishes.length} unmet wishes · greedy ${greedySeconds.toFixed(1)} s, cost ${greedyCost.total}, short ${(greedyCost.underIntervals * inst.intervalMinutes) / 60} staff-hours · hard-rule violations ${broken}\n`,
  );
  return {
    seconds: round(r.seconds, 2),
    gap: round(r.gap, 5),
    objective: r.objective,
    bound: round(r.bound, 2),
    shortfallHours: r.shortfallHours,
    excessHours: r.excessHours,
    greedyShortfallHours: (greedyCost.underIntervals * inst.intervalMinutes) / 60,
    greedyObjective: greedyCost.total,
    requiredHours: required,
    unmetWishes: r.unmetWishes.length,
    violations: broken,
  };
}

const small = await one('small', 40, 7, 0.01, 10);
const large = await one('large', 120, 28, 0.02, 15);
process.stdout.write(
  `${JSON.stringify({
    smallSeconds: small.seconds,
    smallGap: small.gap,
    largeSeconds: large.seconds,
    largeGap: large.gap,
    smallShortfallHours: small.shortfallHours,
    smallGreedyShortfallHours: small.greedyShortfallHours,
    largeShortfallHours: large.shortfallHours,
    largeGreedyShortfallHours: large.greedyShortfallHours,
    small,
    large,
    seed,
  })}\n`,
);
