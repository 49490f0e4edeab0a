/**
 * What the counter terminal says when the hub refuses a press or a sign-in, in the page's language.
 * The hub answers with a reject code (the call button's, devices/) and an English sentence for logs
 * that names counters and tickets by id; the clerk gets a sentence of their own language from the code
 * and what the page knows (the pressed action, the ticket on the display) instead. The sentences for a
 * refused press follow "未执行：" / "Not done: " (`ctr.refused`), so the English ones start in lower case.
 */
import { translator } from '../../lib/lang.ts';

const zhCN = {
  nobody_waiting: '没有等候本窗口业务的客户',
  counter_closed: '本窗口未开放：请先签到',
  counter_paused: '本窗口已暂停：请先点“恢复服务”',
  busyCall: '请先处理当前号码 {ticket}：办理完成、重呼或过号',
  busyPause: '请先办结当前号码 {ticket}，再暂停',
  busyClose: '请先办结当前号码 {ticket}，再签退关窗',
  sameService: '该号码已属于所选业务',
  notAllowed: '当前状态下不能执行此操作',
  unknown_ticket: '号码 {ticket} 不在等候中',
  noCalled: '本窗口没有正在呼叫的号码',
  noCurrent: '本窗口没有正在呼叫或办理的号码',
  ticket_mismatch: '本窗口的当前号码已变化，请再按一次',
  unknown_service: '本厅没有该业务',
  other: '请重试',
  unreachable: '无法连接门店主机：请检查网络后重试',
  signInConflict:
    '无法签到：本窗口正在办理其他柜员的号码，或您在另一个窗口还有号码未办完。请先办完，或请厅经理在平台上释放该窗口。',
  signInBusy: '正在核验其他签到，请稍后再试',
  signInFailed: '签到失败，请重试',
  signedOut: '已签退，{counter} 已关闭',
  sessionEnded: '签到已失效（门店主机可能已重启）：请重新签到，窗口和号码仍保留在您名下',
} as const;

type Key = keyof typeof zhCN;

const en: Record<Key, string> = {
  nobody_waiting: 'nobody is waiting for the services of this counter',
  counter_closed: 'this counter is closed: sign in first',
  counter_paused: 'this counter is paused: press "Resume" first',
  busyCall: 'deal with {ticket} first: finish it, recall it or mark a no-show',
  busyPause: 'finish {ticket} before pausing',
  busyClose: 'finish {ticket} before signing out',
  sameService: 'the ticket is already for that service',
  notAllowed: 'this cannot be done right now',
  unknown_ticket: 'ticket {ticket} is not waiting',
  noCalled: 'this counter is not calling a ticket',
  noCurrent: 'this counter has no ticket being called or served',
  ticket_mismatch: "the counter's ticket has changed: press again",
  unknown_service: 'this hall has no such service',
  other: 'please try again',
  unreachable: 'The hall hub cannot be reached: check the network and try again',
  signInConflict:
    "Cannot sign in: this counter is busy with another clerk's ticket, or you still have a ticket at another counter. Finish it first, or ask the hall manager to release that counter in the console.",
  signInBusy: 'Another sign-in is being checked: try again in a moment',
  signInFailed: 'Sign-in failed: please try again',
  signedOut: 'Signed out; {counter} is closed',
  sessionEnded:
    'Your sign-in has ended (the hall hub may have restarted): sign in again; the counter and its ticket are still yours',
};

export const tr = translator<Key>({ 'zh-CN': zhCN, en });

/** The press the hub refused (the action types of `counter.act`, and the sign-out). */
export interface Press {
  type: string;
  ticketNo?: string;
}

/** The clerk's sentence for a refused press: from the reject code, the press and the ticket on display. */
export function refusalText(code: string | undefined, press: Press, current: string | undefined): string {
  const ticket = press.ticketNo ?? current ?? '';
  switch (code) {
    case 'nobody_waiting':
    case 'counter_closed':
    case 'counter_paused':
    case 'ticket_mismatch':
    case 'unknown_service':
      return tr(code);
    case 'unknown_ticket':
      return tr('unknown_ticket', { ticket });
    case 'no_current_ticket':
      return tr(press.type === 'call.recall' || press.type === 'ticket.noshow' ? 'noCalled' : 'noCurrent');
    case 'not_allowed':
      if (press.type === 'ticket.transfer') return tr('sameService');
      if (!current) return tr('notAllowed');
      if (press.type === 'counter.pause') return tr('busyPause', { ticket: current });
      if (press.type === 'counter.close') return tr('busyClose', { ticket: current });
      if (press.type === 'call.next' || press.type === 'call.specific') return tr('busyCall', { ticket: current });
      return tr('notAllowed');
    default:
      return tr('other');
  }
}
