import { describe, expect, it } from 'vitest';
import { ALARM_RULES, alarmText, CLOUD_ALARM_RULES } from './alarm-text.ts';

describe('alarm text', () => {
  it('says an alarm in Chinese and in English from the same figures', () => {
    const p = { service: '话费缴费', minutes: 23, warning: 15, critical: 25 };
    expect(alarmText('long-wait', p, 'zh-CN')).toBe('话费缴费：最长等候 23 分钟（预警 15，严重 25）');
    expect(alarmText('long-wait', p, 'en')).toBe(
      '话费缴费: the longest wait is 23 min (warning at 15, critical at 25)',
    );
    expect(alarmText('device-offline', { device: 'kiosk-2', minutes: 6 }, 'zh-CN')).toBe('设备 kiosk-2 已离线 6 分钟');
    expect(alarmText('arrival-surge', { arrivals: 31, expected: null }, 'zh-CN')).toBe(
      '近 15 分钟取号 31 张，通常 ? 张',
    );
  });

  it('has a text for every rule in both languages, each naming its figures', () => {
    for (const rule of [...ALARM_RULES, ...CLOUD_ALARM_RULES])
      for (const lang of ['zh-CN', 'en'] as const) {
        const text = alarmText(
          rule,
          {
            service: 'S',
            counter: 'C',
            device: 'D',
            minutes: 7,
            waiting: 8,
            counters: 9,
            occupancy: 10,
            capacity: 11,
            arrivals: 12,
            expected: 13,
            open: 14,
            scheduled: 15,
            streak: 16,
            rows: 17,
            warning: 18,
            critical: 19,
            hub: 'hub-1',
            ackedThrough: 20,
          },
          lang,
        );
        expect(text, `${rule} ${lang}`).toMatch(/\d/);
        expect(text, `${rule} ${lang}`).not.toContain('?');
      }
  });

  it('falls back to the message the hub sent for an alarm without figures or from an unknown rule', () => {
    expect(alarmText('long-wait', null, 'zh-CN', 'SIM: the longest wait is 12 min')).toBe(
      'SIM: the longest wait is 12 min',
    );
    expect(alarmText('new-rule', { a: 1 }, 'zh-CN', 'as sent')).toBe('as sent');
  });
});
