import { describe, expect, it } from 'vitest';
import { contractOf, levelOf } from './staff-demo.ts';

describe('the demo staff', () => {
  it("reads a scenario clerk's skill weights as levels and contract kinds as week hours", () => {
    expect([1, 0.8, 0.5, 0.3].map(levelOf)).toEqual([3, 2, 2, 1]);
    expect(contractOf('part-time')).toMatchObject({ minWeekHours: 20, maxWeekHours: 30, maxDaysPerWeek: 4 });
    expect(contractOf(undefined)).toMatchObject({ kind: 'full-time', minWeekHours: 32, maxWeekHours: 44 });
  });
});
