/** How numbers read in the console: shares as percentages, waits in minutes, times in the viewer's clock. */
import { lang } from '../lib/lang.ts';

export const percent = (share: number | null | undefined) =>
  share === null || share === undefined ? '—' : `${Math.round(share * 1000) / 10}%`;

export const minutes = (m: number | null | undefined) =>
  m === null || m === undefined ? '—' : m < 10 ? m.toFixed(1) : String(Math.round(m));

/** A whole number with the language's grouping (1,673 / 1,673). */
export const count = (n: number) => new Intl.NumberFormat(lang()).format(n);

/** A duration in hours and minutes, as people say it (1小时5分钟 / 1 h 5 min; under an hour: minutes only). */
export function duration(totalMinutes: number): string {
  const m = Math.max(0, Math.round(totalMinutes));
  const h = Math.floor(m / 60);
  const zh = lang() === 'zh-CN';
  if (h === 0) return zh ? `${m}分钟` : `${m} min`;
  return zh ? `${count(h)}小时${m % 60 ? `${m % 60}分钟` : ''}` : `${count(h)} h${m % 60 ? ` ${m % 60} min` : ''}`;
}

/**
 * An alarm's figures as people read them: the hub sends raw measurements (a backlog 86.654633 minutes
 * old, 0.7 counters' worth of capacity); whole numbers stay, others get one decimal under 10 and none
 * above, as `minutes` does.
 */
export function alarmFigures<P extends Record<string, string | number | null>>(
  params: P | null | undefined,
): P | null | undefined {
  if (!params) return params;
  return Object.fromEntries(
    Object.entries(params).map(([k, v]) => [k, typeof v === 'number' && !Number.isInteger(v) ? minutes(v) : v]),
  ) as P;
}

export const decimal = (x: number | null | undefined, digits = 1) =>
  x === null || x === undefined ? '—' : x.toFixed(digits);

export const dateTime = (ms: number | null | undefined) =>
  ms === null || ms === undefined
    ? '—'
    : new Intl.DateTimeFormat(lang(), {
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
        hour12: false,
      }).format(ms);

/** Service level against its goal: good at or above the target share, poor well below it. */
export function serviceLevelTone(share: number | null | undefined, target = 0.8): 'good' | 'fair' | 'poor' | 'none' {
  if (share === null || share === undefined) return 'none';
  if (share >= target) return 'good';
  return share >= target - 0.15 ? 'fair' : 'poor';
}

/** "3 minutes ago" in the current language, from whole seconds up to days. */
export function ago(ms: number | null | undefined, now = Date.now()): string {
  if (ms === null || ms === undefined) return '—';
  const rtf = new Intl.RelativeTimeFormat(lang(), { numeric: 'auto' });
  const s = Math.round((ms - now) / 1000);
  if (Math.abs(s) < 60) return rtf.format(s, 'second');
  if (Math.abs(s) < 3600) return rtf.format(Math.round(s / 60), 'minute');
  if (Math.abs(s) < 86_400) return rtf.format(Math.round(s / 3600), 'hour');
  return rtf.format(Math.round(s / 86_400), 'day');
}
