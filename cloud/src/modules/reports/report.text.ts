/**
 * The daily report's words and number formats in each language, for the PDF and the e-mail summary.
 * Column titles are the console's (messages/*.ts `hall.*`), so the printed report reads as the screen.
 * Numbers go through Intl; durations read as 时/分 (h/min).
 */
import { alarmText } from '@hall/devices/alarm-text';
import type { DailyReport, ReportLang } from './reports.schema.ts';

const ZH = {
  title: '营业厅日报',
  provisional: '（当日未结束，数据为截至生成时）',
  generated: '生成于 {at}（{zone}）',
  kpis: '当日概况',
  arrivals: '取号',
  served: '办结',
  serviceLevel: '达标率',
  avgWait: '平均等候（分钟）',
  p90Wait: '90% 等候不超过（分钟）',
  maxWait: '最长等候（分钟）',
  avgService: '平均办理（分钟）',
  noShows: '过号/离开',
  abandonment: '放弃率',
  rating: '满意度',
  ratings: '评价数',
  hour: '时段',
  service: '业务',
  staff: '员工',
  recent: '近 {n} 日同时段平均',
  forecast: '预测',
  noForecast: '暂无预测（预测模块发布后显示预测对比）',
  byHour: '分时段客流',
  byService: '按业务',
  byStaff: '按员工',
  ratingsTitle: '客户评价',
  score: '{n} 分',
  skipped: '未评价',
  alarmsTitle: '当日告警',
  noAlarms: '当日没有告警。',
  alarmsMore: '另有 {n} 条未列出',
  raisedAt: '发生',
  clearedAt: '恢复',
  stillOpen: '未恢复',
  severity: '级别',
  alarm: '告警',
  lasted: '持续',
  devicesTitle: '设备可用性',
  devicesSpan: '统计区间 {from}–{to}',
  noDevices: '当日没有设备状态记录。',
  device: '设备',
  kind: '类型',
  availability: '在线率',
  offline: '离线时长',
  outages: '离线次数',
  allDevices: '全部设备',
  noTickets: '当日没有取号记录。',
  page: '第 {n} 页，共 {of} 页',
  fileStem: '日报',
  subject: '{hall} {date} 营业厅日报',
  summary:
    '{hall} {date}：取号 {arrivals}，办结 {served}，达标率 {sl}，平均等候 {wait}，放弃率 {abandon}，满意度 {rating}；告警 {alarms} 条；设备在线率 {devices}。详见附件 PDF。',
} as const;

type Texts = Record<keyof typeof ZH, string>;

const EN: Texts = {
  title: 'Daily hall report',
  provisional: '(the day had not ended: figures as of generation)',
  generated: 'Generated {at} ({zone})',
  kpis: 'The day at a glance',
  arrivals: 'Tickets',
  served: 'Served',
  serviceLevel: 'Within target',
  avgWait: 'Avg wait (min)',
  p90Wait: '90% waited at most (min)',
  maxWait: 'Longest wait (min)',
  avgService: 'Avg service (min)',
  noShows: 'No-show / left',
  abandonment: 'Given up',
  rating: 'Rating',
  ratings: 'Ratings',
  hour: 'Hour',
  service: 'Service',
  staff: 'Staff',
  recent: 'Same hour, last {n} days',
  forecast: 'Forecast',
  noForecast: 'No forecast yet (shown once forecasting publishes one)',
  byHour: 'Traffic by hour',
  byService: 'By service',
  byStaff: 'By staff',
  ratingsTitle: 'Customer ratings',
  score: '{n}',
  skipped: 'Skipped',
  alarmsTitle: 'Alarms of the day',
  noAlarms: 'No alarms this day.',
  alarmsMore: '{n} more not listed',
  raisedAt: 'Raised',
  clearedAt: 'Cleared',
  stillOpen: 'open',
  severity: 'Severity',
  alarm: 'Alarm',
  lasted: 'Lasted',
  devicesTitle: 'Device availability',
  devicesSpan: 'Measured {from}–{to}',
  noDevices: 'No device status recorded this day.',
  device: 'Device',
  kind: 'Kind',
  availability: 'Online',
  offline: 'Offline for',
  outages: 'Outages',
  allDevices: 'All devices',
  noTickets: 'No tickets this day.',
  page: 'Page {n} of {of}',
  fileStem: 'daily-report',
  subject: '{hall} daily report, {date}',
  summary:
    '{hall}, {date}: {arrivals} tickets, {served} served, {sl} within target, average wait {wait}, given up {abandon}, rating {rating}; {alarms} alarms; devices online {devices}. The PDF is attached.',
};

const SEVERITY: Record<ReportLang, Record<string, string>> = {
  'zh-CN': { critical: '严重', major: '重要', minor: '次要', warning: '警告' },
  en: { critical: 'Critical', major: 'Major', minor: 'Minor', warning: 'Warning' },
};

