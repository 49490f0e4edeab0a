import { describe, expect, it } from 'vitest';
import { DEFAULT_KPIS } from './defaults.ts';
import { valuesOf } from './kpi.values.ts';
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
