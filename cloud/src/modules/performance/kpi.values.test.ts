import { describe, expect, it } from 'vitest';
import { DEFAULT_KPIS } from './defaults.ts';
import { periodsIn, valuesOf } from './kpi.values.ts';
import type { KpiDefinitionRow } from './performance.repository.ts';

const row = (key: string, over: Partial<KpiDefinitionRow> = {}): KpiDefinitionRow => {
  const d = DEFAULT_KPIS.find((k) => k.key === key);
  if (!d) throw new Error(key);
  return { id: 1, version: 1, retiredAt: null, createdAt: new Date(0), createdBy: null, ...d, ...over };
};

describe('which KPIs a subject is scored on', () => {
  const facts = { served: 120, session_minutes: 1200, planned_minutes: 1000, adherent_minutes: 950, planned_days: 5 };
  it('leaves out a KPI narrowed to other roles or to another region, and keeps the rest', () => {
    const defs = [
      row('productivity', { appliesTo: { subjects: ['clerk'], roles: ['clerk'] } }),
      row('adherence', { appliesTo: { subjects: ['clerk'], orgUnitIds: ['region-north'] } }),
      row('served'),
    ];
    const lead = valuesOf(defs, 'clerk', facts, {}, { role: 'lead', units: new Set(['hall-1', 'region-south', 'hq']) });
    expect(lead.values.map((v) => v.key)).toEqual(['served']);
    const clerkNorth = valuesOf(
      defs,
      'clerk',
      facts,
      {},
      { role: 'clerk', units: new Set(['hall-2', 'region-north']) },
    );
    expect(clerkNorth.values.map((v) => [v.key, v.value])).toEqual([
      ['productivity', 6],
      ['adherence', 95],
      ['served', 120],
    ]);
  });
  it('scores on every KPI of its kind when nothing narrows them', () => {
    expect(valuesOf([row('productivity'), row('wait-minutes')], 'clerk', facts, {}).values.map((v) => v.key)).toEqual([
      'productivity',
    ]);
  });
});

describe('a count scored at its pace over the KPI’s period', () => {
  // 办结量: linear 0 → 400 a month; 差错次数: 0 → 100, 1 → 80, 3 → 40, 5 → 0 a month.
  const served = row('served');
  const errors = row('errors');
  const score = (def: KpiDefinitionRow, facts: Record<string, number>, from: string, to: string) =>
    valuesOf([def], 'clerk', facts, {}, {}, { from, to }).values[0];

  it('scores a calendar month as one month, whatever its length', () => {
    expect(periodsIn('month', { from: '2026-02-01', to: '2026-02-28' })).toBe(1);
    expect(periodsIn('month', { from: '2026-10-01', to: '2026-12-31' })).toBe(3);
    expect(score(served, { served: 200 }, '2026-02-01', '2026-02-28')).toMatchObject({ value: 200, score: 50 });
    expect(score(errors, { errors: 1 }, '2026-03-01', '2026-03-31')).toMatchObject({ value: 1, score: 80 });
  });

  it('scores a quarter’s count against three months of the monthly bands, not one', () => {
    // 900 tickets in a quarter are 300 a month: 75, not the 100 a single month's bands would give.
    expect(score(served, { served: 900 }, '2026-10-01', '2026-12-31')).toMatchObject({ value: 900, score: 75 });
    // Three errors in a quarter are one a month.
    expect(score(errors, { errors: 3 }, '2026-10-01', '2026-12-31')).toMatchObject({ value: 3, score: 80 });
  });

  it('scores a week and a single day at their monthly pace; shares and averages are not scaled', () => {
    // 70 tickets in 7 days: 304.4 a month → 76.1.
    expect(score(served, { served: 70 }, '2026-11-23', '2026-11-29')?.score).toBeCloseTo(76.1, 1);
    expect(valuesOf([served], 'clerk', { served: 10 }, {}).values[0]).toMatchObject({ value: 10, score: 76.1 });
    const adherence = row('adherence');
    const f = { planned_minutes: 1000, adherent_minutes: 950, planned_days: 5 };
    expect(score(adherence, f, '2026-11-23', '2026-11-23')?.score).toBe(
      score(adherence, f, '2026-10-01', '2026-12-31')?.score,
    );
  });
});
