/**
 * The periods the KPI views show (a day, a Monday-to-Sunday week, a calendar month, a custom span of at
 * most 92 days, or today so far) as hall-local date ranges, with the period before it for comparison;
 * and the hall's band of clerks' values (quartiles). Pure: no database, no clock.
 */
import { z } from 'zod';
import { calendarDate } from '../../inputs.ts';
import { AppError } from '../../errors.ts';
import { addDays } from '../adherence/adherence.time.ts';
import { daysBetween } from '@hall/devices/calendar';

/** The longest span a view computes over (a quarter and a day). */
export const MAX_VIEW_DAYS = 92;

const calendarPeriod = z.object({ kind: z.enum(['day', 'week', 'month']), date: calendarDate });
const customPeriod = z.object({ kind: z.literal('custom'), from: calendarDate, to: calendarDate });
export const periodInput = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('today') }),
  calendarPeriod,
  customPeriod,
]);
export type PeriodInput = z.infer<typeof periodInput>;
/** A period of whole days (the league: "today so far" is the hall board's alone). */
export const closedPeriodInput = z.discriminatedUnion('kind', [calendarPeriod, customPeriod]);

export interface Range {
  from: string;
  to: string;
}

export interface ResolvedPeriod extends Range {
  kind: PeriodInput['kind'];
  /** The period of the same length just before (the day before today, last week, last month). */
  previous: Range;
}

export function daysIn(r: Range): number {
  return daysBetween(r.from, r.to) + 1;
}

/** Every date of the range in order. */
export function datesOf(r: Range): string[] {
  const out: string[] = [];
  for (let d = r.from; d <= r.to && out.length <= MAX_VIEW_DAYS; d = addDays(d, 1)) out.push(d);
  return out;
}

function monthOf(date: string, shift = 0): Range {
  const [y, m] = date.split('-').map(Number) as [number, number];
  const first = new Date(Date.UTC(y, m - 1 + shift, 1));
  const last = new Date(Date.UTC(y, m + shift, 0));
  return { from: first.toISOString().slice(0, 10), to: last.toISOString().slice(0, 10) };
}

/** `today`: the hall-local date now (the caller knows the hall's zone and the clock). */
export function resolvePeriod(p: PeriodInput, today: string): ResolvedPeriod {
  switch (p.kind) {
    case 'today':
      return { kind: 'today', from: today, to: today, previous: { from: addDays(today, -1), to: addDays(today, -1) } };
    case 'day':
      return {
        kind: 'day',
        from: p.date,
        to: p.date,
        previous: { from: addDays(p.date, -1), to: addDays(p.date, -1) },
      };
    case 'week': {
      const weekday = (new Date(`${p.date}T00:00:00Z`).getUTCDay() + 6) % 7; // Monday 0
      const from = addDays(p.date, -weekday);
      return { kind: 'week', from, to: addDays(from, 6), previous: { from: addDays(from, -7), to: addDays(from, -1) } };
    }
    case 'month':
      return { kind: 'month', ...monthOf(p.date), previous: monthOf(p.date, -1) };
    case 'custom': {
      const n = daysIn(p);
      if (n < 1 || n > MAX_VIEW_DAYS)
        throw new AppError('BAD_REQUEST', `from..to: 1 to ${MAX_VIEW_DAYS} days`, {
          fields: ['period.to'],
          detail: { code: 'kpi-period-range', params: { max: MAX_VIEW_DAYS } },
        });
      return {
        kind: 'custom',
        from: p.from,
        to: p.to,
        previous: { from: addDays(p.from, -n), to: addDays(p.from, -1) },
      };
    }
  }
}

export interface Band {
  /** How many clerks the band is made of (those with a value and enough sample). */
  n: number;
  q1: number;
  median: number;
  q3: number;
}

/** Quartiles by linear interpolation between order statistics (the "type 7" rule spreadsheets use). */
export function bandOf(values: readonly number[]): Band | null {
  const v = values.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return null;
  const q = (p: number) => {
    const h = (v.length - 1) * p;
    const lo = Math.floor(h);
    const hi = Math.min(v.length - 1, lo + 1);
    return Math.round(((v[lo] as number) + (h - lo) * ((v[hi] as number) - (v[lo] as number))) * 1e4) / 1e4;
  };
  return { n: v.length, q1: q(0.25), median: q(0.5), q3: q(0.75) };
}

/**
 * Ranks (1 = best) by a score, higher better; equal scores share a rank and the next rank skips
 * ("1, 2, 2, 4"). Ties on score are ordered by `tiebreak` (higher first), which does not change ranks.
 */
export function rankBy<T>(items: readonly T[], score: (x: T) => number, tiebreak: (x: T) => number = () => 0) {
  const sorted = [...items].sort((a, b) => score(b) - score(a) || tiebreak(b) - tiebreak(a));
  let rank = 0;
  return sorted.map((item, i) => {
    if (i === 0 || score(item) !== score(sorted[i - 1] as T)) rank = i + 1;
    return { rank, item };
  });
}
