/**
 * The core fact source: what the hall's own events say about each clerk, counter and the hall per
 * hall-local day — tickets (served, handling time and the time the service mix would take, calls,
 * no-shows, transfers, waits against each service's target), ratings, counter sessions and pauses, and
 * the published roster against the sessions (adherence.service.ts). Set-based: a range of days of a hall
 * is a handful of GROUP BY queries (facts.repository.ts); this file only names subjects and adds up.
 *
 * - A clerk is the employee whose hall was this hall on that date (moves: `employee_moves`), else
 *   `staff:<staff number>`.
 * - Mix adjustment: `expected_handle_seconds` adds, for every ticket served, its service's reference
 *   handling time in this hall — the median over the hall's 28 days before the date (to the second), or
 *   the service's `expectedServiceMinutes` in the hall config when those days served none. A clerk who
 *   serves mostly 宽带 is compared with what 宽带 takes here, not with 话费缴费.
 * - Waits: arrival → first call, within the service's target (scheduling settings, else the hall
 *   config's `targetWaitMinutes`). The hall's `waited` also counts the tickets given up after the target
 *   without a call, as the live dashboard's service level does.
 */
import type { Db } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import { adherenceFor, MAX_ADHERENCE_DAYS } from '../adherence/adherence.service.ts';
import { addDays } from '../adherence/adherence.time.ts';
import { settingsFor } from '../scheduling/scheduling.schema.ts';
import { addFacts, type Facts, type FactSource, type SubjectFacts, type SubjectKind } from './facts.ts';
import { factsRepository as repo, type Grain, type HallRange } from './facts.repository.ts';

/** The days before a date whose handling times make its reference (a month of the same weekdays). */
export const REFERENCE_DAYS = 28;
/** Seconds, when neither the history nor the hall config says anything (the config's own default). */
const DEFAULT_HANDLE_SECONDS = 360;
const PAUSE_REASONS = new Set(['break', 'meal', 'meeting', 'training', 'backoffice', 'other']);

export function daysIn(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}

/** Each service's wait target and configured handling time (seconds); defaults for a hall without config. */
async function serviceParams(db: Db, hallId: string) {
  try {
    const { settings, config } = await settingsFor(db, hallId);
    const targets: Record<string, number> = {};
    const expected = new Map<string, number>();
    for (const s of config.services) {
      targets[s.id] = (settings.services[s.id]?.targetMinutes ?? s.targetWaitMinutes) * 60;
      expected.set(s.id, s.expectedServiceMinutes * 60);
    }
    return { targets, expected };
  } catch (err) {
    if (err instanceof AppError && err.code === 'NOT_FOUND')
      return { targets: {}, expected: new Map<string, number>() };
    throw err;
  }
}

/** The median of a histogram (value → count); the mean of the two middle values for an even count. */
export function medianOf(hist: ReadonlyMap<number, number>, total: number): number | null {
  if (total <= 0) return null;
  const keys = [...hist.keys()].filter((k) => (hist.get(k) ?? 0) > 0).sort((a, b) => a - b);
  const lo = Math.floor((total + 1) / 2);
  const hi = Math.floor(total / 2) + 1;
  let seen = 0;
  let a: number | null = null;
  for (const k of keys) {
    seen += hist.get(k) as number;
    if (a === null && seen >= lo) a = k;
    if (seen >= hi) return ((a as number) + k) / 2;
  }
  return a;
}

/**
 * The reference handling seconds per date of [from, to] and service: a sliding 28-day window over the
 * daily histograms, so a month is one pass.
 */
