import { describe, expect, it } from 'vitest';
import { coverDays, demandOver, lowStockState, reorder } from './reorder.ts';

describe('reorder point from the hall’s own customers', () => {
  // 28 days: 400 customers of 开户 took 120 flyers (30 per 100), 200 of 宽带 took 20 (10 per 100); 56 in bulk
  // (2 a day). Tomorrow and after: 20 开户 and 10 宽带 customers a day → 6 + 1 + 2 = 9 flyers a day.
  const base = {
    history: [
      { serviceId: 'open', issued: 120, customers: 400 },
      { serviceId: 'bb', issued: 20, customers: 200 },
      { serviceId: 'bill', issued: 0, customers: 300 },
    ],
    bulkIssued: 56,
    historyDays: 28,
    forecast: Array.from({ length: 14 }, () => ({ open: 20, bb: 10, bill: 15 })),
    leadTimeDays: 3,
    safetyDays: 2,
    reviewDays: 7,
    onHand: 40,
    incoming: 0,
  };

  it('works the figures out by hand', () => {
    const r = reorder(base);
    expect(r.rates.map((x) => [x.serviceId, x.per100])).toEqual([
      ['open', 30],
      ['bb', 10],
      ['bill', 0],
    ]);
    expect(r.bulkPerDay).toBe(2);
    expect(r.demand[0]).toBeCloseTo(9);
    expect(r.leadTimeDemand).toBeCloseTo(27);
    expect(r.safetyStock).toBeCloseTo(18);
    expect(r.reorderPoint).toBeCloseTo(45);
    expect(r.orderUpTo).toBeCloseTo(108);
    expect(r.low).toBe(true);
    expect(r.suggested).toBe(68);
    // 40 flyers at 9 a day: 4.44 days.
    expect(r.coverDays).toBeCloseTo(40 / 9);
  });

  it('counts what is on its way: no suggestion when the position is above the point', () => {
    const r = reorder({ ...base, incoming: 10 });
    expect(r.position).toBe(50);
    expect(r.low).toBe(false);
    expect(r.suggested).toBe(0);
    expect(r.coverDays).toBeCloseTo(40 / 9);
  });

  it('follows the forecast: a busy weekend ahead raises the lead-time demand', () => {
    const forecast = [
      { open: 20, bb: 10 },
      { open: 60, bb: 10 },
      { open: 60, bb: 10 },
    ];
    const r = reorder({ ...base, forecast, leadTimeDays: 2.5 });
    // 9 + 21 + half of 21.
    expect(r.leadTimeDemand).toBeCloseTo(9 + 21 + 10.5);
  });

  it('a material nobody takes is never low', () => {
    const r = reorder({ ...base, history: [], bulkIssued: 0, onHand: 0 });
    expect(r.low).toBe(false);
    expect(r.coverDays).toBe(0);
    expect(reorder({ ...base, history: [], bulkIssued: 0, onHand: 5 }).coverDays).toBeNull();
  });

  it('demand and cover extend past the forecast at the mean', () => {
    expect(demandOver([2, 4], 4, 3)).toBe(12);
    expect(coverDays(10, [2, 4], 3)).toBeCloseTo(3 + 1 / 3);
  });
});

describe('low-stock hysteresis', () => {
  it('raises at the point, clears only 20 % above it', () => {
    expect(lowStockState(false, 46, 45, true)).toBe(false);
    expect(lowStockState(false, 45, 45, true)).toBe(true);
    expect(lowStockState(true, 50, 45, true)).toBe(true);
    expect(lowStockState(true, 54, 45, true)).toBe(true);
    expect(lowStockState(true, 55, 45, true)).toBe(false);
    expect(lowStockState(true, 10, 45, false)).toBe(false);
  });
});
