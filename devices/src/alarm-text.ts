/**
 * What an alarm says, in each language the product speaks. The hub's rules put the figures of an alarm
 * in `params` (names, counts, minutes, thresholds, the device's kind and counter); every reader renders
 * them in its own language at display time: the hub's log and notifications in English, the wall screen
 * and the console in the viewer's (zh-CN first). Numbers go through Intl (grouping, at most one decimal),
 * minutes as people say them (不到 1 分钟, 53 分钟, 2 时 33 分 / under 1 min, 53 min, 2 h 33 min), English
 * nouns through Intl.PluralRules. Alarms journaled before params existed carry only their English
 * message: it is read back into params (`paramsFromMessage`) so that they too are said in the reader's
 * language. No dependencies: the in-hall pages import this file alone (`@hall/devices/alarm-text`).
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

/** A figure as a number: numbers, and numeric strings (older pages rounded figures to strings). */
function num(p: AlarmParams, k: string): number | null {
  const x = p[k];
  if (typeof x === 'number') return Number.isFinite(x) ? x : null;
  if (typeof x === 'string' && /^-?\d+(\.\d+)?$/.test(x.trim())) return Number(x);
  return null;
}

const formats = new Map<string, Intl.NumberFormat>();
/** A count or measure in the reader's locale: whole numbers as they are, others to one decimal. */
export function formatNumber(x: number, lang: AlarmLang): string {
  const key = `${lang}`;
  let f = formats.get(key);
  if (!f) formats.set(key, (f = new Intl.NumberFormat(lang, { maximumFractionDigits: 1 })));
  // Large measures need no decimal: 86.65 → 87, 0.66 → 0.7.
  return f.format(Math.abs(x) >= 10 ? Math.round(x) : x);
}

/**
 * A duration in minutes as people say it: under a minute, whole minutes, then hours and minutes
 * (0.4 → 不到 1 分钟 / under 1 min; 53.68 → 53 分钟 / 53 min; 153 → 2 时 33 分 / 2 h 33 min).
 */
export function formatMinutes(minutes: number, lang: AlarmLang): string {
  if (minutes < 1) return lang === 'zh-CN' ? '不到 1 分钟' : 'under 1 min';
  const total = Math.round(minutes);
  if (total < 60) return lang === 'zh-CN' ? `${formatNumber(total, lang)} 分钟` : `${formatNumber(total, lang)} min`;
  const h = formatNumber(Math.floor(total / 60), lang);
  const m = total % 60;
  if (lang === 'zh-CN') return m ? `${h} 时 ${m} 分` : `${h} 小时`;
  return m ? `${h} h ${m} min` : `${h} h`;
}

const plurals = new Map<string, Intl.PluralRules>();
/** An English count with its noun in the right form (1 open counter, 2 open counters, 0.7 open counters). */
export function countOf(x: number, one: string, other: string, lang: AlarmLang = 'en'): string {
  let rules = plurals.get(lang);
  if (!rules) plurals.set(lang, (rules = new Intl.PluralRules(lang)));
  return `${formatNumber(x, lang)} ${rules.select(x) === 'one' ? one : other}`;
}

/** Device kinds, as the people in the hall call them. */
const KIND: Record<AlarmLang, Record<string, string>> = {
  'zh-CN': {
    'ticket-terminal': '取号机',
    'counter-terminal': '叫号器',
    'rating-pad': '评价器',
    'people-counter': '客流计数器',
    'opcua-device': 'OPC UA 设备',
  },
  en: {
    'ticket-terminal': 'ticket terminal',
    'counter-terminal': 'call button',
    'rating-pad': 'rating pad',
    'people-counter': 'people counter',
    'opcua-device': 'OPC UA device',
  },
};

/*
 * Names (a service, a counter, a hub) are data in the hall's own language and ids are read literally:
 * the templates wrap them in marks that `alarmText` removes and `alarmSegments` turns into parts, so a
 * page can tag them (`<span lang="zh-CN">话费缴费</span>`, `translate="no"`).
 */
