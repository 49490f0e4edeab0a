import { describe, expect, it } from 'vitest';
import {
  ALARM_RULES,
  alarmSegments,
  alarmText,
  CLOUD_ALARM_RULES,
  formatMinutes,
  paramsFromMessage,
} from './alarm-text.ts';

describe('alarm text', () => {
  it('says an alarm in Chinese and in English from the same figures', () => {
    const p = { service: '话费缴费', minutes: 23, warning: 15, critical: 25 };
    expect(alarmText('long-wait', p, 'zh-CN')).toBe('话费缴费：最长等候 23 分钟（预警 15 分钟，严重 25 分钟）');
    expect(alarmText('long-wait', p, 'en')).toBe(
      '话费缴费: the longest wait is 23 min (warning at 15 min, critical at 25 min)',
    );
    expect(alarmText('arrival-surge', { arrivals: 31, expected: null }, 'zh-CN')).toBe('近 15 分钟取号 31 张');
  });

  it('prints measured minutes as people say them, never with a machine’s digits', () => {
    const backlog = { rows: 12_480, minutes: 53.684016666666665 };
    expect(alarmText('outbox-backlog', backlog, 'zh-CN')).toBe('12,480 条事件未上传云端，最早的已等 54 分钟');
    expect(alarmText('outbox-backlog', backlog, 'en')).toBe(
      '12,480 events not yet sent to the cloud, the oldest waiting for 54 min',
    );
    expect(alarmText('outbox-backlog', { rows: 3, minutes: 0.13708333333333333 }, 'zh-CN')).toBe(
      '3 条事件未上传云端，最早的已等 不到 1 分钟',
    );
    expect(alarmText('long-wait', { service: 'S', minutes: 153, warning: 15, critical: 25 }, 'zh-CN')).toContain(
      '最长等候 2 时 33 分',
    );
    expect(alarmText('long-wait', { service: 'S', minutes: 153, warning: 15, critical: 25 }, 'en')).toContain(
      'the longest wait is 2 h 33 min',
    );
    expect([formatMinutes(0.4, 'zh-CN'), formatMinutes(59.4, 'zh-CN'), formatMinutes(120, 'zh-CN')]).toEqual([
      '不到 1 分钟',
      '59 分钟',
      '2 小时',
    ]);
    expect([formatMinutes(0.4, 'en'), formatMinutes(79, 'en'), formatMinutes(120, 'en')]).toEqual([
      'under 1 min',
      '1 h 19 min',
      '2 h',
    ]);
    // Figures an older page rounded to strings are numbers all the same.
    expect(alarmText('idle-counter', { counter: '3号窗口', minutes: '4.6', waiting: 5 }, 'zh-CN')).toBe(
      '3号窗口 已空闲 5 分钟，其业务有 5 人等候',
    );
  });

  it('follows English plural rules', () => {
    expect(alarmText('queue-per-counter', { service: 'Billing', waiting: 33, counters: 1 }, 'en')).toBe(
      'Billing: 33 waiting for 1 open counter',
    );
    expect(alarmText('queue-per-counter', { service: 'Billing', waiting: 33, counters: 2 }, 'en')).toBe(
      'Billing: 33 waiting for 2 open counters',
    );
    expect(alarmText('counters-below-schedule', { open: 1, scheduled: 3 }, 'en')).toBe('1 counter open, 3 scheduled');
    // From the published roster (the hub's roster section): said so, with the clerks when more than counters.
    expect(alarmText('counters-below-schedule', { open: 1, scheduled: 3, clerks: 3 }, 'en')).toBe(
      '1 counter open, 3 planned by the roster now',
    );
    expect(alarmText('counters-below-schedule', { open: 1, scheduled: 3, clerks: 3 }, 'zh-CN')).toBe(
      '开放窗口 1 个，排班表此时安排 3 个',
    );
    expect(alarmText('counters-below-schedule', { open: 15, scheduled: 17, clerks: 19 }, 'zh-CN')).toBe(
      '开放窗口 15 个，排班表此时安排 17 个（在岗柜员 19 名）',
    );
    expect(alarmText('counters-below-schedule', { open: 15, scheduled: 17, clerks: 19 }, 'en')).toBe(
      '15 counters open, 17 planned by the roster now (19 clerks on shift)',
    );
    expect(alarmText('sync-dead-letter', { rows: 1 }, 'en')).toBe(
      '1 outbox row the cloud refused is kept in the dead-letter table',
    );
    expect(alarmText('occupancy', { occupancy: 1, capacity: 80 }, 'en')).toBe(
      '1 person in the hall (capacity 80 people)',
    );
  });

  it('names a device by its name or its kind and counter, with its id for the technician', () => {
    expect(
      alarmText(
        'device-offline',
        { device: 'pad-c01', kind: 'rating-pad', counter: '1号窗口', minutes: 2.5097 },
        'zh-CN',
      ),
    ).toBe('1号窗口的评价器（pad-c01）已离线 3 分钟');
    expect(
      alarmText('device-offline', { device: 'pad-c01', kind: 'rating-pad', counter: '1号窗口', minutes: 6 }, 'en'),
    ).toBe('The rating pad at 1号窗口 (pad-c01) has been offline for 6 min');
    expect(
      alarmText(
        'device-offline',
        { device: 'door-mall', kind: 'people-counter', counter: null, minutes: 2.5 },
        'zh-CN',
      ),
    ).toBe('客流计数器（door-mall）已离线 3 分钟');
    expect(
      alarmText(
        'device-offline',
        { device: 'door-mall', name: '商场入口', kind: 'people-counter', minutes: 2 },
        'zh-CN',
      ),
    ).toBe('商场入口（door-mall）已离线 2 分钟');
  });

  it('gives the parts a page marks: names as data, ids as literal', () => {
    expect(
      alarmSegments('device-offline', { device: 'pad-c01', kind: 'rating-pad', counter: '1号窗口', minutes: 6 }, 'en'),
    ).toEqual([
      { text: 'The rating pad at ', kind: 'text' },
      { text: '1号窗口', kind: 'data' },
      { text: ' (', kind: 'text' },
      { text: 'pad-c01', kind: 'literal' },
      { text: ') has been offline for 6 min', kind: 'text' },
    ]);
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
        // No marks leak into the text.
        expect(
          [...text].some((ch) => ch.charCodeAt(0) < 32),
          `${rule} ${lang}`,
        ).toBe(false);
      }
  });

  it('reads an old alarm’s English message back into figures, so it is said in the reader’s language', () => {
    expect(paramsFromMessage('device-offline', 'door-mall is offline for 2.509716666666667 min')).toEqual({
      device: 'door-mall',
      minutes: 2.509716666666667,
    });
    expect(alarmText('device-offline', null, 'zh-CN', 'door-mall is offline for 2.509716666666667 min')).toBe(
      '设备 door-mall 已离线 3 分钟',
    );
    expect(alarmText('queue-per-counter', null, 'zh-CN', '话费缴费: 33 waiting for 1 open counters')).toBe(
      '话费缴费：33 人等候，开放窗口 1 个',
    );
    expect(
      alarmText(
        'outbox-backlog',
        null,
        'zh-CN',
        '120 events not yet sent to the cloud, the oldest 53.684016666666665 min old',
      ),
    ).toBe('120 条事件未上传云端，最早的已等 54 分钟');
  });

  it('falls back to the message the hub sent when it cannot read it, or from an unknown rule', () => {
    expect(alarmText('long-wait', null, 'zh-CN', 'SIM: the longest wait is 12 min')).toBe(
      'SIM: the longest wait is 12 min',
    );
    expect(alarmText('new-rule', { a: 1 }, 'zh-CN', 'as sent')).toBe('as sent');
  });
});
