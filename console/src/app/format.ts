/**
 * How numbers, durations and times read in the console, in the UI's language (Intl): shares as
 * percentages, counts grouped, durations in hours and minutes (时/分, h/min), times in the hall's own
 * time zone, labelled with the zone where halls of several zones meet.
 */
import { lang, nameLang } from '../lib/lang.ts';

const DASH = '—';

const numberFormat = (opts: Intl.NumberFormatOptions) => new Intl.NumberFormat(lang(), opts);

/** A share as a percentage to a tenth (85.3%, 100%). */
export const percent = (share: number | null | undefined) =>
  share === null || share === undefined
    ? DASH
    : numberFormat({ style: 'percent', maximumFractionDigits: 1 }).format(share);

/** A figure in minutes for a column headed "(min)": one decimal under 10, whole above (4.3, 13). */
export const minutes = (m: number | null | undefined) =>
  m === null || m === undefined ? DASH : numberFormat({ maximumFractionDigits: m < 10 ? 1 : 0 }).format(m);

/** A whole number with the language's grouping (1,673). */
export const count = (n: number) => numberFormat({ maximumFractionDigits: 0 }).format(n);

/** A measured figure (an average, a rating): `digits` decimals, grouped. */
export const decimal = (x: number | null | undefined, digits = 1) =>
  x === null || x === undefined
    ? DASH
    : numberFormat({ minimumFractionDigits: digits, maximumFractionDigits: digits }).format(x);

/** A duration in hours and minutes, as people say it (1小时5分钟 / 1 h 5 min; under an hour: minutes only). */
export function duration(totalMinutes: number): string {
  const m = Math.max(0, Math.round(totalMinutes));
  const h = Math.floor(m / 60);
  const zh = lang() === 'zh-CN';
  if (h === 0) return zh ? `${m}分钟` : `${m} min`;
  return zh ? `${count(h)}小时${m % 60 ? `${m % 60}分钟` : ''}` : `${count(h)} h${m % 60 ? ` ${m % 60} min` : ''}`;
}

/** A wait as people say it: "不到 1 分钟" / "under 1 min" below a minute, else hours and minutes. */
export function wait(m: number | null | undefined): string {
  if (m === null || m === undefined) return DASH;
  if (m < 1) return lang() === 'zh-CN' ? '不到1分钟' : 'under 1 min';
  return duration(m);
}

/** The zone's short name in the UI's language (GMT+8). */
export function zoneName(timeZone: string, at = Date.now()): string {
  const part = new Intl.DateTimeFormat(lang(), { timeZone, timeZoneName: 'short' })
    .formatToParts(at)
    .find((p) => p.type === 'timeZoneName');
  return part?.value ?? timeZone;
}

/**
 * A moment in a time zone (the hall's; the browser's without one): month, day and time to the second;
 * with `withZone`, the zone's name after it, for lists where halls of several zones meet.
 */
export function dateTime(ms: number | null | undefined, opts: { timeZone?: string | null; withZone?: boolean } = {}) {
  if (ms === null || ms === undefined) return DASH;
  const text = new Intl.DateTimeFormat(lang(), {
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
    ...(opts.timeZone ? { timeZone: opts.timeZone } : {}),
  }).format(ms);
  return opts.withZone
    ? `${text} ${zoneName(opts.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone, ms)}`
    : text;
}

/** Whether a list's rows fall in more than one time zone (then each time says its zone). */
export const severalZones = (zones: ReadonlyArray<string | null | undefined>) =>
  new Set(zones.map((z) => z ?? Intl.DateTimeFormat().resolvedOptions().timeZone)).size > 1;

/** The date (YYYY-MM-DD) and hour (0–23) it is now in a time zone. */
export function clockIn(timeZone: string, now = Date.now()): { date: string; hour: number } {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(now);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return { date: `${get('year')}-${get('month')}-${get('day')}`, hour: Number(get('hour')) };
}

/** A calendar date (YYYY-MM-DD) as the UI's language writes it (2026年11月27日 / 27 Nov 2026). */
export function calendarDate(date: string, style: 'long' | 'short' = 'long'): string {
  const [y, m, d] = date.split('-').map(Number);
  if (!y || !m || !d) return date;
  return new Intl.DateTimeFormat(lang(), {
    timeZone: 'UTC',
    ...(style === 'long' ? { year: 'numeric', month: 'long', day: 'numeric' } : { month: 'numeric', day: 'numeric' }),
  }).format(Date.UTC(y, m - 1, d));
}

/** Service level against its goal: good at or above the target share, poor well below it. */
export function serviceLevelTone(share: number | null | undefined, target = 0.8): 'good' | 'fair' | 'poor' | 'none' {
  if (share === null || share === undefined) return 'none';
  if (share >= target) return 'good';
  return share >= target - 0.15 ? 'fair' : 'poor';
}

/** "3 minutes ago" in the current language, from whole seconds up to days. */
export function ago(ms: number | null | undefined, now = Date.now()): string {
  if (ms === null || ms === undefined) return DASH;
  const rtf = new Intl.RelativeTimeFormat(lang(), { numeric: 'auto' });
  const s = Math.round((ms - now) / 1000);
  if (Math.abs(s) < 60) return rtf.format(s, 'second');
  if (Math.abs(s) < 3600) return rtf.format(Math.round(s / 60), 'minute');
  if (Math.abs(s) < 86_400) return rtf.format(Math.round(s / 3600), 'hour');
  return rtf.format(Math.round(s / 86_400), 'day');
}

/**
 * Text that is data, in whatever language it was entered (a hall's, a person's name): the `lang` of its
 * content, so that a screen reader pronounces it right and a proof-reader knows it is not UI text.
 */
export const dataLang = (text: string | null | undefined): 'zh-CN' | 'en' => nameLang(text) ?? 'en';