export function referenceTimes(
  rows: ReadonlyArray<{ d: string; serviceId: string; h: string }>,
  dates: readonly string[],
  fallback: (serviceId: string) => number,
): (date: string, serviceId: string) => number {
  const daily = new Map<string, Map<string, Array<[number, number]>>>();
  const services = new Set<string>();
  const pairsOf = (d: string, serviceId: string) => {
    services.add(serviceId);
    const byService = daily.get(d) ?? (daily.set(d, new Map()).get(d) as Map<string, Array<[number, number]>>);
    return byService.get(serviceId) ?? (byService.set(serviceId, []).get(serviceId) as Array<[number, number]>);
  };
  for (const r of rows) {
    const pairs = pairsOf(r.d, r.serviceId);
    for (const p of r.h.split(',')) {
      const [s, n] = p.split(':');
      pairs.push([Number(s), Number(n)]);
    }
  }
  const windows = new Map<string, { hist: Map<number, number>; total: number }>();
  const shift = (date: string, sign: 1 | -1) => {
    for (const [service, pairs] of daily.get(date) ?? []) {
      const w =
        windows.get(service) ??
        (windows.set(service, { hist: new Map(), total: 0 }).get(service) as {
          hist: Map<number, number>;
          total: number;
        });
      for (const [s, n] of pairs) {
        w.hist.set(s, (w.hist.get(s) ?? 0) + sign * n);
        w.total += sign * n;
      }
    }
  };
  const refs = new Map<string, number>();
  const first = dates[0];
  if (first) for (let i = REFERENCE_DAYS; i >= 1; i--) shift(addDays(first, -i), 1);
  for (let i = 0; i < dates.length; i++) {
    const date = dates[i] as string;
    if (i > 0) {
      shift(addDays(date, -1), 1);
      shift(addDays(date, -REFERENCE_DAYS - 1), -1);
    }
    for (const service of services) {
      const w = windows.get(service);
      const m = w ? medianOf(w.hist, w.total) : null;
      if (m !== null) refs.set(`${date}\u0000${service}`, m);
    }
  }
  return (date, serviceId) => refs.get(`${date}\u0000${serviceId}`) ?? fallback(serviceId);
}

/** Staff number + date → the clerk's subject id: the employee whose hall that day was this one. */
export function clerkResolver(
  hallId: string,
  people: ReadonlyArray<{ id: string; staffId: string; hallId: string }>,
  moves: ReadonlyArray<{ employeeId: string; fromHallId: string; toHallId: string; effectiveDate: string; id: number }>,
) {
  const movesOf = new Map<string, typeof moves>();
  for (const m of [...moves].sort((a, b) => a.effectiveDate.localeCompare(b.effectiveDate) || a.id - b.id))
    movesOf.set(m.employeeId, [...(movesOf.get(m.employeeId) ?? []), m]);
  const hallOn = (e: (typeof people)[number], date: string) => {
    const list = movesOf.get(e.id) ?? [];
    const next = list.find((m) => m.effectiveDate > date);
    if (next) return next.fromHallId;
    return list.at(-1)?.toHallId ?? e.hallId;
  };
  const byStaff = new Map<string, Array<(typeof people)[number]>>();
  for (const p of people) byStaff.set(p.staffId, [...(byStaff.get(p.staffId) ?? []), p]);
  const memo = new Map<string, string>();
  return (staffId: string, date: string): string => {
    const k = `${staffId}\u0000${date}`;
    let id = memo.get(k);
    if (id === undefined) {
      id = (byStaff.get(staffId) ?? []).find((e) => hallOn(e, date) === hallId)?.id ?? `staff:${staffId}`;
      memo.set(k, id);
    }
    return id;
  };
}

