import { describe, expect, it } from 'vitest';
import { format } from '../../lib/i18n.ts';
import { reconnectDelay } from '../lib/live.ts';
import { callKeys, freshCalls, hoursAndMinutes, minutes, type Call } from './calls.ts';

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

  it('speaks the number in the chosen language and shows whole minutes', () => {
    expect(format('zh-CN', 'wall.announce', { ticket: 'A001', counter: '3号窗口' })).toBe('请 A001 号到 3号窗口 办理');
    expect(format('en', 'wall.announce', { ticket: 'A001', counter: 'Counter 3' })).toBe(
      'Ticket A001, please go to Counter 3',
    );
    expect([minutes(0.4), minutes(7.6)]).toEqual(['<1', '8']);
    expect([
      hoursAndMinutes(59.4, 'zh-CN'),
      hoursAndMinutes(79, 'zh-CN'),
      hoursAndMinutes(120, 'en'),
      hoursAndMinutes(79, 'en'),
    ]).toEqual([null, '1 小时 19 分钟', '2 h', '1 h 19 min']);
  });

  it('backs off from half a second to ten seconds between reconnects', () => {
    expect(reconnectDelay(0, () => 0.5)).toBe(500);
    expect(reconnectDelay(3, () => 0.5)).toBe(4000);
    expect(reconnectDelay(50, () => 0.5)).toBe(10_000);
    expect(reconnectDelay(50, () => 1)).toBe(12_500);
  });
});
