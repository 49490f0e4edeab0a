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
  params: { service: '话费缴费', minutes: 26.4, warning: 15, critical: 25 },
  message: '话费缴费: the longest wait is 26.4 min (warning at 15 min, critical at 25 min)',
  raisedAt: NOW,
  updatedAt: NOW,
  acked: false,
  ackedBy: null,
  ...over,
});
const service = (over: Partial<HallSnapshot['services'][number]>): HallSnapshot['services'][number] => ({
  id: 'billing',
  name: '话费缴费',
  prefix: 'A',
  waiting: 0,
  longestWaitMinutes: 0,
  eta: { p50Minutes: 75, p90Minutes: 90 },
  servedToday: 0,
  targetWaitMinutes: 10,
  openCapacity: 1,
  ...over,
});
const snapshot = (
  over: {
    alarms?: HallSnapshot['alarms'];
    services?: HallSnapshot['services'];
    staffing?: HallSnapshot['staffing'];
  } = {},
) =>
  ({
    hall: { id: 'H1', name: '福田营业厅', capacity: 80, timeZone: 'Asia/Shanghai' },
    at: NOW,
    date: '2026-11-27',
    seq: 1,
    services: over.services ?? [],
    counters: [],
    alarms: over.alarms ?? [],
    calls: [],
    staffing: over.staffing ?? null,
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

describe('wall screen', () => {
  it('says the two most severe alarms in the screen’s language from their figures, old ones too', () => {
    setLang('zh-CN');
    render(() => (
      <WallScreen
        snapshot={snapshot({
          alarms: [
            alarm({}),
            alarm({
              alarmId: 'al-0',
              rule: 'device-offline',
              params: null,
              severity: 'major',
              message: 'door-mall is offline for 2.509716666666667 min',
            }),
            alarm({ alarmId: 'al-2', rule: 'occupancy', params: { occupancy: 70, capacity: 80 } }),
          ],
        })}
        link="live"
        clock={() => NOW}
      />
    ));
    const items = within(screen.getByRole('list', { name: '告警' }))
      .getAllByRole('listitem')
      .map((li) => li.textContent);
    expect(items).toEqual(['话费缴费：最长等候 26 分钟（预警 15 分钟，严重 25 分钟）', '设备 door-mall 已离线 3 分钟']);
    expect(screen.getByText('告警：').textContent).toBe('告警：3');
    setLang('en');
    const en = within(screen.getByRole('list', { name: 'Alarms' })).getAllByRole('listitem')[0];
    expect(en?.textContent).toBe('话费缴费: the longest wait is 26 min (warning at 15 min, critical at 25 min)');
    // The service's name is Chinese data in the English screen: marked as such.
    expect(en?.querySelector('[lang="zh-CN"]')?.textContent).toBe('话费缴费');
  });

  it('says “no wait” for an empty queue, not an estimate or a longest wait', () => {
    render(() => (
      <WallScreen
        snapshot={snapshot({
          services: [
            service({}),
            service({ id: 'plan', name: '套餐变更', openCapacity: 0 }),
            service({
              id: 'card',
              name: '办卡',
              waiting: 4,
              longestWaitMinutes: 153.2,
              eta: { p50Minutes: 12.4, p90Minutes: 20 },
            }),
          ],
        })}
        link="live"
        clock={() => NOW}
      />
    ));
    const cells = (id: string) =>
      [...screen.getByTestId(`service-${id}`).querySelectorAll('td')].map((td) => td.textContent);
    expect(cells('billing')).toEqual(['0', '—', '无需等候']);
    expect(cells('plan')).toEqual(['0', '—', '暂无窗口']);
    expect(cells('card')).toEqual(['4', '2 时 33 分', '12 分钟']);
  });

  it('shows the hall’s time and date from the hub', () => {
    render(() => <WallScreen snapshot={snapshot()} link="live" clock={() => NOW} />);
    expect(screen.getByTestId('wall-clock').textContent).toBe('10:0011月27日周五');
  });

  it('says why it shows nothing: connecting, or the token refused', () => {
    const { unmount } = render(() => <WallScreen snapshot={null} link="connecting" />);
    expect(screen.getByText('正在连接门店主机…')).toBeTruthy();
    unmount();
    render(() => <WallScreen snapshot={null} link="unauthorized" />);
    expect(screen.getByRole('alert').textContent).toContain('显示令牌无效');
  });

  it('shows staffed vs required from the published roster, marked when short; nothing without a roster', () => {
    const { unmount } = render(() => <WallScreen snapshot={snapshot()} link="live" clock={() => NOW} />);
    expect(screen.queryByTestId('wall-staffing')).toBeNull();
    unmount();
    render(() => (
      <WallScreen
        snapshot={snapshot({ staffing: { planned: 5, required: 6, open: 4, rosterVersion: 3 } })}
        link="live"
        clock={() => NOW}
      />
    ));
    const el = screen.getByTestId('wall-staffing');
    expect(el.textContent).toBe('排班在岗：5 · 需求：6 · 开放窗口：4');
    expect(el.dataset.short).toBe('true');
    setLang('en');
    expect(el.textContent).toBe('Planned: 5 · Required: 6 · Open: 4');
  });
});
