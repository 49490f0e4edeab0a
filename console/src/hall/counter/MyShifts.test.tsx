import { render, screen } from '@solidjs/testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { setLang } from '../../lib/i18n.ts';
import { MyShifts, type ShiftsView } from './MyShifts.tsx';

afterEach(() => setLang('zh-CN'));

const view: ShiftsView = {
  version: 4,
  today: '2026-11-25',
  days: ['2026-11-25', '2026-11-26'],
  shifts: [
    {
      date: '2026-11-25',
      start: '09:00',
      end: '17:30',
      breaks: [
        { start: '11:30', end: '12:15' },
        { start: '15:00', end: '15:15' },
      ],
      serviceId: 'billing',
      serviceName: '话费缴费',
    },
  ],
};

describe("the clerk's shifts on the counter page", () => {
  it('shows today’s shift with its length, breaks and service, and says tomorrow has none', () => {
    render(() => <MyShifts view={view} />);
    const days = [...screen.getByTestId('counter-shifts').querySelectorAll('li')].map((li) => li.textContent);
    expect(days).toEqual([
      '今天 11月25日周三09:00–17:30（8 时 30 分）休息：11:30–12:15、15:00–15:15计划业务：话费缴费',
      '明天 11月26日周四无排班',
    ]);
    setLang('en');
    expect(screen.getByTestId('counter-shifts').querySelector('li')?.textContent).toBe(
      'Today Wed, Nov 2509:00–17:30 (8 h 30 min)Breaks: 11:30–12:15, 15:00–15:15Planned service: 话费缴费',
    );
  });

  it('shows nothing when the hub has no roster', () => {
    render(() => <MyShifts view={{ version: null, today: '2026-11-25', days: [], shifts: [] }} />);
    expect(screen.queryByTestId('counter-shifts')).toBeNull();
  });
});
