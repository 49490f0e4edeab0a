/**
 * The wishes module's pure rules (no database): calendar arithmetic on hall-local dates, the engine's
 * unmet-wish reasons as codes the console translates, whether a wish was met by a roster, the hard
 * rules a shift swap must pass, and the fairness figures per person. The service files feed them rows.
 */
import type { EmployeeContract, WeeklyAvailability } from '../staff/staff.table.ts';

export const WEEKDAY_KEYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

import { addDays, daysBetween, weekdayOf } from '@hall/devices/calendar';
export { addDays, daysBetween, weekdayOf };

/** The Monday of the week holding `date`. */
export const mondayOf = (date: string) => addDays(date, -weekdayOf(date));

/** Today in the hall's zone. */
export const localDate = (timeZone: string, now: Date) =>
  new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);

/** Minutes after midnight of HH:MM. */
export function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

export interface ShiftLike {
  date: string;
  start: string;
  end: string;
  breaks: Array<{ start: string; end: string }>;
  serviceId: string | null;
  templateId: string | null;
}

/** Paid hours of a shift: its span less its breaks. */
export function shiftHours(s: Pick<ShiftLike, 'start' | 'end' | 'breaks'>): number {
  const span = minutesOf(s.end) - minutesOf(s.start);
  const off = s.breaks.reduce((m, b) => m + Math.max(0, minutesOf(b.end) - minutesOf(b.start)), 0);
  return Math.max(0, span - off) / 60;
}

/**
 * The settings template a solver template or a stored shift's template comes from: the solver's ids
 * read `full@09:00~12:30` (planning.ts `expandTemplates`).
 */
export const baseTemplate = (id: string) => id.split('@')[0] as string;

// ── Why a wish was not met ───────────────────────────────────────────────────────────────────────────

/** A reason for an unmet wish as a code with its figures: `wishes.reason.<code>` in both catalogs. */
export type UnmetReason =
  | { code: 'contract-hours'; params: { hours: number } }
  | { code: 'coverage-short'; params: { hours: number; service: string } }
  | { code: 'outweighed'; params: Record<string, never> }
  | { code: 'unavailable'; params: Record<string, never> }
  | { code: 'other-shift'; params: { template: string } }
  | { code: 'no-fitting-shift'; params: Record<string, never> }
  | { code: 'unknown'; params: Record<string, never> };

export const REASON_CODES = [
  'contract-hours',
  'coverage-short',
  'outweighed',
  'unavailable',
  'other-shift',
  'no-fitting-shift',
  'unknown',
] as const;

/**
 * The engine explains an unmet wish in an English sentence (roster-result.ts `unmetWishes`); the console
 * must say it in either language, so each sentence the engine makes is read back into a code and its
 * figures here. A sentence this does not know becomes `unknown` (the console then says "no reason
 * recorded"), never the English text. Keep in step with roster-result.ts.
 */
export function reasonOf(reason: string | undefined): UnmetReason {
  const text = reason ?? '';
  let m = /^the contract's ([\d.]+) h a week needs this day$/.exec(text);
  if (m) return { code: 'contract-hours', params: { hours: Number(m[1]) } };
  m = /^without them the counters are ([\d.]+) staff-hours short that day \(([^)]*)\)$/.exec(text);
  if (m) return { code: 'coverage-short', params: { hours: Number(m[1]), service: m[2] ?? '' } };
  if (text === 'outweighed by other wishes and fairness') return { code: 'outweighed', params: {} };
  if (text === 'they are unavailable that day') return { code: 'unavailable', params: {} };
  m = /^working (.+) instead covers more of the requirement$/.exec(text);
  if (m) return { code: 'other-shift', params: { template: m[1] ?? '' } };
  if (text === 'no shift that day fits coverage and the contract') return { code: 'no-fitting-shift', params: {} };
  return { code: 'unknown', params: {} };
}

// ── Whether a wish was met ───────────────────────────────────────────────────────────────────────────

export interface WishLike {
  kind: 'day-off' | 'time-off' | 'desired-shift' | 'undesired-shift' | 'availability';
  fromDate: string;
  toDate: string;
  templateId: string | null;
  anyDay: boolean;
  weekdays: number[] | null;
}

/** The days a wish speaks about, within [from, to] (inclusive). */
export function wishDays(w: WishLike, from: string, to: string): string[] {
  const out: string[] = [];
  const first = w.fromDate > from ? w.fromDate : from;
  const last = w.toDate < to ? w.toDate : to;
  if (w.kind === 'desired-shift' || (w.kind === 'undesired-shift' && !w.anyDay)) {
    return w.fromDate >= from && w.fromDate <= to ? [w.fromDate] : [];
  }
  for (let d = first; d <= last; d = addDays(d, 1)) {
    if (w.kind === 'availability' && !(w.weekdays ?? []).includes(weekdayOf(d))) continue;
    out.push(d);
  }
  return out;
}

