import { describe, expect, it } from 'vitest';
import { bandOf, rankBy, resolvePeriod } from './views.period.ts';

describe('the periods the KPI views show', () => {
  it('a week runs Monday to Sunday around the date, and compares with the week before', () => {
    expect(resolvePeriod({ kind: 'week', date: '2026-11-08' }, '2026-11-30')).toMatchObject({
      from: '2026-11-02',
      to: '2026-11-08',
      previous: { from: '2026-10-26', to: '2026-11-01' },
    });
  });
  it('a month is the calendar month (February of a leap year too), compared with the month before', () => {
    expect(resolvePeriod({ kind: 'month', date: '2028-03-15' }, '2028-03-20')).toMatchObject({
      from: '2028-03-01',
      to: '2028-03-31',
      previous: { from: '2028-02-01', to: '2028-02-29' },
    });
  });
  it('today is the hall-local date given; a custom span compares with as many days before it', () => {
    expect(resolvePeriod({ kind: 'today' }, '2026-11-30')).toMatchObject({ from: '2026-11-30', to: '2026-11-30' });
    expect(resolvePeriod({ kind: 'custom', from: '2026-11-10', to: '2026-11-19' }, '2026-11-30').previous).toEqual({
      from: '2026-10-31',
      to: '2026-11-09',
    });
  });
  it('refuses a custom span longer than 92 days or running backwards', () => {
    expect(() => resolvePeriod({ kind: 'custom', from: '2026-01-01', to: '2026-04-02' }, '2026-11-30')).not.toThrow();
    expect(() => resolvePeriod({ kind: 'custom', from: '2026-01-01', to: '2026-04-03' }, '2026-11-30')).toThrow(/92/);
    expect(() => resolvePeriod({ kind: 'custom', from: '2026-02-02', to: '2026-02-01' }, '2026-11-30')).toThrow();
  });
});

describe("the hall's band and ranks", () => {
  it('quartiles interpolate between the sorted values', () => {
    expect(bandOf([4, 1, 3, 2])).toEqual({ n: 4, q1: 1.75, median: 2.5, q3: 3.25 });
    expect(bandOf([])).toBeNull();
  });
  it('equal scores share a rank and the next rank skips', () => {
    const r = rankBy([{ s: 5 }, { s: 9 }, { s: 5 }, { s: 1 }], (x) => x.s);
    expect(r.map((x) => [x.rank, x.item.s])).toEqual([
      [1, 9],
      [2, 5],
      [2, 5],
      [4, 1],
    ]);
  });
});