const DATA = ['\u0001', '\u0002'] as const;
const LITERAL = ['\u0003', '\u0004'] as const;
const data = (x: string) => `${DATA[0]}${x}${DATA[1]}`;
const literal = (x: string) => `${LITERAL[0]}${x}${LITERAL[1]}`;

/**
 * A device as the reader knows it: its name when it has one, else its kind at its counter (1号窗口的评价器 /
 * the rating pad at 1号窗口), with its id in brackets for the technician who has to find it.
 */
function deviceName(p: AlarmParams, lang: AlarmLang): string {
  const id = literal(p.device === null || p.device === undefined ? '?' : String(p.device));
  const name = typeof p.name === 'string' && p.name ? data(p.name) : null;
  const kind = typeof p.kind === 'string' ? KIND[lang][p.kind] : undefined;
  const counter = typeof p.counter === 'string' && p.counter ? data(p.counter) : null;
  if (lang === 'zh-CN') {
    if (name) return `${name}（${id}）`;
    if (kind) return counter ? `${counter}的${kind}（${id}）` : `${kind}（${id}）`;
    return `设备 ${id} `;
  }
  if (name) return `${name} (${id})`;
  if (kind) return counter ? `The ${kind} at ${counter} (${id})` : `The ${kind} ${id}`;
  return `Device ${id}`;
}

type Template = (p: AlarmParams, lang: AlarmLang) => string;

/** Builds the renderers of one language from helpers that format each kind of figure. */
function texts(lang: AlarmLang) {
  const raw = (p: AlarmParams, k: string) => (p[k] === null || p[k] === undefined ? '?' : String(p[k]));
  /** A name (data): marked. */
  const s = (p: AlarmParams, k: string) => (p[k] === null || p[k] === undefined ? '?' : data(String(p[k])));
  /** An id: marked to be read literally. */
  const id = (p: AlarmParams, k: string) => (p[k] === null || p[k] === undefined ? '?' : literal(String(p[k])));
  const n = (p: AlarmParams, k: string) => {
    const x = num(p, k);
    return x === null ? raw(p, k) : formatNumber(x, lang);
  };
  const min = (p: AlarmParams, k: string) => {
    const x = num(p, k);
    return x === null ? raw(p, k) : formatMinutes(x, lang);
  };
  /** English: a count and its noun, singular or plural by the count. */
  const c = (p: AlarmParams, k: string, one: string, other: string) => {
    const x = num(p, k);
    return x === null ? `${raw(p, k)} ${other}` : countOf(x, one, other);
  };
  return { s, id, n, min, c };
}

const zh = texts('zh-CN');
const en = texts('en');

