/**
 * The KPI report's words in each language (PDF, e-mail), with the daily report's number and date formats
 * (reports/report.text.ts: Intl, durations as 时/分). A KPI's value prints by its unit.
 */
import { reportText } from '../reports/report.text.ts';
import type { HallKpiReport, KpiRollup, ReportKpi, ReportLang, ReportValue } from './report.schema.ts';

const ZH = {
  title: '绩效日报',
  rollupTitle: '区域绩效汇总',
  generated: '生成于 {at}',
  versions: '指标版本：{list}',
  hallKpis: '营业厅指标',
  kpi: '指标',
  day: '当日',
  month: '本月累计',
  target: '目标',
  score: '得分',
  total: '综合得分',
  clerks: '员工指标',
  clerk: '员工',
  noClerks: '当日没有员工指标数据。',
  tooFew: '样本不足',
  moversTitle: '进退步',
  vsDay: '较前一日',
  vsWeek: '近 7 日较前 7 日',
  up: '进步',
  down: '退步',
  none: '无',
  belowTitle: '本月未达目标',
  belowNone: '本月没有未达目标的员工指标。',
  value: '实际',
  onsiteTitle: '当日现场评分',
  onsiteNone: '当日没有现场评分。',
  subject: '对象',
  template: '评分表',
  points: '得分',
  failed: '不合格项',
  critical: '关键项不合格',
  at: '时间',
  hall: '营业厅',
  rank: '排名',
  rankDay: '当日排名',
  rankMonth: '本月排名',
  noHalls: '该区域下没有营业厅指标数据。',
  more: '另有 {n} 人未列出',
  page: '第 {n} 页，共 {of} 页',
  fileStem: '绩效日报',
  rollupStem: '区域绩效汇总',
  mailSubject: '{name} {date} 绩效日报',
  rollupSubject: '{name} {date} 区域绩效汇总',
  mailText:
    '{name} {date} 绩效日报（附 PDF）。\n营业厅综合得分：当日 {day}，本月累计 {month}。\n员工 {clerks} 人，本月未达目标 {below} 项，当日现场评分 {forms} 份。',
  rollupText: '{name} {date} 区域绩效汇总（附 PDF）：{halls} 个营业厅。\n本月第一名：{first}。',
};
type Texts = typeof ZH;
const EN: Texts = {
  title: 'Daily KPI report',
  rollupTitle: 'Regional KPI roll-up',
  generated: 'Generated {at}',
  versions: 'KPI versions: {list}',
  hallKpis: 'Hall KPIs',
  kpi: 'KPI',
  day: 'Day',
  month: 'Month to date',
  target: 'Target',
  score: 'Score',
  total: 'Total score',
  clerks: 'Clerks',
  clerk: 'Clerk',
  noClerks: 'No clerk figures this day.',
  tooFew: 'too few',
  moversTitle: 'Movers',
  vsDay: 'vs the previous day',
  vsWeek: 'last 7 days vs the 7 before',
  up: 'Up',
  down: 'Down',
  none: 'none',
  belowTitle: 'Below target this month',
  belowNone: 'No clerk KPI below target this month.',
  value: 'Actual',
  onsiteTitle: 'On-site scoring today',
  onsiteNone: 'No on-site forms this day.',
  subject: 'Subject',
  template: 'Checklist',
  points: 'Points',
  failed: 'Failed items',
  critical: 'critical item failed',
  at: 'Time',
  hall: 'Hall',
  rank: 'Rank',
  rankDay: 'Rank (day)',
  rankMonth: 'Rank (month)',
  noHalls: 'No hall figures under this unit.',
  more: '{n} more not listed',
  page: 'Page {n} of {of}',
  fileStem: 'KPI report',
  rollupStem: 'KPI roll-up',
  mailSubject: '{name} daily KPI report, {date}',
  rollupSubject: '{name} KPI roll-up, {date}',
  mailText:
    'The daily KPI report of {name} for {date} (PDF attached).\nHall total score: day {day}, month to date {month}.\n{clerks} clerks; {below} KPIs below target this month; {forms} on-site forms today.',
  rollupText: 'The KPI roll-up of {name} for {date} (PDF attached): {halls} halls.\nFirst this month: {first}.',
};

