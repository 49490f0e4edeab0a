import { render } from '@solidjs/testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { setLang } from '../../i18n.ts';
import { contractSummary, dayAvailability, SkillChips } from './staff-text.tsx';

afterEach(() => setLang('zh-CN'));

describe('how a staff record reads', () => {
  const partTime = {
    kind: 'part-time',
    minWeekHours: 20,
    maxWeekHours: 27.5,
    maxDaysPerWeek: 4,
    minRestHours: 11,
  } as const;
  it('summarises a contract in the reader’s language', () => {
    expect(contractSummary(partTime)).toBe('兼职 · 每周 20–27.5 小时');
    setLang('en');
    expect(contractSummary(partTime)).toBe('Part-time · 20–27.5 h a week');
  });
  it('says a weekday’s availability: all day when unset, not available, or its windows', () => {
    const a = { tue: null, wed: [{ from: '09:00', to: '13:00' }] };
    expect([dayAvailability(a, 'mon'), dayAvailability(a, 'tue'), dayAvailability(a, 'wed')]).toEqual([
      '全天',
      '不可用',
      '09:00–13:00',
    ]);
  });
  it('shows each skill as its service’s name with the level in words', () => {
    const { container } = render(() => (
      <SkillChips
        skills={{ billing: 3, sim: 1 }}
        services={[
          { id: 'billing', name: '话费业务' },
          { id: 'sim', name: '办卡' },
        ]}
      />
    ));
    expect([...container.querySelectorAll('.chip')].map((c) => c.textContent)).toEqual(['话费业务 专家', '办卡 见习']);
  });
});
