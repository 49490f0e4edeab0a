import { describe, expect, it } from 'vitest';
import { addDays, daysBetween, mondayOf, weekdayOf } from './calendar.ts';

describe('calendar dates', () => {
  it('moves across months, years and leap days', () => {
    expect(addDays('2026-11-30', 1)).toBe('2026-12-01');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-03-01', -1)).toBe('2028-02-29');
    expect(daysBetween('2026-11-30', '2026-12-07')).toBe(7);
    expect(daysBetween('2026-12-07', '2026-11-30')).toBe(-7);
  });
  it('finds the Monday of a week (Sunday belongs to the week before)', () => {
    expect(weekdayOf('2026-11-30')).toBe(0);
    expect(mondayOf('2026-12-06')).toBe('2026-11-30');
    expect(mondayOf('2026-11-30', 1)).toBe('2026-12-07');
  });
});
