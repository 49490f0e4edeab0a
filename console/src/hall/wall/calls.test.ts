import { describe, expect, it } from 'vitest';
import { format } from '../../lib/i18n.ts';
import { reconnectDelay } from '../lib/live.ts';
import { callKeys, freshCalls, type Call } from './calls.ts';
import { clockText, hubNow } from './clock.ts';

const call = (ticketNo: string, at: number, recall = false): Call => ({
  ticketNo,
  counterId: 'C1',
  counterName: '1号窗口',
  at,
  recall,
});

describe('wall screen calls', () => {
  it('announces only calls it has not shown, oldest first, and nothing on the first snapshot', () => {
    const first = [call('A002', 2), call('A001', 1)];
    expect(freshCalls(null, first)).toEqual([]);
    const next = [call('B001', 4), call('A003', 3), ...first];
    expect(freshCalls(callKeys(first), next).map((c) => c.ticketNo)).toEqual(['A003', 'B001']);
  });

  it('announces a recall of the same number again', () => {
    const first = [call('A001', 1)];
    expect(freshCalls(callKeys(first), [call('A001', 9, true), ...first])).toEqual([call('A001', 9, true)]);
  });

  it('speaks the number in the chosen language', () => {
    expect(format('zh-CN', 'wall.announce', { ticket: 'A001', counter: '3号窗口' })).toBe('请 A001 号到 3号窗口 办理');
    expect(format('en', 'wall.announce', { ticket: 'A001', counter: 'Counter 3' })).toBe(
      'Ticket A001, please go to Counter 3',
    );
  });

  it('shows the hub’s time in the hall’s time zone, whatever the screen’s own clock says', () => {
    // 2026-11-27 01:59:30 UTC is 09:59:30 in Shenzhen; the screen's clock runs 40 s later.
    const at = Date.UTC(2026, 10, 27, 1, 59, 30);
    const now = hubNow(at, 1_000_000, 1_000_000 + 40_000);
    expect(clockText(now, 'Asia/Shanghai', 'zh-CN')).toEqual({ time: '10:00', date: '11月27日周五' });
    expect(clockText(now, 'Asia/Shanghai', 'en')).toEqual({ time: '10:00', date: 'Fri, Nov 27' });
    expect(clockText(now, 'Europe/Berlin', 'en').time).toBe('03:00');
  });

  it('backs off from half a second to ten seconds between reconnects', () => {
    expect(reconnectDelay(0, () => 0.5)).toBe(500);
    expect(reconnectDelay(3, () => 0.5)).toBe(4000);
    expect(reconnectDelay(50, () => 0.5)).toBe(10_000);
    expect(reconnectDelay(50, () => 1)).toBe(12_500);
  });
});
