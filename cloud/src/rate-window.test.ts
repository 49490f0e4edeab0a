import { describe, expect, it } from 'vitest';
import { RateWindow } from './rate-window.ts';

describe('a rate window', () => {
  const t0 = Date.parse('2026-11-30T10:00:05Z');

  it('limits each key per minute and starts afresh when the minute turns', () => {
    const w = new RateWindow(2);
    expect([w.take('a', t0), w.take('a', t0), w.take('a', t0)]).toEqual([0, 0, 55]);
    expect(w.take('a', t0 + 60_000)).toBe(0);
  });

  it('beyond its keys, lets new callers share one bucket instead of refusing them all, and stays bounded', () => {
    const w = new RateWindow(2, 2);
    expect([w.take('a', t0), w.take('b', t0)]).toEqual([0, 0]);
    // A flood of new addresses: two of them get through this minute, then the shared bucket is full.
    expect([w.take('c', t0), w.take('d', t0), w.take('e', t0)]).toEqual([0, 0, 55]);
    // The callers already known keep their own allowance.
    expect(w.take('a', t0)).toBe(0);
  });
});