export function kpiText(lang: ReportLang, timeZone: string) {
  const base = reportText(lang, timeZone);
  const texts = lang === 'zh-CN' ? ZH : EN;
  const t = (key: keyof Texts, params: Record<string, string | number> = {}) =>
    texts[key].replace(/\{(\w+)\}/g, (_, k: string) => String(params[k] ?? `{${k}}`));
  const dec = new Intl.NumberFormat(lang, { maximumFractionDigits: 1 });
  const two = new Intl.NumberFormat(lang, { maximumFractionDigits: 2 });
  /** A KPI value by its unit (percent values are 0–100). */
  const value = (kpi: Pick<ReportKpi, 'unit'> | undefined, v: number | null) => {
    if (v === null) return '—';
    switch (kpi?.unit) {
      case 'percent':
        return `${dec.format(v)}%`;
      case 'count':
        return base.count(v);
      case 'minutes':
        return base.duration(v);
      case 'seconds':
        return base.duration(v / 60);
      default:
        return two.format(v);
    }
  };
  /** `、` in Chinese, `, ` in English. */
  const join = (xs: string[]) => xs.join(lang === 'zh-CN' ? '、' : ', ');
  const cell = (kpi: ReportKpi | undefined, v: ReportValue | undefined) =>
    !v
      ? '—'
      : v.enough
        ? value(kpi, v.value)
        : lang === 'zh-CN'
          ? `${value(kpi, v.value)}（${t('tooFew')}）`
          : `${value(kpi, v.value)} (${t('tooFew')})`;
  return {
    ...base,
    t,
    join,
    value,
    cell,
    score: (s: number | null) => (s === null ? '—' : dec.format(s)),
    signed: (d: number) => `${d > 0 ? '+' : ''}${dec.format(d)}`,
    kpiName: (k: Pick<ReportKpi, 'nameZh' | 'nameEn'>) => (lang === 'zh-CN' ? k.nameZh : k.nameEn),
  };
}
export type KpiText = ReturnType<typeof kpiText>;

const safe = (s: string) =>
  s
    // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
    .replace(/[\u0000-\u001f\u007f/\\:*?"<>|]+/g, '_')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 80);

export function kpiReportFileName(report: HallKpiReport | KpiRollup, lang: ReportLang, ext: 'pdf' | 'xlsx' = 'pdf') {
  const x = kpiText(lang, report.kind === 'hall' ? report.timeZone : 'Asia/Shanghai');
  return report.kind === 'hall'
    ? `${safe(report.hallName)}-${x.t('fileStem')}-${report.date}.${ext}`
    : `${safe(report.orgUnitName)}-${x.t('rollupStem')}-${report.date}.${ext}`;
}

/** The e-mail's subject and a few lines. */
export function kpiReportSummary(report: HallKpiReport | KpiRollup, lang: ReportLang) {
  if (report.kind === 'hall') {
    const x = kpiText(lang, report.timeZone);
    const date = x.date(report.date);
    return {
      subject: x.t('mailSubject', { name: report.hallName, date }),
      text: x.t('mailText', {
        name: report.hallName,
        date,
        day: x.score(report.hall.day?.total ?? null),
        month: x.score(report.hall.month?.total ?? null),
        clerks: x.count(report.clerksTotal),
        below: x.count(report.belowTarget.length),
        forms: x.count(report.onsite.total),
      }),
    };
  }
  const x = kpiText(lang, 'Asia/Shanghai');
  const date = x.date(report.date);
  return {
    subject: x.t('rollupSubject', { name: report.orgUnitName, date }),
    text: x.t('rollupText', {
      name: report.orgUnitName,
      date,
      halls: x.count(report.halls.length),
      first: report.halls.find((h) => h.rankMonth === 1)?.name ?? '—',
    }),
  };
}
