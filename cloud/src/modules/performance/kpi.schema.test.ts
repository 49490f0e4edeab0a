import { describe, expect, it } from 'vitest';
import { DEFAULT_KPIS } from './defaults.ts';
import { kpiDraftSchema } from './kpi.schema.ts';

const issues = (draft: unknown) => {
  const r = kpiDraftSchema.safeParse(draft);
  return r.success
    ? []
    : r.error.issues.map((i) => ({
        path: i.path.join('.'),
        code: (i as { params?: { detail?: { code: string } } }).params?.detail?.code,
      }));
};
const productivity = (() => {
  const { key: _key, ...d } = DEFAULT_KPIS.find((k) => k.key === 'productivity') as (typeof DEFAULT_KPIS)[number];
  return d;
})();

describe('the KPI draft schema', () => {
  it('takes every default KPI as it is', () => {
    for (const { key, ...draft } of DEFAULT_KPIS) expect({ key, issues: issues(draft) }).toEqual({ key, issues: [] });
  });

  it('refuses bands that contradict the direction, naming the field', () => {
    expect(issues({ ...productivity, bands: { kind: 'linear', zeroAt: 6, fullAt: 2 } })).toEqual([
      { path: 'bands.fullAt', code: 'kpi-bands-higher' },
    ]);
    const falling = {
      kind: 'piecewise',
      points: [
        { value: 0, score: 100 },
        { value: 5, score: 0 },
      ],
    };
    expect(issues({ ...productivity, bands: falling })).toEqual([
      { path: 'bands.points.1.score', code: 'kpi-bands-higher' },
    ]);
    expect(issues({ ...productivity, direction: 'lower', bands: falling })).toEqual([]);
    const unsorted = {
      kind: 'piecewise',
      points: [
        { value: 5, score: 0 },
        { value: 1, score: 100 },
      ],
    };
    expect(issues({ ...productivity, bands: unsorted })).toEqual([
      { path: 'bands.points.1.value', code: 'kpi-bands-unsorted' },
    ]);
  });

  it('refuses an unknown sample fact, no subjects, a long name and a weight above 100', () => {
    expect(issues({ ...productivity, minSample: { fact: 'tickets', n: 3 } })).toEqual([
      { path: 'minSample.fact', code: 'kpi-sample-fact-unknown' },
    ]);
    expect(issues({ ...productivity, appliesTo: { subjects: [] } })).toEqual([
      { path: 'appliesTo.subjects', code: 'kpi-applies-to-empty' },
    ]);
    expect(issues({ ...productivity, nameZh: '长'.repeat(41), weight: 101 }).map((i) => i.path)).toEqual([
      'nameZh',
      'weight',
    ]);
  });
});
