import { fireEvent, render, screen, within } from '@solidjs/testing-library';
import { createSignal } from 'solid-js';
import { describe, expect, it, vi } from 'vitest';
import { dayIsEmpty, isFuture, MetricsTable, ServiceFilter, visibleHours } from './Hall.tsx';

const hourRow = (h: number, arrivals: number, recentArrivals = 0) => ({
  key: String(h),
  label: `${String(h).padStart(2, '0')}:00`,
  arrivals,
  served: arrivals,
  noShows: 0,
  cancelled: 0,
  serviceLevel: arrivals ? 0.9 : null,
  avgWaitMin: arrivals ? 4 : null,
  avgServiceMin: arrivals ? 6 : null,
  ratingAvg: null,
  ratings: 0,
  recentArrivals,
});
const day = (busy: Record<number, number>, recent: Record<number, number> = {}) =>
  Array.from({ length: 24 }, (_, h) => hourRow(h, busy[h] ?? 0, recent[h] ?? 0));

describe('hall drill-down', () => {
  it('shows 08:00–18:00 at least, widened to every hour with traffic today or recently', () => {
    expect(visibleHours(day({ 10: 5 }))).toEqual([8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18]);
    expect(visibleHours(day({ 7: 1 }, { 20: 0.4 }))).toEqual([7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20]);
  });

  it('lists the figures per row and hands the picked row to the drill-down, marking the selected one', () => {
    const onPick = vi.fn();
    const rows = [hourRow(9, 12), hourRow(10, 0)];
    render(() => (
      <MetricsTable
        rows={rows}
        first="hall.hour"
        selected="9"
        onPick={onPick}
        pickLabel={(r) => `查看 ${r.label} 明细`}
      />
    ));
    const nine = screen.getByRole('button', { name: '查看 09:00 明细' });
    expect(nine.getAttribute('aria-pressed')).toBe('true');
    const cells = within(nine.closest('tr') as HTMLElement)
      .getAllByRole('cell')
      .map((c) => c.textContent);
    expect(cells).toEqual(['12', '12', '90%', '4', '6', '0', '—']);
    fireEvent.click(screen.getByRole('button', { name: '查看 10:00 明细' }));
    expect(onPick).toHaveBeenCalledWith(rows[1]);
  });
});

describe('service filter', () => {
  const services = () => [
    { id: 'billing', name: '话费缴费' },
    { id: 'phone', name: '手机终端' },
  ];

  it('keeps showing the chosen service while the day is fetched again (and on another date)', () => {
    // As on the page: the choice goes to the address, the day is fetched again with a new list of services.
    const [value, setValue] = createSignal<string | undefined>(undefined);
    const [list, setList] = createSignal(services());
    render(() => <ServiceFilter services={list()} value={value()} onChange={setValue} />);
    const select = screen.getByLabelText('业务') as HTMLSelectElement;
    expect(select.selectedOptions[0]?.textContent).toBe('全部业务');
    select.value = 'phone';
    fireEvent.change(select);
    expect(value()).toBe('phone');
    setList(services());
    expect(select.value).toBe('phone');
    expect(select.selectedOptions[0]?.textContent).toBe('手机终端');
    // Another date: a new list again, the filter still said.
    setList(services());
    expect(select.selectedOptions[0]?.textContent).toBe('手机终端');
    select.value = '';
    fireEvent.change(select);
    expect(value()).toBeUndefined();
    setList(services());
    expect(select.selectedOptions[0]?.textContent).toBe('全部业务');
  });
});

describe('hours and days without figures', () => {
  it('treats hours after the current hall hour, and future days, as not yet happened', () => {
    const now = { date: '2026-11-27', hour: 10 };
    expect(isFuture('2026-11-27', 10, now)).toBe(false);
    expect(isFuture('2026-11-27', 11, now)).toBe(true);
    expect(isFuture('2026-11-26', 23, now)).toBe(false);
    expect(isFuture('2026-11-28', 0, now)).toBe(true);
  });

  it('knows a day without a single ticket', () => {
    expect(dayIsEmpty(day({}))).toBe(true);
    expect(dayIsEmpty(day({}, { 10: 4 }))).toBe(true);
    expect(dayIsEmpty(day({ 10: 1 }))).toBe(false);
  });
});