class DayFacts {
  readonly #days = new Map<string, Map<string, SubjectFacts>>();
  constructor(dates: readonly string[]) {
    for (const d of dates) this.#days.set(d, new Map());
  }
  add(date: string, subjectKind: SubjectKind, subjectId: string, facts: Facts) {
    const day = this.#days.get(date);
    if (!day) return; // a row outside the range (a session's day bounds): not ours
    const k = `${subjectKind}\u0000${subjectId}`;
    const s = day.get(k);
    if (s) addFacts(s.facts, facts);
    else day.set(k, { subjectKind, subjectId, facts: addFacts({}, facts) });
  }
  result(): Map<string, SubjectFacts[]> {
    const out = new Map<string, SubjectFacts[]>();
    for (const [d, subjects] of this.#days)
      out.set(
        d,
        [...subjects.values()].map((s) => ({
          ...s,
          facts: Object.fromEntries(Object.entries(s.facts).map(([k, v]) => [k, Math.round(v * 100) / 100])),
        })),
      );
    return out;
  }
}

/** Every subject's event facts per hall-local date of [from, to] (every date present, maybe empty). */
export async function eventFacts(db: Db, r: HallRange): Promise<Map<string, SubjectFacts[]>> {
  const dates = daysIn(r.from, r.to);
  const { targets, expected } = await serviceParams(db, r.hallId);
  const adherenceChunks: Array<[string, string]> = [];
  for (let i = 0; i < dates.length; i += MAX_ADHERENCE_DAYS)
    adherenceChunks.push([dates[i] as string, dates[Math.min(dates.length, i + MAX_ADHERENCE_DAYS) - 1] as string]);
  const [tickets, histograms, ratings, sessions, pauses, transfers, staff, adherence] = await Promise.all([
    repo.tickets(db, r, targets),
    // The days before the range; the range's own come with the tickets.
    repo.handleHistograms(db, {
      hallId: r.hallId,
      timeZone: r.timeZone,
      from: addDays(r.from, -REFERENCE_DAYS),
      to: addDays(r.from, -1),
    }),
    repo.ratings(db, r),
    repo.sessions(db, r),
    repo.pauses(db, r),
    repo.transfers(db, r),
    repo.employeesOfHall(db, r.hallId),
    Promise.all(adherenceChunks.map(([f, t]) => adherenceFor(db, r.hallId, f, t, r.now))),
  ]);
  const clerk = clerkResolver(r.hallId, staff.people, staff.moves);
  const own = tickets
    .filter((t) => t.grain === 'handle' && t.key)
    .map((t) => ({ d: t.d, serviceId: t.serviceId, h: t.key as string }));
  const reference = referenceTimes([...histograms, ...own], dates, (s) => expected.get(s) ?? DEFAULT_HANDLE_SECONDS);
  const out = new DayFacts(dates);
  const put = (d: string, grain: Grain, key: string | null, facts: Facts) => {
    if (grain === 'hall') out.add(d, 'hall', r.hallId, facts);
    else if (key === null) return;
    else if (grain === 'counter') out.add(d, 'counter', key, facts);
    else out.add(d, 'clerk', clerk(key, d), facts);
  };
  for (const t of tickets) {
    if (t.grain === 'handle') continue;
    const hall = t.grain === 'hall';
    put(t.d, t.grain, t.key, {
      served: t.served,
      handle_seconds: t.handleSeconds,
      // Only the tickets whose handling time is in handle_seconds: else a missing start would flatter.
      expected_handle_seconds: t.timed * reference(t.d, t.serviceId),
      called: t.called,
      no_shows: t.noShows,
      waited: t.waited + (hall ? t.abandoned : 0),
      wait_seconds: t.waitSeconds + (hall ? t.abandonedSeconds : 0),
      within_target: t.withinTarget,
    });
  }
  for (const x of ratings)
    put(x.d, x.grain, x.key, { ratings: x.n, rating_sum: x.sum, rating_sq_sum: x.sq, ratings_low: x.low });
  for (const x of transfers) put(x.d, x.grain, x.key, { transfers_out: x.n });
  for (const x of sessions) put(x.d, x.grain, x.key, { session_minutes: x.minutes });
  for (const x of pauses)
    put(x.d, x.grain, x.key, {
      [`pause_${PAUSE_REASONS.has(x.reason ?? '') ? x.reason : 'other'}_minutes`]: x.minutes,
    });
  for (const report of adherence)
    for (const day of report.days)
      for (const c of day.clerks) {
        const planned = c.shifts.length > 0;
        if (!planned && c.workedMinutes === 0) continue;
        const facts: Facts = {
          planned_minutes: c.plannedMinutes,
          adherent_minutes: c.adherentMinutes,
          planned_days: planned ? 1 : 0,
          late_days: c.flags.includes('late') ? 1 : 0,
          absent_days: c.flags.includes('absent') ? 1 : 0,
        };
        out.add(day.date, 'clerk', c.employeeId ?? clerk(c.staffId, day.date), facts);
        out.add(day.date, 'hall', r.hallId, facts);
      }
  return out.result();
}

/** The source as `factSources` lists it; `clock` ends open sessions and pauses (tests inject one). */
export function eventFactSource(clock: () => Date = () => new Date()): FactSource {
  const range = (hall: { id: string; timeZone: string }, from: string, to: string): HallRange => ({
    hallId: hall.id,
    timeZone: hall.timeZone,
    from,
    to,
    now: clock(),
  });
  return {
    name: 'events',
    collect: async (db, hall, date) => (await eventFacts(db, range(hall, date, date))).get(date) ?? [],
    collectRange: (db, hall, from, to) => eventFacts(db, range(hall, from, to)),
  };
}

export const eventsFactSource = eventFactSource();
