import { describe, expect, it } from 'vitest';
import { countDelta } from './count-delta.ts';

describe('people-counter deltas from cumulative totals', () => {
  it('counts the difference, starting from the first reading', () => {
    expect(countDelta(null, 123_456)).toEqual({ delta: 0, reset: false });
    expect(countDelta(123_456, 123_460)).toEqual({ delta: 4, reset: false });
    expect(countDelta(10, 10)).toEqual({ delta: 0, reset: false });
  });
  it('counts across the 2^32 wrap', () => {
    expect(countDelta(2 ** 32 - 3, 2)).toEqual({ delta: 5, reset: false });
  });
  it('takes a drop far from the top as a device reset and counts the new total', () => {
    expect(countDelta(500_000, 3)).toEqual({ delta: 3, reset: true });
    expect(countDelta(2 ** 32 - 3, 5_000_000)).toEqual({ delta: 5_000_000, reset: true });
  });
});
