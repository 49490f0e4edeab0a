/**
 * The requirement where the minimum while open, not the traffic, decides the clerks: the expected
 * service level shown is that of the clerks who are there (it was the Erlang answer's for fewer).
 */
import { erlangAMetrics } from '@hall/cloud/workforce';
import { describe, expect, it } from 'vitest';
import { openIntervals, planningGrid, requirementFromTraffic } from './planning.ts';
import { defaultSettings, servicePlans } from './scheduling.schema.ts';

const hall = {
  hall: {
    id: 'H1',
    name: '测试厅',
    timeZone: 'Asia/Shanghai',
    capacity: 80,
    openingHours: { mon: { open: '09:00', close: '17:00' } },
  },
  services: [
    {
      id: 'billing',
      name: '缴费',
      prefix: 'A',
      numberFrom: 1,
      numberTo: 999,
      targetWaitMinutes: 10,
      expectedServiceMinutes: 6,
      maxWaiting: 500,
    },
  ],
};

describe('requirement under the minimum staff', () => {
  it('reports the service level of the clerks the minimum puts at the counters', () => {
    const s = { ...defaultSettings(hall), minStaffOpen: 4, shrinkage: 0.25 };
    const g = planningGrid(s);
    const plans = servicePlans(s, hall);
    // Four customers in a half hour: one clerk would do; the minimum puts four there (three after shrinkage).
    const [day] = requirementFromTraffic(s, plans, g, [
      {
        date: '2026-11-30',
        open: openIntervals(g, hall.hall.openingHours, '2026-11-30'),
        arrivals: [Array.from({ length: g.intervals }, () => 4)],
      },
    ]);
    expect(day?.total[0]).toBe(4);
    const three = erlangAMetrics(3, {
      arrivals: 4,
      period: 1800,
      aht: plans[0]?.handleSeconds as number,
      targetTime: 600,
      patience: plans[0]?.patienceSeconds as number,
    });
    expect(day?.serviceLevel[0]).toBeCloseTo(three.serviceLevel, 6);
    expect(day?.abandon[0]).toBeCloseTo(three.pAbandon, 6);
  });
});
