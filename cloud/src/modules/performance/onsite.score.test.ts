import { describe, expect, it } from 'vitest';
import type { ChecklistTemplate } from '@hall/devices';
import { scoreForm } from './onsite.score.ts';

const template: ChecklistTemplate = {
  id: 'counter-service',
  version: 1,
  zh: '柜面服务',
  en: 'Counter service',
  subject: 'clerk',
  sections: [
    {
      id: 'manner',
      zh: '服务礼仪',
      en: 'Manner',
      items: [
        {
          id: 'greet',
          zh: '起身迎客',
          en: 'Stands to greet',
          kind: 'pass-fail',
          points: 10,
          critical: false,
          photoOnFail: false,
        },
        {
          id: 'id-check',
          zh: '身份核验',
          en: 'Checks ID',
          kind: 'pass-fail',
          points: 20,
          critical: true,
          photoOnFail: true,
        },
        {
          id: 'tidy',
          zh: '柜面整洁',
          en: 'Tidy counter',
          kind: 'points',
          points: 5,
          critical: false,
          photoOnFail: false,
        },
      ],
    },
  ],
};
const answer = (
  itemId: string,
  result: 'pass' | 'fail' | 'na',
  extra: { points?: number; photos?: string[] } = {},
) => ({
  itemId,
  result,
  points: extra.points ?? null,
  note: null,
  photos: extra.photos ?? [],
});

describe('on-site form score', () => {
  it('adds points, leaves n/a out of the maximum', () => {
    const r = scoreForm(template, [
      answer('greet', 'pass'),
      answer('id-check', 'na'),
      answer('tidy', 'pass', { points: 3 }),
    ]);
    expect(r).toEqual({ points: 13, maxPoints: 15, criticalFailed: false, errors: [] });
  });
  it('fails the form on a failed critical item and wants its photo', () => {
    const r = scoreForm(template, [answer('greet', 'pass'), answer('id-check', 'fail')]);
    expect(r.criticalFailed).toBe(true);
    expect(r.errors).toEqual([{ itemId: 'id-check', code: 'onsite-photo-required' }]);
    expect(scoreForm(template, [answer('id-check', 'fail', { photos: ['a'.repeat(64)] })]).errors).toEqual([]);
  });
  it('names an item that is not in the template, and points out of range', () => {
    const r = scoreForm(template, [answer('smile', 'pass'), answer('tidy', 'pass', { points: 9 })]);
    expect(r.errors).toEqual([
      { itemId: 'smile', code: 'onsite-unknown-item' },
      { itemId: 'tidy', code: 'onsite-points-range' },
    ]);
  });
});