/** One wish against one published roster's shifts of that employee: met, not met (on which days), or not in it. */
export function wishOutcome(
  w: WishLike,
  period: { from: string; to: string },
  myShifts: Array<Pick<ShiftLike, 'date' | 'templateId'>>,
): { status: 'met' | 'unmet'; days: string[] } | null {
  const days = wishDays(w, period.from, period.to);
  if (!days.length) return null;
  const on = (d: string) => myShifts.filter((s) => s.date === d);
  let broken: string[];
  switch (w.kind) {
    case 'day-off':
    case 'time-off':
    case 'availability':
      broken = days.filter((d) => on(d).length > 0);
      break;
    case 'desired-shift':
      broken = days.filter(
        (d) => !on(d).some((s) => s.templateId !== null && baseTemplate(s.templateId) === w.templateId),
      );
      break;
    case 'undesired-shift':
      broken = days.filter((d) =>
        on(d).some((s) => s.templateId !== null && baseTemplate(s.templateId) === w.templateId),
      );
      break;
  }
  return { status: broken.length ? 'unmet' : 'met', days: broken };
}

// ── Shift swaps ──────────────────────────────────────────────────────────────────────────────────────

/** A rule a swap breaks, as a code the console translates (`wishes.swapRule.<code>`) with figures. */
export interface SwapProblem {
  rule:
    | 'same-person'
    | 'not-active'
    | 'other-hall'
    | 'skill'
    | 'template'
    | 'week-hours'
    | 'week-days'
    | 'rest'
    | 'same-day'
    | 'availability'
    | 'time-off';
  params?: Record<string, string | number>;
}

export const SWAP_RULES: ReadonlyArray<SwapProblem['rule']> = [
  'same-person',
  'not-active',
  'other-hall',
  'skill',
  'template',
  'week-hours',
  'week-days',
  'rest',
  'same-day',
  'availability',
  'time-off',
];

export interface SwapCandidate {
  id: string;
  hallId: string;
  status: string;
  skills: Record<string, number>;
  contract: EmployeeContract;
  availability: WeeklyAvailability;
  /** The candidate's shifts in the published rosters around the shift's week (the day before to the day after). */
  shifts: ShiftLike[];
  /** Days the candidate is away (approved time off, approved availability changes). */
  awayDays: string[];
}

/**
 * Whether `taker` may work `shift` in place of its employee, by the roster's hard rules: skill for the
 * planned service, the contract (templates, week hours, days a week), rest between shifts, one shift a
 * day (so no overlap), weekly availability and approved time off. Empty: allowed. The demand side needs
 * no check: the shift keeps its times and service, so coverage is unchanged.
 */
export function swapProblems(shift: ShiftLike & { employeeId: string; hallId: string }, taker: SwapCandidate) {
  const out: SwapProblem[] = [];
  if (taker.id === shift.employeeId) out.push({ rule: 'same-person' });
  if (taker.status !== 'active') out.push({ rule: 'not-active' });
  if (taker.hallId !== shift.hallId) out.push({ rule: 'other-hall' });
  if (shift.serviceId && !(taker.skills[shift.serviceId] && taker.skills[shift.serviceId]! > 0))
    out.push({ rule: 'skill', params: { service: shift.serviceId } });
  if (
    shift.templateId &&
    taker.contract.templates &&
    !taker.contract.templates.includes(baseTemplate(shift.templateId))
  )
    out.push({ rule: 'template', params: { template: baseTemplate(shift.templateId) } });
  if (taker.shifts.some((s) => s.date === shift.date)) out.push({ rule: 'same-day' });
  const monday = mondayOf(shift.date);
  const week = taker.shifts.filter((s) => mondayOf(s.date) === monday && s.date !== shift.date);
  const hours = week.reduce((h, s) => h + shiftHours(s), 0) + shiftHours(shift);
  if (hours > taker.contract.maxWeekHours + 1e-9)
    out.push({ rule: 'week-hours', params: { hours: round1(hours), max: taker.contract.maxWeekHours } });
  if (week.length + 1 > taker.contract.maxDaysPerWeek)
    out.push({ rule: 'week-days', params: { days: week.length + 1, max: taker.contract.maxDaysPerWeek } });
  const start = minutesOf(shift.start);
  const end = minutesOf(shift.end);
  const before = taker.shifts.find((s) => s.date === addDays(shift.date, -1));
  const after = taker.shifts.find((s) => s.date === addDays(shift.date, 1));
  const minRest = taker.contract.minRestHours * 60;
  const restBefore = before ? 24 * 60 + start - minutesOf(before.end) : Infinity;
  const restAfter = after ? 24 * 60 + minutesOf(after.start) - end : Infinity;
  if (Math.min(restBefore, restAfter) < minRest)
    out.push({
      rule: 'rest',
      params: { hours: round1(Math.min(restBefore, restAfter) / 60), min: taker.contract.minRestHours },
    });
  if (!availableAt(taker.availability, shift.date, start, end)) out.push({ rule: 'availability' });
  if (taker.awayDays.includes(shift.date)) out.push({ rule: 'time-off' });
  return out;
}

