/**
 * What a notification says, in the recipient's language: the alarm's own text from its rule and params
 * (`@hall/devices/alarm-text`, the same words the console and the wall screen use), the hall's name, the
 * time in the hall's time zone (Intl), and what happened (raised, severity changed, resolved, escalated).
 * SMS templates take parameters instead of text: `templateParams` gives them, each short (providers cap
 * a parameter's length: Aliyun 35 characters for most template kinds).
 */
import { alarmText, formatMinutes, type AlarmParams } from '@hall/devices/alarm-text';
import type { MessageEvent } from './notifications.table.ts';

export type Lang = 'zh-CN' | 'en';

const RULE_NAMES: Record<Lang, Record<string, string>> = {
  'zh-CN': {
    'long-wait': '等候过长',
    'queue-per-counter': '窗口排队过多',
    occupancy: '厅内人数过多',
    'arrival-surge': '客流激增',
    'counters-below-schedule': '开窗不足',
    'low-rating-streak': '连续差评',
    'idle-counter': '窗口空闲但有排队',
    'device-offline': '设备离线',
    'outbox-backlog': '上传积压',
    'sync-dead-letter': '上传被拒',
    'hub-restarted-empty': '主机数据丢失后重启',
  },
  en: {
    'long-wait': 'Long wait',
    'queue-per-counter': 'Long queue per counter',
    occupancy: 'Hall crowded',
    'arrival-surge': 'Arrival surge',
    'counters-below-schedule': 'Fewer counters than scheduled',
    'low-rating-streak': 'Low ratings in a row',
    'idle-counter': 'Idle counter with a queue',
    'device-offline': 'Device offline',
    'outbox-backlog': 'Upload backlog',
    'sync-dead-letter': 'Upload refused',
    'hub-restarted-empty': 'Hub restarted empty',
  },
};

const SEVERITY: Record<Lang, Record<string, string>> = {
  'zh-CN': { critical: '严重', major: '重要', minor: '次要', warning: '警告' },
  en: { critical: 'Critical', major: 'Major', minor: 'Minor', warning: 'Warning' },
};

const EVENT: Record<Lang, Record<MessageEvent, string>> = {
  'zh-CN': {
    raised: '告警',
    updated: '级别变化',
    resolved: '已恢复',
    escalated: '升级：未确认',
    repeated: '仍未确认',
    report: '报表',
    test: '测试消息',
  },
  en: {
    raised: 'Alarm',
    updated: 'Severity changed',
    resolved: 'Resolved',
    escalated: 'Escalated: not acknowledged',
    repeated: 'Still not acknowledged',
    report: 'Report',
    test: 'Test message',
  },
};

export const ruleName = (rule: string, lang: Lang) => RULE_NAMES[lang][rule] ?? rule;
export const severityName = (s: string, lang: Lang) => SEVERITY[lang][s] ?? s;

export interface AlarmFacts {
  hallName: string;
  timeZone: string;
  rule: string;
  severity: string;
  params: AlarmParams | null;
  message: string;
  raisedAt: Date;
  clearedAt?: Date | null;
}

export interface Rendered {
  subject: string;
  body: string;
  templateParams: Record<string, string>;
}

function time(d: Date, timeZone: string, lang: Lang) {
  return new Intl.DateTimeFormat(lang, {
    timeZone,
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).format(d);
}

const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** One message about an alarm, for one reader. */
export function renderAlarm(
  a: AlarmFacts,
  event: MessageEvent,
  lang: Lang,
  extra: { previousSeverity?: string; unackedMinutes?: number } = {},
): Rendered {
  const sev = severityName(a.severity, lang);
  const rule = ruleName(a.rule, lang);
  const what = alarmText(a.rule, a.params, lang, a.message);
  const raised = time(a.raisedAt, a.timeZone, lang);
  const subject = `[${sev}] ${a.hallName} · ${rule} · ${EVENT[lang][event]}`;
  const lines: string[] = [];
  const zh = lang === 'zh-CN';
  const label = (l: string) => (zh ? `${l}：` : `${l}: `);
  lines.push(`${label(zh ? '营业厅' : 'Hall')}${a.hallName}`);
  lines.push(`${label(zh ? '告警' : 'Alarm')}${rule}${zh ? `（${sev}）` : ` (${sev})`}`);
  lines.push(what);
  lines.push(`${label(zh ? '发生时间' : 'Raised at')}${raised}`);
  if (event === 'updated' && extra.previousSeverity)
    lines.push(
      zh
        ? `级别：${severityName(extra.previousSeverity, lang)} → ${sev}`
        : `Severity: ${severityName(extra.previousSeverity, lang)} → ${sev}`,
    );
  if (event === 'resolved' && a.clearedAt)
    lines.push(
      zh
        ? `恢复时间：${time(a.clearedAt, a.timeZone, lang)}（持续 ${formatMinutes((a.clearedAt.getTime() - a.raisedAt.getTime()) / 60_000, lang)}）`
        : `Resolved at: ${time(a.clearedAt, a.timeZone, lang)} (lasted ${formatMinutes((a.clearedAt.getTime() - a.raisedAt.getTime()) / 60_000, lang)})`,
    );
  if ((event === 'escalated' || event === 'repeated') && extra.unackedMinutes !== undefined)
    lines.push(
      zh
        ? `已 ${formatMinutes(extra.unackedMinutes, lang)} 未确认。`
        : `Not acknowledged for ${formatMinutes(extra.unackedMinutes, lang)}.`,
    );
  return {
    subject,
    body: `${lines.join('\n')}\n`,
    templateParams: {
      hall: clip(a.hallName, 20),
      alarm: clip(rule, 20),
      severity: sev,
      event: EVENT[lang][event],
      time: raised,
      detail: clip(what, 35),
    },
  };
}