const TEXT: Record<AlarmLang, Record<AnyAlarmRuleId, Template>> = {
  'zh-CN': {
    'long-wait': (p) =>
      `${zh.s(p, 'service')}：最长等候 ${zh.min(p, 'minutes')}（预警 ${zh.min(p, 'warning')}，严重 ${zh.min(p, 'critical')}）`,
    'queue-per-counter': (p) =>
      `${zh.s(p, 'service')}：${zh.n(p, 'waiting')} 人等候，开放窗口 ${zh.n(p, 'counters')} 个`,
    occupancy: (p) => `厅内 ${zh.n(p, 'occupancy')} 人（容量 ${zh.n(p, 'capacity')} 人）`,
    'arrival-surge': (p) =>
      num(p, 'expected') === null
        ? `近 15 分钟取号 ${zh.n(p, 'arrivals')} 张`
        : `近 15 分钟取号 ${zh.n(p, 'arrivals')} 张，通常约 ${zh.n(p, 'expected')} 张`,
    // With `clerks`, the expectation is the published roster's (the hub's roster section).
    'counters-below-schedule': (p) =>
      num(p, 'clerks') === null
        ? `开放窗口 ${zh.n(p, 'open')} 个，排班 ${zh.n(p, 'scheduled')} 个`
        : `开放窗口 ${zh.n(p, 'open')} 个，排班表此时安排 ${zh.n(p, 'scheduled')} 个${(num(p, 'clerks') ?? 0) > (num(p, 'scheduled') ?? 0) ? `（在岗柜员 ${zh.n(p, 'clerks')} 名）` : ''}`,
    'low-rating-streak': (p) => `${zh.s(p, 'counter')}：连续 ${zh.n(p, 'streak')} 个低分评价`,
    'idle-counter': (p) =>
      `${zh.s(p, 'counter')} 已空闲 ${zh.min(p, 'minutes')}，其业务有 ${zh.n(p, 'waiting')} 人等候`,
    'device-offline': (p, l) => `${deviceName(p, l)}已离线 ${zh.min(p, 'minutes')}`,
    'outbox-backlog': (p) => `${zh.n(p, 'rows')} 条事件未上传云端，最早的已等 ${zh.min(p, 'minutes')}`,
    'sync-dead-letter': (p) => `云端拒收的 ${zh.n(p, 'rows')} 条事件保存在死信表中`,
    'hub-restarted-empty': (p) =>
      `营业厅主机 ${zh.id(p, 'hub')} 以空数据目录重新启动：此前已同步到第 ${zh.n(p, 'ackedThrough')} 条事件，之后未上传的事件可能已丢失`,
  },
  en: {
    'long-wait': (p) =>
      `${en.s(p, 'service')}: the longest wait is ${en.min(p, 'minutes')} (warning at ${en.min(p, 'warning')}, critical at ${en.min(p, 'critical')})`,
    'queue-per-counter': (p) =>
      `${en.s(p, 'service')}: ${en.n(p, 'waiting')} waiting for ${en.c(p, 'counters', 'open counter', 'open counters')}`,
    occupancy: (p) =>
      `${en.c(p, 'occupancy', 'person', 'people')} in the hall (capacity ${en.c(p, 'capacity', 'person', 'people')})`,
    'arrival-surge': (p) =>
      num(p, 'expected') === null
        ? `${en.c(p, 'arrivals', 'ticket', 'tickets')} in the last 15 min`
        : `${en.c(p, 'arrivals', 'ticket', 'tickets')} in the last 15 min, about ${en.n(p, 'expected')} expected`,
    'counters-below-schedule': (p) =>
      num(p, 'clerks') === null
        ? `${en.c(p, 'open', 'counter', 'counters')} open, ${en.n(p, 'scheduled')} scheduled`
        : `${en.c(p, 'open', 'counter', 'counters')} open, ${en.n(p, 'scheduled')} planned by the roster now${(num(p, 'clerks') ?? 0) > (num(p, 'scheduled') ?? 0) ? ` (${en.c(p, 'clerks', 'clerk', 'clerks')} on shift)` : ''}`,
    'low-rating-streak': (p) => `${en.s(p, 'counter')}: ${en.c(p, 'streak', 'low rating', 'low ratings')} in a row`,
    'idle-counter': (p) =>
      `${en.s(p, 'counter')} has been idle for ${en.min(p, 'minutes')} while ${en.n(p, 'waiting')} wait for its services`,
    'device-offline': (p, l) => `${deviceName(p, l)} has been offline for ${en.min(p, 'minutes')}`,
    'outbox-backlog': (p) =>
      `${en.c(p, 'rows', 'event', 'events')} not yet sent to the cloud, the oldest waiting for ${en.min(p, 'minutes')}`,
    'sync-dead-letter': (p) =>
      `${en.c(p, 'rows', 'outbox row', 'outbox rows')} the cloud refused ${num(p, 'rows') === 1 ? 'is' : 'are'} kept in the dead-letter table`,
    'hub-restarted-empty': (p) =>
      `Hub ${en.id(p, 'hub')} restarted with an empty data folder: events after no. ${en.n(p, 'ackedThrough')} that it had not yet sent may be lost`,
  },
};

/**
 * The English messages hubs wrote before alarms carried params, read back into params (the same
 * figures the rule would have given), so an old stored alarm is said in the reader's language too.
 */
