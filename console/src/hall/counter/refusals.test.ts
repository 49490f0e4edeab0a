import { describe, expect, it } from 'vitest';
import { refusalText } from './refusals.ts';

describe('counter terminal refusals', () => {
  it("says why a press was refused in the clerk's language, naming the ticket on display, never the hub's English", () => {
    expect(refusalText('nobody_waiting', { type: 'call.next' }, undefined)).toBe('没有等候本窗口业务的客户');
    expect(refusalText('not_allowed', { type: 'call.next' }, 'A001')).toBe(
      '请先处理当前号码 A001：办理完成、重呼或过号',
    );
    expect(refusalText('not_allowed', { type: 'counter.pause' }, 'A001')).toBe('请先办结当前号码 A001，再暂停');
    expect(refusalText('not_allowed', { type: 'counter.close' }, 'B002')).toBe('请先办结当前号码 B002，再签退关窗');
    expect(refusalText('not_allowed', { type: 'ticket.transfer' }, 'B002')).toBe('该号码已属于所选业务');
    expect(refusalText('unknown_ticket', { type: 'call.specific', ticketNo: 'C009' }, undefined)).toBe(
      '号码 C009 不在等候中',
    );
    expect(refusalText('no_current_ticket', { type: 'call.recall' }, undefined)).toBe('本窗口没有正在呼叫的号码');
    expect(refusalText('no_current_ticket', { type: 'ticket.finish' }, undefined)).toBe(
      '本窗口没有正在呼叫或办理的号码',
    );
    expect(refusalText('something_new', { type: 'call.next' }, undefined)).toBe('请重试');
  });
});
