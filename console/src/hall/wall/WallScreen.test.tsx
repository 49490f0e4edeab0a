import type { HallSnapshot } from '@hall/edge';
import { render, screen, within } from '@solidjs/testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { setLang } from '../../lib/i18n.ts';
import { WallScreen } from './WallScreen.tsx';

const NOW = Date.UTC(2026, 10, 27, 2, 0, 0);
const alarm = (over: Partial<HallSnapshot['alarms'][number]>): HallSnapshot['alarms'][number] => ({
  alarmId: 'al-1',
  rule: 'long-wait',
  subject: 'service:billing',
  severity: 'critical',
  value: 26,
  params: { service: '话费缴费', minutes: 26, warning: 15, critical: 25 },
  message: '话费缴费: the longest wait is 26 min (warning at 15, critical at 25)',
  raisedAt: NOW,
  updatedAt: NOW,
  acked: false,
  ackedBy: null,
  ...over,
});
const snapshot = (alarms: HallSnapshot['alarms']) =>
  ({
    hall: { id: 'H1', name: '福田营业厅', capacity: 80, timeZone: 'Asia/Shanghai' },
    at: NOW,
    date: '2026-11-27',
    seq: 1,
    services: [],
    counters: [],
    alarms,
    calls: [],
    totals: {
      occupancy: 12,
      enteredToday: 40,
      arrivalsPer15: [],
      issuedToday: 30,
      servedToday: 20,
      noShowsToday: 0,
      cancelledToday: 0,
      avgWaitMinutes: 6,
      serviceLevel: 0.8,
    },
  }) as unknown as HallSnapshot;

afterEach(() => setLang('zh-CN'));

describe('wall screen alarms', () => {
  it('says each alarm in the screen’s language from its figures, and as the hub sent it when it has none', () => {
    setLang('zh-CN');
    render(() => (
      <WallScreen
        snapshot={snapshot([
          alarm({}),
          alarm({
            alarmId: 'al-0',
            rule: 'device-offline',
            params: null,
            severity: 'major',
            message: 'kiosk-2 is offline for 6 min',
          }),
        ])}
        link="live"
      />
    ));
    const items = within(screen.getByRole('list', { name: '告警' }))
      .getAllByRole('listitem')
      .map((li) => li.textContent);
    expect(items).toEqual(['话费缴费：最长等候 26 分钟（预警 15，严重 25）', 'kiosk-2 is offline for 6 min']);
    setLang('en');
    expect(within(screen.getByRole('list', { name: 'Alarms' })).getAllByRole('listitem')[0]?.textContent).toBe(
      '话费缴费: the longest wait is 26 min (warning at 15, critical at 25)',
    );
  });
});
