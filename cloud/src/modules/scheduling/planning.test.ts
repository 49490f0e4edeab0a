import { describe, expect, it } from 'vitest';
import {
  expandTemplates,
  openIntervals,
  planningGrid,
  requirementFromTraffic,
  shareOut,
  shiftClock,
} from './planning.ts';
import { rebucket } from './requirement.ts';
import { defaultSettings, schedulingSettingsSchema, servicePlans } from './scheduling.schema.ts';

const hall = {
  hall: {
    id: 'H1',
    name: '测试厅',
    timeZone: 'Asia/Shanghai',
    capacity: 80,
    openingHours: {
      mon: { open: '09:00', close: '18:00' },
      tue: { open: '09:00', close: '18:00' },
      sat: { open: '10:00', close: '17:00' },
      sun: null,
    },
  },
  services: [
    {
      id: 'billing',
      name: '缴费',
      prefix: 'A',
      numberFrom: 1,
      numberTo: 999,
      targetWaitMinutes: 10,
      expectedServiceMinutes: 4,
      maxWaiting: 500,
    },
    {
      id: 'plan',
      name: '套餐',
      prefix: 'B',
      numberFrom: 1,
      numberTo: 999,
      targetWaitMinutes: 15,
      expectedServiceMinutes: 12,
      maxWaiting: 500,
    },
  ],
};

describe('planning settings', () => {
  it('defaults from the hall: its opening hours as the planning day, its services’ targets, shifts that fit', () => {
    const s = defaultSettings(hall);
    expect([s.dayStart, s.dayEnd]).toEqual(['09:00', '18:00']);
    expect(s.services.plan?.targetMinutes).toBe(15);
    const full = s.templates.find((t) => t.id === 'full');
    expect(full?.minutes).toBe(510);
    // The 8½-hour shift starts at 09:00 or 09:30 (the day is 9 hours), its meal at four places each.
    const expanded = expandTemplates(s).filter((t) => t.templateId === 'full');
    expect(expanded.map((t) => t.id)).toEqual([
      'full@09:00~12:00',
      'full@09:00~12:30',
      'full@09:00~13:00',
      'full@09:00~13:30',
      'full@09:30~12:30',
      'full@09:30~13:00',
      'full@09:30~13:30',
      'full@09:30~14:00',
    ]);
    expect(shiftClock(expanded[1] as (typeof expanded)[number], planningGrid(s))).toEqual({
      start: '09:00',
      end: '17:30',
      breaks: [{ start: '12:30', end: '13:00' }],
    });
  });

  it('refuses a template off the interval grid or outside the day, naming the field', () => {
    const s = defaultSettings(hall);
    const bad = schedulingSettingsSchema.safeParse({ ...s, templates: [{ ...s.templates[0], firstStart: '08:00' }] });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.path).toEqual(['templates', 0]);
  });

  it('knows which intervals a date is open (Saturday opens later, Sunday not at all)', () => {
    const g = planningGrid(defaultSettings(hall));
    expect(openIntervals(g, hall.hall.openingHours, '2026-11-28').filter(Boolean).length).toBe(14); // Sat 10–17
    expect(openIntervals(g, hall.hall.openingHours, '2026-11-29').some(Boolean)).toBe(false); // Sunday
    expect(openIntervals(g, hall.hall.openingHours, '2026-11-30').every(Boolean)).toBe(true); // Monday
  });
});

describe('requirement', () => {
  const s = defaultSettings(hall);
  const g = planningGrid(s);
  const plans = servicePlans(s, hall);
  const day = (billing: number, plan: number, date = '2026-11-30') => ({
    date,
    open: openIntervals(g, hall.hall.openingHours, date),
    arrivals: [Array.from({ length: g.intervals }, () => billing), Array.from({ length: g.intervals }, () => plan)],
  });

  it('grows with traffic, is zero when closed, and keeps the minimum while open', () => {
    const [quiet, busy, sunday] = requirementFromTraffic(s, plans, g, [
      day(2, 1),
      day(20, 10),
      day(20, 10, '2026-11-29'),
    ]);
    expect(quiet?.total.every((n) => n >= s.minStaffOpen)).toBe(true);
    expect(busy?.total[0]).toBeGreaterThan(quiet?.total[0] as number);
    expect(sunday?.total.every((n) => n === 0)).toBe(true);
    // Each interval's per-service numbers add up to the total, and both services get someone when busy.
    busy?.required.forEach((r, i) => expect(r.reduce((a, b) => a + b, 0)).toBe(busy.total[i]));
    expect(busy?.required[0]?.every((n) => n >= 1)).toBe(true);
    // Sized to meet the target: the expected service level with that many clerks is at least 80%.
    expect(Math.min(...(busy?.serviceLevel ?? []))).toBeGreaterThanOrEqual(0.8);
  });

  it('shares clerks out by workload with one per busy service first', () => {
    expect(shareOut(5, [100, 300])).toEqual([1, 4]);
    expect(shareOut(1, [100, 300])).toEqual([0, 1]);
    expect(shareOut(3, [0, 300])).toEqual([0, 3]);
  });

  it('moves a 15-minute forecast onto a 30-minute grid and back without losing customers', () => {
    const grid30 = { intervalMinutes: 30, dayStartMinutes: 540, intervals: 4 };
    const out = rebucket([1, 2, 3, 4, 5, 6, 7, 8], { intervalMinutes: 15, dayStartMinutes: 540 }, grid30);
    expect(out).toEqual([3, 7, 11, 15]);
    const back = rebucket(out, grid30, { intervalMinutes: 15, dayStartMinutes: 540, intervals: 8 });
    expect(back.reduce((a, b) => a + b, 0)).toBe(36);
    // A forecast whose day started at 08:00 lands on the 09:00 grid at its own times.
    expect(rebucket([9, 9, 1, 2], { intervalMinutes: 30, dayStartMinutes: 480 }, { ...grid30, intervals: 2 })).toEqual([
      1, 2,
    ]);
  });
});
