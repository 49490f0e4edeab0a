import { describe, expect, it } from 'vitest';
import { erlangAMetrics, erlangB, erlangCMetrics, requiredAgents } from './erlang.ts';
import { simulateDay } from './simulate.ts';

// The textbook example: 100 calls in 30 minutes, 180 s handle time, 80% answered within 20 s.
const example = { arrivals: 100, period: 1800, aht: 180, targetTime: 20 };

describe('Erlang B and C', () => {
  it('reproduces the published example to 1e-6', () => {
    const m = erlangCMetrics(14, example);
    expect(m.pWait).toBeCloseTo(0.1741319, 6);
    expect(m.serviceLevel).toBeCloseTo(0.88835, 5);
    expect(m.asa).toBeCloseTo(7.835937, 6);
    expect(m.occupancy).toBeCloseTo(0.7142857, 7);
    expect(requiredAgents(example, { serviceLevel: 0.8 })).toMatchObject({ agents: 14, staff: 14 });
    // 13 agents miss the target.
    expect(erlangCMetrics(13, example).serviceLevel).toBeLessThan(0.8);
  });

  it('matches the Erlang B table (10 servers, 5 Erlangs: 1.8385%)', () => {
    expect(erlangB(10, 5)).toBeCloseTo(0.0183846, 7);
  });

  it('adds agents for an occupancy cap and staff for shrinkage', () => {
    // 10 Erlangs at most 70% busy: 15 agents (10/14 = 0.714 is over the cap).
    expect(requiredAgents(example, { serviceLevel: 0.8, maxOccupancy: 0.7 }).agents).toBe(15);
    // 30% of paid time away from the counter: 14 / 0.7 = 20 staff.
    expect(requiredAgents(example, { serviceLevel: 0.8, shrinkage: 0.3 })).toMatchObject({ agents: 14, staff: 20 });
    expect(() => requiredAgents(example, { serviceLevel: 0.8, shrinkage: 1 })).toThrow(/shrinkage/);
  });

  it('needs nobody when nobody comes, and more agents than the load when someone does', () => {
    expect(requiredAgents({ ...example, arrivals: 0 }, { serviceLevel: 0.8 }).agents).toBe(0);
    expect(erlangCMetrics(10, example).serviceLevel).toBe(0);
  });
});

describe('Erlang A', () => {
  it('becomes Erlang C as patience grows without bound', () => {
    const a = erlangAMetrics(14, { ...example, patience: 1e9 });
    const c = erlangCMetrics(14, example);
    expect(a.pWait).toBeCloseTo(c.pWait, 6);
    expect(a.serviceLevel).toBeCloseTo(c.serviceLevel, 6);
    expect(a.asa).toBeCloseTo(c.asa, 4);
    expect(a.pAbandon).toBeLessThan(1e-7);
  });

  it('agrees with a simulation of M/M/N+M within the simulation’s 99% confidence interval', () => {
    const q = { ...example, patience: 120 };
    const theory = erlangAMetrics(12, q);
    // 40 independent days of 20 hours at a constant rate; the first and last hour left out (warm-up, closing).
    const days = Array.from({ length: 40 }, (_, seed) => {
      const intervals = Array.from({ length: 40 }, (_, i) => ({
        start: i * 1800,
        length: 1800,
        arrivals: 100,
        agents: 12,
      }));
      const body = simulateDay({
        intervals,
        aht: 180,
        exponential: true,
        patience: 120,
        targetTime: 20,
        seed: seed + 1,
      }).intervals.slice(2, -2);
      const n = body.reduce((s, x) => s + x.arrivals, 0);
      const share = (f: (x: (typeof body)[number]) => number) => body.reduce((s, x) => s + f(x), 0) / n;
      return {
        pAbandon: share((x) => x.abandoned),
        pWait: share((x) => x.waited),
        serviceLevel: share((x) => x.servedWithin),
      };
    });
    for (const key of ['pAbandon', 'pWait', 'serviceLevel'] as const) {
      const xs = days.map((d) => d[key]);
      const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
      const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1));
      const half = (2.708 * sd) / Math.sqrt(xs.length); // t(0.995, 39)
      expect(
        Math.abs(theory[key] - mean),
        `${key}: theory ${theory[key]}, simulated ${mean} ± ${half}`,
      ).toBeLessThanOrEqual(half);
    }
  });

  it('staffs fewer agents than Erlang C when some customers give up, and caps abandonment when asked', () => {
    const q = { ...example, patience: 120 };
    expect(requiredAgents(q, { serviceLevel: 0.8 }).agents).toBe(12);
    const capped = requiredAgents(q, { serviceLevel: 0.8, maxAbandon: 0.02 });
    expect(capped.pAbandon).toBeLessThanOrEqual(0.02);
    expect(erlangAMetrics(capped.agents - 1, q).pAbandon).toBeGreaterThan(0.02);
  });
});