const KIND: Record<ReportLang, Record<string, string>> = {
  'zh-CN': {
    'ticket-terminal': '取号机',
    'counter-terminal': '窗口呼叫器',
    'rating-pad': '评价器',
    'people-counter': '客流计数器',
    'opcua-device': 'OPC UA 设备',
  },
  en: {
    'ticket-terminal': 'Ticket terminal',
    'counter-terminal': 'Counter call button',
    'rating-pad': 'Rating pad',
    'people-counter': 'People counter',
    'opcua-device': 'OPC UA device',
  },
};

const DASH = '—';

export interface ReportText {
  lang: ReportLang;
  t: (key: keyof Texts, params?: Record<string, string | number>) => string;
  count: (n: number) => string;
  percent: (x: number | null) => string;
  minutes: (m: number | null) => string;
  decimal: (x: number | null) => string;
  duration: (minutes: number) => string;
  date: (isoDate: string) => string;
  time: (ms: number) => string;
  dateTime: (ms: number) => string;
  severity: (s: string) => string;
  kind: (k: string) => string;
  alarm: (a: DailyReport['alarms']['list'][number]) => string;
}

/** The report's words and formats for one language and the hall's time zone. */
export function reportText(lang: ReportLang, timeZone: string): ReportText {
  const texts: Texts = lang === 'zh-CN' ? ZH : EN;
  const nf = (o: Intl.NumberFormatOptions) => new Intl.NumberFormat(lang, o);
  const whole = nf({ maximumFractionDigits: 0 });
  const pct = nf({ style: 'percent', maximumFractionDigits: 1 });
  const dec = nf({ minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const zh = lang === 'zh-CN';
  return {
    lang,
    t: (key, params = {}) => texts[key].replace(/\{(\w+)\}/g, (_, k: string) => String(params[k] ?? `{${k}}`)),
    count: (n) => whole.format(n),
    percent: (x) => (x === null ? DASH : pct.format(x)),
    // As the console's minute columns: one decimal under 10, whole above.
    minutes: (m) => (m === null ? DASH : nf({ maximumFractionDigits: m < 10 ? 1 : 0 }).format(m)),
    decimal: (x) => (x === null ? DASH : dec.format(x)),
    duration: (total) => {
      if (total > 0 && total < 1) return zh ? '不到1分钟' : 'under 1 min';
      const m = Math.max(0, Math.round(total));
      const h = Math.floor(m / 60);
      if (h === 0) return zh ? `${m}分钟` : `${m} min`;
      const rest = m % 60;
      return zh
        ? `${whole.format(h)}小时${rest ? `${rest}分钟` : ''}`
        : `${whole.format(h)} h${rest ? ` ${rest} min` : ''}`;
    },
    date: (iso) =>
      new Intl.DateTimeFormat(lang, {
        year: 'numeric',
        month: 'long',
        day: 'numeric',
        weekday: 'short',
        timeZone: 'UTC',
      }).format(new Date(`${iso}T00:00:00Z`)),
    time: (ms) =>
      new Intl.DateTimeFormat(lang, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone }).format(ms),
    dateTime: (ms) =>
      new Intl.DateTimeFormat(lang, {
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
        timeZone,
      }).format(ms),
    severity: (s) => SEVERITY[lang][s] ?? s,
    kind: (k) => KIND[lang][k] ?? k,
    alarm: (a) => alarmText(a.rule, a.params, lang, a.message),
  };
}

/** `城东营业厅-日报-2026-11-26.pdf`: the hall's name and the date, without characters a file system refuses. */
export function reportFileName(report: DailyReport, lang: ReportLang): string {
  const safe = (s: string) =>
    s
      // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
      .replace(/[\u0000-\u001f\u007f/\\:*?"<>|]+/g, '_')
      .replace(/\s+/g, ' ')
      .trim()
      .slice(0, 80);
  return `${safe(report.hallName)}-${reportText(lang, report.timeZone).t('fileStem')}-${report.date}.pdf`;
}

/** A subject and a few lines for the e-mail that carries the PDF. */
export function reportSummary(report: DailyReport, lang: ReportLang): { subject: string; text: string } {
  const x = reportText(lang, report.timeZone);
  const date = x.date(report.date);
  const wait = report.waits.avgMin === null ? DASH : x.duration(report.waits.avgMin);
  return {
    subject: x.t('subject', { hall: report.hallName, date }),
    text: x.t('summary', {
      hall: report.hallName,
      date,
      arrivals: x.count(report.totals.arrivals),
      served: x.count(report.totals.served),
      sl: x.percent(report.totals.serviceLevel),
      wait,
      abandon: x.percent(report.abandonment),
      rating: report.ratings.count ? x.decimal(report.ratings.average) : DASH,
      alarms: x.count(report.alarms.total),
      devices: x.percent(report.devices.availability),
    }),
  };
}
