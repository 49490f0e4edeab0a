/** How the rosters' pages write days, periods, the optimality gap and a rule broken (the UI's language). */
import { percent } from '../../format.ts';
import { lang, t, type ConsoleKey } from '../../i18n.ts';

/** A calendar day `n` days after `date` (YYYY-MM-DD). */
import { addDays as shiftDate } from '@hall/devices/calendar';
export { shiftDate };

/** "周二 12/1" / "Tue 1/12": weekday and day of a hall-local date. */
export function dayLabel(date: string): string {
  return new Intl.DateTimeFormat(lang(), {
    timeZone: 'UTC',
    weekday: 'short',
    month: 'numeric',
    day: 'numeric',
  }).format(Date.parse(`${date}T00:00:00Z`));
}

/** The weekday alone ("周二" / "Tue"). */
export const weekdayLabel = (date: string) =>
  new Intl.DateTimeFormat(lang(), { timeZone: 'UTC', weekday: 'short' }).format(Date.parse(`${date}T00:00:00Z`));

/** "2026年11月30日 – 12月6日" for a period. */
export function periodLabel(fromDate: string, days: number): string {
  const f = new Intl.DateTimeFormat(lang(), { timeZone: 'UTC', year: 'numeric', month: 'short', day: 'numeric' });
  return f.formatRange(Date.parse(`${fromDate}T00:00:00Z`), Date.parse(`${shiftDate(fromDate, days - 1)}T00:00:00Z`));
}

/** "距最优不超过 0.4%" / "within 0.4% of the best possible" (a proven bound: the gap is at most this). */
export const gapText = (gap: number) => t('rosters.gap', { gap: percent(Math.max(0, gap)) });

export interface ViolationLike {
  code: string;
  employeeId: string;
  date: string;
  params: Record<string, string | number>;
}

/** A broken rule in words, naming the person and the day. */
export function ruleText(v: ViolationLike, name: string): string {
  const params: Record<string, string | number> = { ...v.params, name, day: dayLabel(v.date) };
  if (typeof v.params.hours === 'number') params.hours = hoursText(v.params.hours);
  if (typeof v.params.min === 'number') params.min = hoursText(v.params.min);
  if (typeof v.params.max === 'number' && v.code === 'week-hours-above') params.max = hoursText(v.params.max);
  return t(`rosters.rule.${v.code}` as ConsoleKey, params);
}

/** Hours as 时/分 ("7小时30分钟" / "7 h 30 min"). */
export function hoursText(h: number): string {
  const m = Math.round(h * 60);
  const zh = lang() === 'zh-CN';
  const hh = Math.floor(m / 60);
  const mm = m % 60;
  if (zh) return `${hh}小时${mm ? `${mm}分钟` : ''}`;
  return `${hh} h${mm ? ` ${mm} min` : ''}`;
}

export const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
export const hhmm = (m: number) =>
  `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(((m % 60) + 60) % 60).padStart(2, '0')}`;