const OLD_MESSAGES: Partial<Record<AnyAlarmRuleId, { re: RegExp; keys: string[] }>> = {
  'long-wait': {
    re: /^(.+): the longest wait is ([\d.]+) min \(warning at ([\d.]+), critical at ([\d.]+)\)$/,
    keys: ['service', 'minutes', 'warning', 'critical'],
  },
  'queue-per-counter': {
    re: /^(.+): ([\d.]+) waiting for ([\d.]+) open counters?$/,
    keys: ['service', 'waiting', 'counters'],
  },
  occupancy: { re: /^([\d.]+) people in the hall \(capacity ([\d.]+)\)$/, keys: ['occupancy', 'capacity'] },
  'arrival-surge': {
    re: /^([\d.]+) tickets in the last 15 min, ([\d.]+|\?) expected$/,
    keys: ['arrivals', 'expected'],
  },
  'counters-below-schedule': { re: /^([\d.]+) counters open, ([\d.]+) scheduled$/, keys: ['open', 'scheduled'] },
  'low-rating-streak': { re: /^(.+): ([\d.]+) low ratings in a row$/, keys: ['counter', 'streak'] },
  'idle-counter': {
    re: /^(.+) has been idle ([\d.]+) min while ([\d.]+) wait for its services$/,
    keys: ['counter', 'minutes', 'waiting'],
  },
  'device-offline': { re: /^(\S+) is offline for ([\d.]+) min$/, keys: ['device', 'minutes'] },
  'outbox-backlog': {
    re: /^([\d.]+) events not yet sent to the cloud, the oldest ([\d.]+) min old$/,
    keys: ['rows', 'minutes'],
  },
  'sync-dead-letter': {
    re: /^([\d.]+) outbox rows the cloud refused are kept in the dead-letter table$/,
    keys: ['rows'],
  },
};

/** The params of an old English alarm message, or null when it is not one this build recognises. */
export function paramsFromMessage(rule: string, message: string): AlarmParams | null {
  const old = isAlarmRule(rule) ? OLD_MESSAGES[rule] : undefined;
  const m = old?.re.exec(message.trim());
  if (!old || !m) return null;
  return Object.fromEntries(
    old.keys.map((k, i) => {
      const raw = m[i + 1] ?? '';
      return [k, raw === '?' ? null : /^[\d.]+$/.test(raw) ? Number(raw) : raw];
    }),
  );
}

/** One part of an alarm's text: words of the reader's language, a name (data), or an id read literally. */
export interface AlarmSegment {
  text: string;
  kind: 'text' | 'data' | 'literal';
}

/**
 * The alarm's text in `lang`, in parts, so that a page can mark names with their own language and ids as
 * literal. Without params (alarms raised before params existed) the figures are read back from
 * `fallback`, the message the hub sent; `fallback` itself (as data: its language is not the reader's to
 * know) only for a message this build cannot read or a rule it does not know.
 */
export function alarmSegments(
  rule: string,
  params: AlarmParams | null | undefined,
  lang: AlarmLang,
  fallback = '',
): AlarmSegment[] {
  const figures = isAlarmRule(rule) ? (params ?? paramsFromMessage(rule, fallback)) : null;
  if (!figures || !isAlarmRule(rule)) return fallback ? [{ text: fallback, kind: 'data' }] : [];
  const out: AlarmSegment[] = [];
  let kind: AlarmSegment['kind'] = 'text';
  let text = '';
  const flush = (next: AlarmSegment['kind']) => {
    if (text) out.push({ text, kind });
    text = '';
    kind = next;
  };
  for (const ch of TEXT[lang][rule](figures, lang)) {
    if (ch === DATA[0]) flush('data');
    else if (ch === LITERAL[0]) flush('literal');
    else if (ch === DATA[1] || ch === LITERAL[1]) flush('text');
    else text += ch;
  }
  flush('text');
  return out;
}

/** The alarm's text in `lang`, as one string (logs, notifications, a table cell). */
export function alarmText(
  rule: string,
  params: AlarmParams | null | undefined,
  lang: AlarmLang,
  fallback = '',
): string {
  return alarmSegments(rule, params, lang, fallback)
    .map((s) => s.text)
    .join('');
}

/** The language of a name, for its `lang` attribute: Chinese when it has Han characters, else none known. */
export const nameLang = (text: string): 'zh-CN' | undefined => (/\p{Script=Han}/u.test(text) ? 'zh-CN' : undefined);
