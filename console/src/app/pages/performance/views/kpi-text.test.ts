import { afterEach, describe, expect, it } from 'vitest';
import { setLang } from '../../../i18n.ts';
import { exportCell, periodFrom, periodQuery, scoreTone, valueText } from './kpi-text.tsx';

afterEach(() => setLang('zh-CN'));

describe('KPI values as the views say them', () => {
  it('in their unit: percent from 0–100, minutes as 分钟 then 时/分, counts grouped, scores to two places', () => {
    expect(valueText('percent', 85.34)).toBe('85.3%');
    expect(valueText('minutes', 5.5)).toBe('5.5分钟');
    expect(valueText('minutes', 75)).toBe('1小时15分钟');
    expect(valueText('seconds', 330)).toBe('5.5分钟');
    expect(valueText('count', 1673)).toBe('1,673');
    expect(valueText('score', 4.6)).toBe('4.60');
    expect(valueText('ratio', null)).toBe('—');
    setLang('en');
    expect(valueText('minutes', 5.5)).toBe('5.5 min');
    expect(valueText('minutes', 75)).toBe('1 h 15 min');
  });
  it('exports percent KPIs as shares and seconds as minutes', () => {
    expect(exportCell('percent', 85)).toEqual({ kind: 'percent', value: 0.85 });
    expect(exportCell('seconds', 90)).toEqual({ kind: 'minutes', value: 1.5 });
  });
  it('colours a score, and nothing without one', () => {
    expect([scoreTone(80), scoreTone(60), scoreTone(59.9), scoreTone(null)]).toEqual(['good', 'fair', 'poor', 'none']);
  });
});

describe('the period in the address', () => {
  it('defaults to the month of today, keeps a custom span, and refuses today where it is not offered', () => {
    expect(periodFrom({}, '2026-11-30')).toEqual({ kind: 'month', date: '2026-11-30' });
    expect(periodFrom({ p: 'custom', from: '2026-11-01', to: '2026-11-10' }, '2026-11-30')).toEqual({
      kind: 'custom',
      from: '2026-11-01',
      to: '2026-11-10',
    });
    expect(periodFrom({ p: 'today' }, '2026-11-30', 'month', false)).toEqual({ kind: 'month', date: '2026-11-30' });
    expect(periodFrom({ p: 'week', date: 'junk' }, '2026-11-30')).toEqual({ kind: 'week', date: '2026-11-30' });
    expect(periodQuery({ kind: 'week', date: '2026-11-03' })).toBe('p=week&date=2026-11-03');
  });
});
