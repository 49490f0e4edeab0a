import { describe, expect, it } from 'vitest';
import { clerkResolver, medianOf, referenceTimes } from './facts.events.ts';

describe('the reference handling time of a service', () => {
  it('is the median to the second: the middle value, or the mean of the two middle ones', () => {
    expect(medianOf(new Map([[300, 3]]), 3)).toBe(300);
    expect(
      medianOf(
        new Map([
          [240, 1],
          [300, 1],
          [360, 2],
        ]),
        4,
      ),
    ).toBe(330);
    expect(medianOf(new Map(), 0)).toBeNull();
  });

  it('slides over the 28 days before each date: a day leaves the window on its 29th day', () => {
    // 2026-11-01 served billing in 100 s; 2026-11-20 in 500 s.
    const rows = [
      { d: '2026-11-01', serviceId: 'billing', h: '100:1' },
      { d: '2026-11-20', serviceId: 'billing', h: '500:1' },
    ];
    const dates = ['2026-11-20', '2026-11-21', '2026-11-28', '2026-11-29', '2026-11-30'];
    const ref = referenceTimes(rows, dates, () => 360);
    expect(ref('2026-11-20', 'billing')).toBe(100); // only the 1st is before the 20th
    expect(ref('2026-11-21', 'billing')).toBe(300); // 100 and 500
    expect(ref('2026-11-29', 'billing')).toBe(300); // the 1st is the 28th day before: still in
    expect(ref('2026-11-30', 'billing')).toBe(500); // the 1st has left
    // A service the window never saw: the configured time.
    expect(ref('2026-11-30', 'broadband')).toBe(360);
  });
});

describe('who a staff number was on a day', () => {
  const people = [
    { id: 'emp-m', staffId: 'M1', hallId: 'H2' },
    { id: 'emp-x', staffId: 'X1', hallId: 'H1' },
  ];
  const moves = [{ employeeId: 'emp-m', fromHallId: 'H1', toHallId: 'H2', effectiveDate: '2026-11-24', id: 1 }];

  it('is the employee whose hall that day was this one, across a move', () => {
    const inH1 = clerkResolver('H1', people, moves);
    expect(inH1('M1', '2026-11-23')).toBe('emp-m');
    expect(inH1('M1', '2026-11-24')).toBe('staff:M1');
    expect(inH1('X1', '2026-11-24')).toBe('emp-x');
    expect(clerkResolver('H2', people, moves)('M1', '2026-11-24')).toBe('emp-m');
    expect(clerkResolver('H2', people, moves)('M1', '2026-11-23')).toBe('staff:M1');
  });

  it('follows a move not yet applied to the employee row (its day has come, the job has not run)', () => {
    const notApplied = [{ id: 'emp-m', staffId: 'M1', hallId: 'H1' }];
    expect(clerkResolver('H2', notApplied, moves)('M1', '2026-11-24')).toBe('emp-m');
    expect(clerkResolver('H1', notApplied, moves)('M1', '2026-11-24')).toBe('staff:M1');
  });
});
