/**
 * The analysis pages' state, all of it in the address (a copied URL reproduces the view; back and
 * forward step through the drill-down): which unit, which period, which tab, which drill. Pure: the
 * page reads the search parameters through `readState` and writes changes through `nextParams`.
 */
import { addDays, mondayOf } from '@hall/devices/calendar';

export const VIEWS = ['overview', 'business', 'habits', 'clerks', 'footfall', 'devices'] as const;
export type View = (typeof VIEWS)[number];
export const PERIODS = ['day', 'week', 'month', 'custom'] as const;
export type PeriodKind = (typeof PERIODS)[number];
export type CompareWith = 'previous' | 'lastYear' | 'off';
/** The hall's slices of one hour: by service from the roll-ups, by counter or clerk from its tickets. */
export type SliceBy = 'service' | 'counter' | 'staff';
/** `by` also says how the footfall tab groups: by day (its default), hour or child unit. */
const BYS = ['service', 'counter', 'staff', 'hour', 'child'] as const;
export type By = (typeof BYS)[number];

export interface AnalysisState {
  unit: string | null;
  period: PeriodKind;
  from: string;
  to: string;
  view: View;
  by: By;
  service: string | null;
  hour: number | null;
  staff: string | null;
  counter: string | null;
  date: string | null;
  compare: CompareWith;
  /** The league's order: a column ("serviceLevel"), "-" before it for descending; null for the API's. */
  sort: string | null;
}

export type Search = Partial<Record<string, string | string[] | undefined>>;

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
const isDay = (v: string | undefined): v is string => v !== undefined && DAY.test(v) && !Number.isNaN(Date.parse(v));
const ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
const id = (v: string | undefined) => (v !== undefined && ID.test(v) ? v : null);

/** Monday of the week of `date` (weeks start on Monday, as in China). */
export const weekStart = (date: string): string => mondayOf(date);

export const monthStart = (date: string) => `${date.slice(0, 7)}-01`;

export function monthEnd(date: string): string {
  const [y, m] = date.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

/** The days of a period of `kind` holding `anchor`, never past `today` (a month so far, a week so far). */
export function periodOf(kind: Exclude<PeriodKind, 'custom'>, anchor: string, today: string) {
  const from = kind === 'day' ? anchor : kind === 'week' ? weekStart(anchor) : monthStart(anchor);
  const end = kind === 'day' ? anchor : kind === 'week' ? addDays(from, 6) : monthEnd(anchor);
  return { from, to: end > today && from <= today ? today : end };
}

/** The period `steps` periods before (negative) or after (positive) the current one. */
export function stepPeriod(s: Pick<AnalysisState, 'period' | 'from' | 'to'>, steps: number, today: string) {
  if (s.period === 'custom') {
    const len = Math.round((Date.parse(s.to) - Date.parse(s.from)) / 86_400_000) + 1;
    return { from: addDays(s.from, steps * len), to: addDays(s.to, steps * len) };
  }
  if (s.period === 'day') return periodOf('day', addDays(s.from, steps), today);
  if (s.period === 'week') return periodOf('week', addDays(s.from, 7 * steps), today);
  const [y, m] = s.from.split('-').map(Number) as [number, number];
  const d = new Date(Date.UTC(y, m - 1 + steps, 1)).toISOString().slice(0, 10);
  return periodOf('month', d, today);
}

/**
 * The state the address says, with defaults where it says nothing: the user's top unit, the week of
 * yesterday (a whole week of closed days from Monday, yesterday at most), the overview, compared with the
 * period before.
 */
export function readState(search: Search, today: string, topUnit: string | null): AnalysisState {
  const kind = one(search.period);
  const period: PeriodKind = (PERIODS as readonly string[]).includes(kind ?? '') ? (kind as PeriodKind) : 'week';
  const yesterday = addDays(today, -1);
  const fromParam = one(search.from);
  const toParam = one(search.to);
  let from: string;
  let to: string;
  if (period === 'custom' && isDay(fromParam) && isDay(toParam))
    [from, to] = fromParam <= toParam ? [fromParam, toParam] : [toParam, fromParam];
  // A chosen period runs to today at most; the default one to yesterday (days not yet closed would lower it).
  else
    ({ from, to } = isDay(fromParam)
      ? periodOf(period === 'custom' ? 'week' : period, fromParam, today)
      : periodOf(period === 'custom' ? 'week' : period, yesterday, yesterday));
  const view = one(search.view);
  const by = one(search.by);
  const hour = Number(one(search.hour));
  const compare = one(search.compare);
  return {
    unit: id(one(search.unit)) ?? topUnit,
    period,
    from,
    to,
    view: (VIEWS as readonly string[]).includes(view ?? '') ? (view as View) : 'overview',
    by: (BYS as readonly string[]).includes(by ?? '') ? (by as By) : 'service',
    service: id(one(search.service)),
    hour: one(search.hour) !== undefined && Number.isInteger(hour) && hour >= 0 && hour <= 23 ? hour : null,
    staff: id(one(search.staff)),
    counter: id(one(search.counter)),
    date: isDay(one(search.date)) ? (one(search.date) as string) : null,
    compare: compare === 'lastYear' || compare === 'off' ? compare : 'previous',
    sort: /^-?[A-Za-z]{1,32}$/.test(one(search.sort) ?? '') ? (one(search.sort) as string) : null,
  };
}

/** The drill's parameters, cleared when the unit or the period changes under them. */
export const DRILL = {
  by: undefined,
  service: undefined,
  hour: undefined,
  staff: undefined,
  counter: undefined,
  date: undefined,
};
