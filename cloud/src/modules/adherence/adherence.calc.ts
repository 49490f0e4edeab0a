/**
 * Adherence of one clerk on one hall-local day: the shifts planned for them (published roster) laid
 * over what the hub reported (counter sessions and pauses). Pure; the figures and their definitions:
 *
 * - on the floor (planned): the shifts less their breaks; at a counter (actual): sessions less pauses;
 * - adherence = minutes at a counter while planned on the floor ÷ minutes planned on the floor;
 * - late start: first moment at a counter within the planned span (first shift start … last shift end)
 *   after the start; flagged beyond the grace;
 * - early end: the planned end after the last moment at a counter within the span; flagged beyond grace;
 * - long break: minutes off the counters between the first and the last moment at one within the span,
 *   beyond the breaks planned there (gaps between sessions and pauses both count); flagged beyond grace;
 * - absent: planned, and never at a counter within the span;
 * - unplanned: minutes at a counter while not planned on the floor (a day without a shift, before the
 *   start, after the end, during a planned break).
 */
import {
  addDays,
  clip,
  intersect,
  localInstant,
  minutesOf,
  subtract,
  toMinutes,
  union,
  type Span,
} from './adherence.time.ts';

export interface PlannedShift {
  start: string;
  end: string;
  breaks: Array<{ start: string; end: string }>;
  serviceId: string | null;
}

export interface ActualSession {
  counterId: string;
  from: number;
  /** null: still open. */
  to: number | null;
}

export interface ActualPause {
  counterId: string;
  reason: string;
  from: number;
  to: number | null;
}

export const ADHERENCE_FLAGS = ['late', 'early-end', 'long-break', 'absent', 'unplanned'] as const;
export type AdherenceFlag = (typeof ADHERENCE_FLAGS)[number];

export interface ClerkDay {
  plannedMinutes: number;
  workedMinutes: number;
  adherentMinutes: number;
  /** 0–1; null when nothing was planned. */
  adherence: number | null;
  lateMinutes: number | null;
  earlyEndMinutes: number | null;
  plannedBreakMinutes: number;
  actualBreakMinutes: number | null;
  breakOverrunMinutes: number;
  absent: boolean;
  unplannedMinutes: number;
  flags: AdherenceFlag[];
  /** A shift that had not begun by `now` (today's later shifts): not judged yet. */
  upcoming?: boolean;
  /** For the timeline: planned on the floor, planned breaks, at a counter, pauses (ms). */
  planned: Span[];
  plannedBreaks: Span[];
  actual: Span[];
  pauses: Array<Span & { reason: string }>;
}

/** A planned shift as instants (an end at or before its start runs past midnight). */
export function shiftSpans(date: string, s: PlannedShift, timeZone: string) {
  const endDate = toMinutes(s.end) <= toMinutes(s.start) ? addDays(date, 1) : date;
  const span = { from: localInstant(date, s.start, timeZone), to: localInstant(endDate, s.end, timeZone) };
  const breaks = s.breaks.map((b) => {
    const bDate = toMinutes(b.start) < toMinutes(s.start) ? addDays(date, 1) : date;
    const eDate = toMinutes(b.end) < toMinutes(s.start) ? addDays(date, 1) : date;
    return { from: localInstant(bDate, b.start, timeZone), to: localInstant(eDate, b.end, timeZone) };
  });
  return { span, breaks: clip(breaks, span) };
}

const r1 = (x: number) => Math.round(x * 10) / 10;