const round1 = (x: number) => Math.round(x * 10) / 10;

/**
 * Whether weekly availability lets someone work [start, end) minutes on `date`. An employee with no
 * availability stated is available any time (the staff module's default `{}`); once any weekday is
 * stated, a weekday absent or null is a day they cannot work.
 */
export function availableAt(a: WeeklyAvailability, date: string, start: number, end: number): boolean {
  if (!a || Object.keys(a).length === 0) return true;
  const windows = a[WEEKDAY_KEYS[weekdayOf(date)] as keyof WeeklyAvailability];
  if (!windows) return false;
  return windows.some((w) => minutesOf(w.from) <= start && minutesOf(w.to) >= end);
}

// ── Fairness ─────────────────────────────────────────────────────────────────────────────────────────

export interface FairnessLine {
  employeeId: string;
  shifts: number;
  hours: number;
  weekendShifts: number;
  unpopularShifts: number;
  /** Hours worked beyond the contract minimum, summed over the weeks. */
  extraHours: number;
  wishesMet: number;
  wishesTotal: number;
  /** wishesMet / wishesTotal; null without wishes in the period. */
  wishesMetShare: number | null;
}

/** Late: ends at or after 20:00; split: a break of two hours or more. */
export const LATE_END_MINUTES = 20 * 60;
export const SPLIT_BREAK_MINUTES = 120;

export function isUnpopular(s: ShiftLike, unpopularTemplates: ReadonlySet<string>): boolean {
  if (s.templateId && unpopularTemplates.has(baseTemplate(s.templateId))) return true;
  if (minutesOf(s.end) >= LATE_END_MINUTES) return true;
  return s.breaks.some((b) => minutesOf(b.end) - minutesOf(b.start) >= SPLIT_BREAK_MINUTES);
}

/** Per person over published shifts: weekends, unpopular shifts, hours above the contract minimum. */
export function fairnessLines(o: {
  employees: Array<{ id: string; minWeekHours: number }>;
  shifts: Array<ShiftLike & { employeeId: string }>;
  /** Mondays of the weeks the period covers (a week without a published roster is not counted). */
  weeks: string[];
  unpopularTemplates: ReadonlySet<string>;
  wishes: Map<string, { met: number; total: number }>;
}): FairnessLine[] {
  return o.employees.map((e) => {
    const mine = o.shifts.filter((s) => s.employeeId === e.id);
    let extra = 0;
    for (const monday of o.weeks) {
      const h = mine.filter((s) => mondayOf(s.date) === monday).reduce((t, s) => t + shiftHours(s), 0);
      extra += Math.max(0, h - e.minWeekHours);
    }
    const w = o.wishes.get(e.id) ?? { met: 0, total: 0 };
    return {
      employeeId: e.id,
      shifts: mine.length,
      hours: round1(mine.reduce((t, s) => t + shiftHours(s), 0)),
      weekendShifts: mine.filter((s) => weekdayOf(s.date) >= 5).length,
      unpopularShifts: mine.filter((s) => isUnpopular(s, o.unpopularTemplates)).length,
      extraHours: round1(extra),
      wishesMet: w.met,
      wishesTotal: w.total,
      wishesMetShare: w.total ? w.met / w.total : null,
    };
  });
}

/** The hall's mean of each figure over its people (null shares are left out). */
export function fairnessMean(lines: FairnessLine[]) {
  const mean = (f: (l: FairnessLine) => number) =>
    lines.length ? round1(lines.reduce((t, l) => t + f(l), 0) / lines.length) : 0;
  const shares = lines.map((l) => l.wishesMetShare).filter((x): x is number => x !== null);
  return {
    shifts: mean((l) => l.shifts),
    hours: mean((l) => l.hours),
    weekendShifts: mean((l) => l.weekendShifts),
    unpopularShifts: mean((l) => l.unpopularShifts),
    extraHours: mean((l) => l.extraHours),
    wishesMetShare: shares.length ? shares.reduce((a, b) => a + b, 0) / shares.length : null,
  };
}
