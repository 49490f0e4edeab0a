import { describe, expect, it } from 'vitest';
import { afterEach } from 'vitest';
import { clockIn, dateTime, minutes, percent, serviceLevelTone, wait } from './format.ts';
import { setLang, t } from './i18n.ts';

afterEach(() => setLang('zh-CN'));

describe('console number formats', () => {
  it('shows shares to a tenth of a percent and nothing as a dash', () => {
    expect(percent(0.8534)).toBe('85.3%');
    expect(percent(1)).toBe('100%');
    expect(percent(null)).toBe('—');
  });
  it('shows short waits with a decimal and long ones whole', () => {
    expect(minutes(4.26)).toBe('4.3');
    expect(minutes(0.3)).toBe('0.3');
    expect(minutes(12.6)).toBe('13');
    expect(minutes(undefined)).toBe('—');
  });
  it('grades the service level against its 80% goal', () => {
    expect(serviceLevelTone(0.8)).toBe('good');
    expect(serviceLevelTone(0.7)).toBe('fair');
    expect(serviceLevelTone(0.6)).toBe('poor');
    expect(serviceLevelTone(null)).toBe('none');
  });

  it('says waits as people do: under a minute, minutes, hours and minutes', () => {
    expect([wait(0.3), wait(7.6), wait(83.6), wait(null)]).toEqual(['不到1分钟', '8分钟', '1小时24分钟', '—']);
    setLang('en');
    expect([wait(0.3), wait(83.6)]).toEqual(['under 1 min', '1 h 24 min']);
  });
  it('shows times in the hall time zone, with the zone when asked', () => {
    const at = Date.UTC(2026, 10, 27, 2, 5, 9);
    expect(dateTime(at, { timeZone: 'Asia/Shanghai' })).toMatch(/10:05:09$/);
    expect(dateTime(at, { timeZone: 'Asia/Bangkok', withZone: true })).toMatch(/09:05:09 GMT\+7$/);
    expect(clockIn('Asia/Shanghai', Date.UTC(2026, 10, 27, 17, 30))).toEqual({ date: '2026-11-28', hour: 1 });
  });
  it('uses English plural forms', () => {
    setLang('en');
    expect(t('overview.syncStuck', { n: '1', waited: '5 min' })).toBe(
      'upload stuck: 1 event waiting, the oldest for 5 min',
    );
    expect(t('overview.syncStuck', { n: '1,673', waited: '2 h' })).toBe(
      'upload stuck: 1,673 events waiting, the oldest for 2 h',
    );
  });
});
