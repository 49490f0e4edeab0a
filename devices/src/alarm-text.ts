/**
 * What an alarm says, in each language the product speaks. The hub's rules put the figures of an alarm
 * in `params` (names, counts, thresholds); every reader renders them in its own language: the hub's log
 * and notifications in English, the wall screen and the console in the viewer's (zh-CN first). No
 * dependencies: the in-hall pages import this file alone (`@hall/devices/alarm-text`).
 */
/** Every rule the hub raises alarms by. */
export const ALARM_RULES = [
  'long-wait',
  'queue-per-counter',
  'occupancy',
  'arrival-surge',
  'counters-below-schedule',
  'low-rating-streak',
  'idle-counter',
  'device-offline',
  'outbox-backlog',
  'sync-dead-letter',
] as const;
export type AlarmRuleId = (typeof ALARM_RULES)[number];
/** Rules the cloud raises alarms by itself (about a hub, not about the hall). */
export const CLOUD_ALARM_RULES = ['hub-restarted-empty'] as const;
export type CloudAlarmRuleId = (typeof CLOUD_ALARM_RULES)[number];
export type AnyAlarmRuleId = AlarmRuleId | CloudAlarmRuleId;
/** A rule of the hub or of the cloud: one this build can name and render. */
export const isAlarmRule = (r: string): r is AnyAlarmRuleId =>
  (ALARM_RULES as readonly string[]).includes(r) || (CLOUD_ALARM_RULES as readonly string[]).includes(r);

export type AlarmParams = Record<string, string | number | null>;
export type AlarmLang = 'zh-CN' | 'en';

type Template = (p: AlarmParams) => string;
const v = (p: AlarmParams, k: string) => (p[k] === null || p[k] === undefined ? '?' : String(p[k]));

const TEXT: Record<AlarmLang, Record<AnyAlarmRuleId, Template>> = {
  'zh-CN': {
    'long-wait': (p) =>
      `${v(p, 'service')}：最长等候 ${v(p, 'minutes')} 分钟（预警 ${v(p, 'warning')}，严重 ${v(p, 'critical')}）`,
    'queue-per-counter': (p) => `${v(p, 'service')}：${v(p, 'waiting')} 人等候，开放窗口 ${v(p, 'counters')} 个`,
    occupancy: (p) => `厅内 ${v(p, 'occupancy')} 人（容量 ${v(p, 'capacity')}）`,
    'arrival-surge': (p) => `近 15 分钟取号 ${v(p, 'arrivals')} 张，通常 ${v(p, 'expected')} 张`,
    'counters-below-schedule': (p) => `开放窗口 ${v(p, 'open')} 个，排班 ${v(p, 'scheduled')} 个`,
    'low-rating-streak': (p) => `${v(p, 'counter')}：连续 ${v(p, 'streak')} 个低分评价`,
    'idle-counter': (p) => `${v(p, 'counter')} 空闲 ${v(p, 'minutes')} 分钟，而其业务有 ${v(p, 'waiting')} 人等候`,
    'device-offline': (p) => `设备 ${v(p, 'device')} 已离线 ${v(p, 'minutes')} 分钟`,
    'outbox-backlog': (p) => `${v(p, 'rows')} 条事件未上传云端，最早的已等 ${v(p, 'minutes')} 分钟`,
    'sync-dead-letter': (p) => `云端拒收的 ${v(p, 'rows')} 条事件保存在死信表中`,
    'hub-restarted-empty': (p) =>
      `营业厅主机 ${v(p, 'hub')} 以空数据目录重新启动：此前已同步到第 ${v(p, 'ackedThrough')} 条事件，之后未上传的事件可能已丢失`,
  },
  en: {
    'long-wait': (p) =>
      `${v(p, 'service')}: the longest wait is ${v(p, 'minutes')} min (warning at ${v(p, 'warning')}, critical at ${v(p, 'critical')})`,
    'queue-per-counter': (p) => `${v(p, 'service')}: ${v(p, 'waiting')} waiting for ${v(p, 'counters')} open counters`,
    occupancy: (p) => `${v(p, 'occupancy')} people in the hall (capacity ${v(p, 'capacity')})`,
    'arrival-surge': (p) => `${v(p, 'arrivals')} tickets in the last 15 min, ${v(p, 'expected')} expected`,
    'counters-below-schedule': (p) => `${v(p, 'open')} counters open, ${v(p, 'scheduled')} scheduled`,
    'low-rating-streak': (p) => `${v(p, 'counter')}: ${v(p, 'streak')} low ratings in a row`,
    'idle-counter': (p) =>
      `${v(p, 'counter')} has been idle ${v(p, 'minutes')} min while ${v(p, 'waiting')} wait for its services`,
    'device-offline': (p) => `${v(p, 'device')} is offline for ${v(p, 'minutes')} min`,
    'outbox-backlog': (p) => `${v(p, 'rows')} events not yet sent to the cloud, the oldest ${v(p, 'minutes')} min old`,
    'sync-dead-letter': (p) => `${v(p, 'rows')} outbox rows the cloud refused are kept in the dead-letter table`,
    'hub-restarted-empty': (p) =>
      `Hub ${v(p, 'hub')} restarted with an empty data folder: events after no. ${v(p, 'ackedThrough')} that it had not yet sent may be lost`,
  },
};

/**
 * The alarm's text in `lang`; `fallback` (the message the hub sent) for alarms without params (raised
 * before params existed) or from a rule this build does not know.
 */
export function alarmText(
  rule: string,
  params: AlarmParams | null | undefined,
  lang: AlarmLang,
  fallback = '',
): string {
  return isAlarmRule(rule) && params ? TEXT[lang][rule](params) : fallback;
}
