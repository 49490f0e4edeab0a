/**
 * `npm run bench:roster`: rostering on HiGHS against the greedy baseline, on generated hall instances
 * (roster-instances.ts: 08:00–20:00 in 15-minute intervals, three skills, full- and part-time
 * contracts, unavailable days, days off and shift wishes).
 * - small: 40 staff × 7 days, stopping at a proven gap of 1% (target: within 10 s on 2 cores);
 * - large: 120 staff × 28 days, week by week, stopping at 2% (target: within 60 s).
 * Seeds 1, 2 and 3 (BENCH_SEEDS to choose others); the top-level figures are the worst over the seeds
 * (slowest time, largest gap), each seed's own under `runs`. The solver runs under a work limit
 * (BENCH_NODES branch-and-bound nodes per solver run, no clock), so each seed's roster, bound and gap
 * are the same on any machine; only the seconds depend on it (and on what else runs there).
 * The gap is proven against the staffing plan's bound, which holds for every roster. Each roster is
 * checked against every hard rule by the independent checker. Last line: one JSON object.
 */
import os from 'node:os';
import { cost, generateRoster, greedyRoster, solveRoster, violations } from '@hall/cloud/workforce';

const SEEDS = (process.env.BENCH_SEEDS ?? '1,2,3').split(',').map(Number);
/** The work limit per solver run (branch-and-bound nodes): no clock, so the rosters, bounds and gaps are the same on any machine, however busy; only the seconds change. */
const NODES = Number(process.env.BENCH_NODES ?? 500);
const round = (x: number, d = 3) => Math.round(x * 10 ** d) / 10 ** d;

async function one(seed: number, name: string, employees: number, days: number, gap: number) {
  const inst = generateRoster({ employees, days, seed });
  const t0 = performance.now();
  const greedy = greedyRoster(inst);
  const greedySeconds = (performance.now() - t0) / 1000;
  const greedyCost = cost(inst, greedy);
  const cpu = process.cpuUsage();
  const r = await solveRoster(inst, { gap, nodes: NODES });
  const cpuSeconds = (process.cpuUsage(cpu).user + process.cpuUsage(cpu).system) / 1e6;
  const broken = violations(inst, r.assignments).length + violations(inst, greedy).length;
  const required = inst.requirement.flat(2).reduce((a, b) => a + b, 0) * (inst.intervalMinutes / 60);
  process.stdout.write(
    `seed ${seed} ${name.padEnd(6)} ${employees} staff × ${days} days: solver ${r.seconds.toFixed(1)} s (${cpuSeconds.toFixed(1)} s of CPU), gap ${(100 * r.gap).toFixed(2)}% (target ${100 * gap}%), cost ${r.objective} (bound ${round(r.bound, 1)}), ` +
      `short ${r.shortfallHours} of ${required} staff-hours required, ${r.unmetWishes.length} unmet wishes · greedy ${greedySeconds.toFixed(1)} s, cost ${greedyCost.total}, short ${(greedyCost.underIntervals * inst.intervalMinutes) / 60} staff-hours · hard-rule violations ${broken}\n`,
  );
  return {
    seconds: round(r.seconds, 2),
    /** What the process itself used: the seconds above less the waiting for a core on a busy machine. */
    cpuSeconds: round(cpuSeconds, 2),
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

/** The machine's load while the bench ran (1-minute load average, 2 cores here): the seconds depend on it. */
const loadBefore = os.loadavg()[0] as number;
const runs: Array<{ seed: number; small: Awaited<ReturnType<typeof one>>; large: Awaited<ReturnType<typeof one>> }> =
  [];
for (const seed of SEEDS)
  runs.push({ seed, small: await one(seed, 'small', 40, 7, 0.01), large: await one(seed, 'large', 120, 28, 0.02) });
/** The worst run of the seeds by a figure. */
const worst = (part: 'small' | 'large', field: 'seconds' | 'gap' | 'shortfallHours' | 'greedyShortfallHours') =>
  Math.max(...runs.map((r) => r[part][field]));
process.stdout.write(
  `${JSON.stringify({
    smallSeconds: worst('small', 'seconds'),
    smallGap: worst('small', 'gap'),
    largeSeconds: worst('large', 'seconds'),
    largeGap: worst('large', 'gap'),
    smallShortfallHours: worst('small', 'shortfallHours'),
    smallGreedyShortfallHours: worst('small', 'greedyShortfallHours'),
    largeShortfallHours: worst('large', 'shortfallHours'),
    largeGreedyShortfallHours: worst('large', 'greedyShortfallHours'),
    seeds: SEEDS,
    nodes: NODES,
    load: [round(loadBefore, 2), round(os.loadavg()[0] as number, 2)],
    runs,
  })}\n`,
);
