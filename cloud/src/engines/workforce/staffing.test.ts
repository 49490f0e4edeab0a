import { describe, expect, it } from 'vitest';
import { requiredAgents } from './erlang.ts';
import { analyseSchedule, staffingRequirement } from './staffing.ts';

const traffic = { intervalMinutes: 30, arrivals: [20, 100, 160, 60], aht: 180, targetTime: 20 };
const target = { serviceLevel: 0.8 };

describe('staffing requirement', () => {
  it('gives each interval the fewest agents meeting the goal, and the staff for shrinkage', () => {
    const need = staffingRequirement(traffic, { ...target, shrinkage: 0.25 });
    expect(need.map((r) => r.agents)).toEqual(
      traffic.arrivals.map(
        (a) => requiredAgents({ arrivals: a, period: 1800, aht: 180, targetTime: 20 }, target).agents,
      ),
    );
    expect(need[1]).toMatchObject({ agents: 14, staff: 19 });
    need.forEach((r) => expect(r.serviceLevel).toBeGreaterThanOrEqual(0.8));
  });

  it('names the field of bad traffic', () => {
    expect(() => staffingRequirement({ ...traffic, arrivals: [10, -1] }, target)).toThrow(/arrivals\[1\]/);
    expect(() => staffingRequirement({ ...traffic, aht: [180, 180] }, target)).toThrow(/aht: 2 values for 4 intervals/);
  });
});

describe('schedule analysis', () => {
  const required = staffingRequirement(traffic, target).map((r) => r.staff);

  it('finds a schedule equal to the requirement reasonable', () => {
    const a = analyseSchedule(traffic, required, target);
    expect(a.verdict).toBe('reasonable');
    expect(a.serviceLevel).toBeGreaterThanOrEqual(0.8);
    expect(a.coverage).toBe(1);
    expect(a.efficiency).toBe(1);
    expect(a.worst).toEqual([]);
    expect(a.score).toBe(100);
  });

  it('points at the interval that loses the most customers when short', () => {
    const short = [...required];
    short[2] = (short[2] as number) - 4; // the peak, four short
    short[3] = (short[3] as number) - 1;
    const a = analyseSchedule(traffic, short, target);
    expect(a.verdict).toBe('understaffed');
    expect(a.worst[0]).toMatchObject({ interval: 2, gap: -4 });
    expect(a.shortHours).toBeCloseTo(2.5, 9);
    expect(a.serviceLevel).toBeLessThan(0.8);
    expect(a.score).toBeLessThan(100);
  });

  it('calls the same hours in the wrong places misallocated, and too many overstaffed', () => {
    const moved = [...required];
    moved[2] = (moved[2] as number) - 3;
    moved[0] = (moved[0] as number) + 3;
    expect(analyseSchedule(traffic, moved, target).verdict).toBe('misallocated');
    expect(
      analyseSchedule(
        traffic,
        required.map((r) => r * 2),
        target,
      ),
    ).toMatchObject({ verdict: 'overstaffed', coverage: 1 });
  });
});
