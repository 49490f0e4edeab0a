import { Route, Router } from '@solidjs/router';
import { cleanup, render, screen, within } from '@solidjs/testing-library';
import { describe, expect, it } from 'vitest';
import { OverviewTable, type HallStatus } from './Overview.tsx';

const NOW = Date.UTC(2026, 10, 27, 2, 0, 0);
const hall = (over: Partial<HallStatus>): HallStatus => ({
  hallId: 'H1',
  name: '城东营业厅',
  timeZone: 'Asia/Shanghai',
  region: '深圳',
  waiting: 4,
  longestWaitMin: 12.4,
  issuedToday: 120,
  servedToday: 100,
  serviceLevelToday: 0.853,
  openAlarms: 0,
  criticalAlarms: 0,
  hubOnline: true,
  lastSyncAt: NOW - 5_000,
  sync: { pending: 0, oldestPendingMin: null, stuck: false, deadLetters: 0 },
  ...over,
});

function show(halls: HallStatus[]) {
  render(() => (
    <Router>
      <Route path="*" component={() => <OverviewTable halls={halls} now={NOW} />} />
    </Router>
  ));
}

describe('halls overview table', () => {
  it("shows each hall's live figures, linking to its drill-down", () => {
    show([hall({})]);
    const row = screen.getByRole('row', { name: /城东营业厅/ });
    const cells = within(row)
      .getAllByRole('cell')
      .map((c) => c.textContent);
    expect(cells.slice(0, 5)).toEqual(['深圳', '4', '12分钟', '120', '85.3%']);
    expect(within(row).getByRole('link', { name: '城东营业厅' }).getAttribute('href')).toBe('/halls/H1');
    expect(within(row).getByText('在线')).toBeTruthy();
  });

  it('marks a service level below target, an offline hub, a hub never heard from, and open alarms', () => {
    show([
      hall({
        hallId: 'H2',
        name: '西区厅',
        serviceLevelToday: 0.6,
        hubOnline: false,
        lastSyncAt: NOW - 3 * 3_600_000,
        openAlarms: 2,
        criticalAlarms: 1,
      }),
      hall({
        hallId: 'H3',
        name: '新开厅',
        serviceLevelToday: null,
        hubOnline: false,
        lastSyncAt: null,
        issuedToday: 0,
        waiting: 0,
        longestWaitMin: 0,
      }),
    ]);
    const west = screen.getByRole('row', { name: /西区厅/ });
    expect(within(west).getByText('60%').className).toContain('sl-poor');
    expect(within(west).getByText('离线')).toBeTruthy();
    expect(within(west).getByText(/最近同步 3小时前|最近同步 3 小时前/)).toBeTruthy();
    const alarms = within(west).getByRole('link', { name: '2 条未恢复' });
    expect(alarms.getAttribute('href')).toBe('/alarms?hall=H2');
    expect(alarms.className).toContain('critical');
    const fresh = screen.getByRole('row', { name: /新开厅/ });
    expect(within(fresh).getAllByText('—')).toHaveLength(2);
    expect(within(fresh).getByText('从未同步')).toBeTruthy();
  });

  it('says when a hub is online but its upload is stuck, and when the cloud refused rows', () => {
    show([
      hall({
        hallId: 'H4',
        name: '北区厅',
        lastSyncAt: NOW - 2 * 3_600_000,
        sync: { pending: 1_673, oldestPendingMin: 125, stuck: true, deadLetters: 2 },
      }),
    ]);
    const row = screen.getByRole('row', { name: /北区厅/ });
    // Online (it polls), yet its events have not been acknowledged for two hours: said, not hidden.
    expect(within(row).getByText('在线')).toBeTruthy();
    expect(within(row).getByText(/最近同步 2小时前|最近同步 2 小时前/)).toBeTruthy();
    expect(within(row).getByText('上传受阻：1,673 条待发，最早一条已等 2小时5分钟')).toBeTruthy();
    expect(within(row).getByText('2 条被云端拒收')).toBeTruthy();
  });
});

describe('halls overview figures', () => {
  it('says a short wait as under a minute and a long one in hours and minutes, and no wait with nobody waiting', () => {
    show([
      hall({ hallId: 'A', name: '甲厅', longestWaitMin: 0.3 }),
      hall({ hallId: 'B', name: '乙厅', longestWaitMin: 83.6 }),
      hall({ hallId: 'C', name: '丙厅', waiting: 0, longestWaitMin: 0 }),
    ]);
    const wait = (name: RegExp) => within(screen.getByRole('row', { name })).getAllByRole('cell')[2]?.textContent;
    expect(wait(/甲厅/)).toBe('不到1分钟');
    expect(wait(/乙厅/)).toBe('1小时24分钟');
    expect(wait(/丙厅/)).toBe('—');
  });

  it("shows each hall's local time and zone only where halls of several zones are listed together", () => {
    show([hall({ hallId: 'A', name: '甲厅' }), hall({ hallId: 'B', name: '乙厅' })]);
    expect(screen.queryByText(/当地时间/)).toBeNull();
    cleanup();
    show([hall({ hallId: 'A', name: '甲厅' }), hall({ hallId: 'V', name: '河内厅', timeZone: 'Asia/Bangkok' })]);
    // 02:00 UTC: 10:00 in Shenzhen, 09:00 in Hanoi.
    expect(within(screen.getByRole('row', { name: /甲厅/ })).getByText('当地时间 10:00（GMT+8）')).toBeTruthy();
    expect(within(screen.getByRole('row', { name: /河内厅/ })).getByText('当地时间 09:00（GMT+7）')).toBeTruthy();
  });
});