export function clerkDay(o: {
  date: string;
  timeZone: string;
  shifts: readonly PlannedShift[];
  sessions: readonly ActualSession[];
  pauses: readonly ActualPause[];
  graceMinutes: number;
  /** Open sessions and pauses end here (and at the end of the day). */
  now: number;
}): ClerkDay {
  const day: Span = {
    from: localInstant(o.date, '00:00', o.timeZone),
    to: localInstant(addDays(o.date, 1), '00:00', o.timeZone),
  };
  const end = (to: number | null) => Math.min(to ?? o.now, Math.max(day.to, o.now));
  const shifts = o.shifts.map((s) => shiftSpans(o.date, s, o.timeZone));
  const plannedBreaks = union(shifts.flatMap((s) => s.breaks));
  const planned = subtract(
    shifts.map((s) => s.span),
    plannedBreaks,
  );
  // Pauses count against the session on their counter only.
  const pauses = o.pauses.map((p) => ({ counterId: p.counterId, reason: p.reason, from: p.from, to: end(p.to) }));
  const actual = union(
    o.sessions.flatMap((s) =>
      subtract(
        [{ from: s.from, to: end(s.to) }],
        pauses.filter((p) => p.counterId === s.counterId),
      ),
    ),
  );
  const sessionSpans = union(o.sessions.map((s) => ({ from: s.from, to: end(s.to) })));
  const shownPauses = pauses.filter((p) => intersect([p], sessionSpans).length > 0).map(({ counterId: _, ...p }) => p);
  // The day's own part of what happened (a shift past midnight keeps its own end).
  const window: Span = { from: day.from, to: Math.max(day.to, ...shifts.map((s) => s.span.to)) };
  const actualToday = clip(actual, window);
  const plannedMinutes = minutesOf(planned);
  const workedMinutes = minutesOf(actualToday);
  const adherentMinutes = minutesOf(intersect(planned, actualToday));
  const flags: AdherenceFlag[] = [];
  const base = {
    plannedMinutes: r1(plannedMinutes),
    workedMinutes: r1(workedMinutes),
    adherentMinutes: r1(adherentMinutes),
    adherence: plannedMinutes > 0 ? adherentMinutes / plannedMinutes : null,
    unplannedMinutes: r1(workedMinutes - adherentMinutes),
    planned,
    plannedBreaks,
    actual: actualToday,
    pauses: shownPauses,
  };
  if (shifts.length === 0) {
    if (workedMinutes > 0) flags.push('unplanned');
    return {
      ...base,
      lateMinutes: null,
      earlyEndMinutes: null,
      plannedBreakMinutes: 0,
      actualBreakMinutes: null,
      breakOverrunMinutes: 0,
      absent: false,
      flags,
    };
  }
  const span: Span = {
    from: Math.min(...shifts.map((s) => s.span.from)),
    to: Math.max(...shifts.map((s) => s.span.to)),
  };
  // Today: only what was due by now is judged (a shift not begun is not missed, one running has no end yet).
  if (span.from >= o.now)
    return {
      ...base,
      adherence: null,
      lateMinutes: null,
      earlyEndMinutes: null,
      plannedBreakMinutes: 0,
      actualBreakMinutes: null,
      breakOverrunMinutes: 0,
      absent: false,
      flags,
      upcoming: true,
    };
  const running = span.to > o.now;
  const plannedBreakMinutes = (span.to - span.from) / 60_000 - plannedMinutes;
  const inSpan = clip(actual, span);
  // While a shift runs, adherence so far: of the planned minutes due by now.
  if (running) {
    const due = clip(planned, { from: span.from, to: o.now });
    base.adherence = minutesOf(due) > 0 ? minutesOf(intersect(due, actualToday)) / minutesOf(due) : null;
  }
  if (inSpan.length === 0) {
    flags.push('absent');
    if (workedMinutes > 0) flags.push('unplanned');
    return {
      ...base,
      lateMinutes: null,
      earlyEndMinutes: null,
      plannedBreakMinutes: r1(plannedBreakMinutes),
      actualBreakMinutes: null,
      breakOverrunMinutes: 0,
      absent: true,
      flags,
    };
  }
  const first = (inSpan[0] as Span).from;
  const last = (inSpan.at(-1) as Span).to;
  const lateMinutes = (first - span.from) / 60_000;
  const earlyEndMinutes = running ? null : (span.to - last) / 60_000;
  const actualBreakMinutes = (last - first) / 60_000 - minutesOf(inSpan);
  // The planned breaks that fall between the first and the last moment at a counter.
  const breakOverrunMinutes = Math.max(
    0,
    actualBreakMinutes - minutesOf(clip(plannedBreaks, { from: first, to: last })),
  );
  if (lateMinutes > o.graceMinutes) flags.push('late');
  if (earlyEndMinutes !== null && earlyEndMinutes > o.graceMinutes) flags.push('early-end');
  if (breakOverrunMinutes > o.graceMinutes) flags.push('long-break');
  if (workedMinutes - adherentMinutes > o.graceMinutes) flags.push('unplanned');
  return {
    ...base,
    lateMinutes: r1(lateMinutes),
    earlyEndMinutes: earlyEndMinutes === null ? null : r1(earlyEndMinutes),
    plannedBreakMinutes: r1(plannedBreakMinutes),
    actualBreakMinutes: r1(actualBreakMinutes),
    breakOverrunMinutes: r1(breakOverrunMinutes),
    absent: false,
    flags,
  };
}
