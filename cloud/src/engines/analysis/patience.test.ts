import { describe, expect, it } from 'vitest';
import { lifeTable } from './patience.ts';

describe('patience life table', () => {
  it('worked by hand: 100 customers, bands 0–5, 5–10, 10–20', () => {
    // 0–5: 10 leave, 40 called. At risk 100, exposed 100 − 20 = 80, q = 10/80 = 0.125, S(5) = 0.875.
    // 5–10: 20 leave, 10 called. At risk 50, exposed 45, q = 20/45, S(10) = 0.875 × 25/45 = 0.486111…
    // 10–20 (open, width 10): 15 leave, 5 called. At risk 20, exposed 17.5, q = 15/17.5, S(20) = 0.486111 × 2.5/17.5.
    const t = lifeTable([
      { from: 0, left: 10, called: 40 },
      { from: 5, left: 20, called: 10 },
      { from: 10, left: 15, called: 5 },
    ]);
    expect(t.customers).toBe(100);
    expect(t.points.map((p) => p.minute)).toEqual([0, 5, 10, 20]);
    expect(t.points[1]?.survival).toBeCloseTo(0.875, 10);
    expect(t.points[2]?.survival).toBeCloseTo((0.875 * 25) / 45, 10);
    expect(t.points[3]?.survival).toBeCloseTo(((0.875 * 25) / 45) * (2.5 / 17.5), 10);
    expect(t.points.map((p) => p.atRisk)).toEqual([100, 100, 50, 20]);
    // ½ is crossed in 5–10: 5 + (0.875 − 0.5) / (0.875 − 0.486111) × 5 = 9.8214…
    expect(t.medianMinutes).toBeCloseTo(5 + ((0.875 - 0.5) / (0.875 - (0.875 * 25) / 45)) * 5, 10);
  });

  it('nobody leaves: the curve stays at 1 and there is no median', () => {
    const t = lifeTable([{ from: 0, left: 0, called: 30 }]);
    expect(t.points.at(-1)?.survival).toBe(1);
    expect(t.medianMinutes).toBeNull();
  });

  it('no customers: one point at 1', () => {
    expect(lifeTable([]).points).toEqual([{ minute: 0, survival: 1, atRisk: 0 }]);
  });
});
