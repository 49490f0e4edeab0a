/**
 * Adherence (出勤遵从): per clerk and hall-local day, the shifts of the roster in force that day against
 * the counter sessions and pauses the hub reported (adherence.calc.ts defines every figure). A past
 * day's plan is the version that was published then: the newest version published before the day
 * ended (a same-day change by the manager counts), or, for a roster imported afterwards, its first one.
 *
 * `adherenceFor` is the module's export for other modules (performance reads it).
 * `importPublished` stores a roster that was worked as published (the demo's history weeks).
 */
import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import { accessRepository } from '../access/access.repository.ts';
import { audit, type SessionUser } from '../access/access.service.ts';
import { hallsRepository } from '../halls/halls.repository.ts';
import { clerkDay, type ClerkDay, type PlannedShift } from './adherence.calc.ts';
import { adherenceRepository as repo } from './adherence.repository.ts';
import { addDays, localInstant } from './adherence.time.ts';

/** The longest window one call reads (a month and a day: a calendar month from any weekday). */
export const MAX_ADHERENCE_DAYS = 35;
/** Minutes late, early or over a break that are not flagged, when the hall's settings say nothing. */
export const DEFAULT_GRACE_MINUTES = 5;

export interface AdherenceClerk {
  employeeId: string | null;
  staffId: string;
  name: string | null;
}

export interface AdherenceDay {
  date: string;
  /** The roster version in force that day (null: none published). */
  rosterVersion: number | null;
  clerks: Array<AdherenceClerk & { shifts: PlannedShift[] } & ClerkDay>;
}

export interface AdherenceTotals extends AdherenceClerk {
  plannedMinutes: number;
  workedMinutes: number;
  adherentMinutes: number;
  unplannedMinutes: number;
  adherence: number | null;
  daysPlanned: number;
  lateDays: number;
  earlyEndDays: number;
  longBreakDays: number;
  absentDays: number;
  unplannedDays: number;
}

export interface AdherenceReport {
  hallId: string;
  hallName: string;
  timeZone: string;
  from: string;
  to: string;
  graceMinutes: number;
  days: AdherenceDay[];
  totals: AdherenceTotals[];
}

/** The hall's grace (scheduling settings `adherenceGraceMinutes`), else the default. */
async function graceMinutesOf(db: Db, hallId: string): Promise<number> {
  const doc = await repo.settingsDocument(db, hallId);
  const g = (doc as { adherenceGraceMinutes?: unknown } | null)?.adherenceGraceMinutes;
  return typeof g === 'number' && g >= 0 && g <= 120 ? g : DEFAULT_GRACE_MINUTES;
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
}

export function checkRange(from: string, to: string) {
  const n = daysBetween(from, to);
  if (n < 1 || n > MAX_ADHERENCE_DAYS)
    throw new AppError('BAD_REQUEST', `from..to: 1 to ${MAX_ADHERENCE_DAYS} days`, {
      fields: ['toDate'],
      detail: { code: 'adherence-range', params: { max: MAX_ADHERENCE_DAYS } },
    });
  return n;
}

/**
 * The roster in force on each date: per date, the newest version published before the day ended;
 * when every version was published later (imported), the first.
 */
export function rosterInForce<R extends { id: string; fromDate: string; days: number; publishedAt: Date | null }>(
  list: readonly R[],
  date: string,
  dayEnd: number,
): R | null {
  const covering = list.filter((r) => r.publishedAt && r.fromDate <= date && date < addDays(r.fromDate, r.days));
  if (covering.length === 0) return null;
  const byTime = [...covering].sort((a, b) => (a.publishedAt as Date).getTime() - (b.publishedAt as Date).getTime());
  const before = byTime.filter((r) => (r.publishedAt as Date).getTime() < dayEnd);
  return before.at(-1) ?? (byTime[0] as R);
}

/** The planned shifts in force per date and employee, with the employees (any roster named) by id. */
export async function plannedShifts(db: Db, hallId: string, timeZone: string, from: string, to: string) {
  const list = await repo.publishedRosters(db, hallId, from, to);
  const chosen = new Map<string, (typeof list)[number]>();
  for (let d = from; d <= to; d = addDays(d, 1)) {
    const r = rosterInForce(list, d, localInstant(addDays(d, 1), '00:00', timeZone));
    if (r) chosen.set(d, r);
  }
  const ids = [...new Set([...chosen.values()].map((r) => r.id))];
  const shifts = (await repo.shifts(db, ids, from, to)).filter((s) => chosen.get(s.date)?.id === s.rosterId);
  return { chosen, shifts };
}

/** Names in Chinese order (one collator: `localeCompare` with a locale builds one per call). */
const byName = new Intl.Collator('zh-CN');

export async function adherenceFor(
  db: Db,
  hallId: string,
  fromDate: string,
  toDate: string,
  now: Date = new Date(),
): Promise<AdherenceReport> {
  const n = checkRange(fromDate, toDate);
  const hall = await hallsRepository.hall(db, hallId);
  if (!hall)
    throw new AppError('NOT_FOUND', `no hall ${hallId}`, {
      detail: { code: 'hall-not-found', params: { hall: hallId } },
    });
  const tz = hall.timeZone;
  const graceMinutes = await graceMinutesOf(db, hallId);
  const { chosen, shifts } = await plannedShifts(db, hallId, tz, fromDate, toDate);
  const people = await repo.employees(db, hallId, [...new Set(shifts.map((s) => s.employeeId))]);
  const byId = new Map(people.map((p) => [p.id, p]));
  // A staff number names the hall's own employee first (staff numbers are unique within a hall).
  const byStaff = new Map<string, (typeof people)[number]>();
  for (const p of people) if (p.hallId === hallId || !byStaff.has(p.staffId)) byStaff.set(p.staffId, p);
  const windowFrom = new Date(localInstant(fromDate, '00:00', tz));
  // Shifts that run past midnight end the next day.
  const windowTo = new Date(localInstant(addDays(toDate, 2), '00:00', tz));
  const [sessions, pauses] = await Promise.all([
    repo.sessions(db, hallId, windowFrom, windowTo),
    repo.pauses(db, hallId, windowFrom, windowTo),
  ]);
  // Pauses by counter: a clerk's day reads only its own counters' (a month of a busy hall is thousands).
  const pausesAt = new Map<string, typeof pauses>();
  for (const p of pauses) {
    const list = pausesAt.get(p.counterId);
    if (list) list.push(p);
    else pausesAt.set(p.counterId, [p]);
  }
  const days: AdherenceDay[] = [];
  for (let i = 0; i < n; i++) {
    const date = addDays(fromDate, i);
    const from = localInstant(date, '00:00', tz);
    const to = localInstant(addDays(date, 1), '00:00', tz);
    const dayShifts = shifts.filter((s) => s.date === date);
    const daySessions = sessions.filter(
      (s) => s.openedAt.getTime() < to && (s.closedAt === null || s.closedAt.getTime() > from),
    );
    // Everyone planned that day, and everyone who worked without a plan.
    const keys = new Map<string, AdherenceClerk>();
    for (const s of dayShifts) {
      const e = byId.get(s.employeeId);
      keys.set(e?.staffId ?? `?${s.employeeId}`, {
        employeeId: s.employeeId,
        staffId: e?.staffId ?? '',
        name: e?.name ?? null,
      });
    }
    for (const s of daySessions)
      if (!keys.has(s.staffId)) {
        const e = byStaff.get(s.staffId);
        keys.set(s.staffId, { employeeId: e?.id ?? null, staffId: s.staffId, name: e?.name ?? null });
      }
    const clerks = [...keys.values()].map((c) => {
      const mine = dayShifts.filter((s) => s.employeeId === c.employeeId);
      const ses = daySessions.filter((s) => s.staffId === c.staffId);
      // Only the pauses that overlap the clerk's sessions (the counters' list holds the whole range).
      const lo = Math.min(...ses.map((s) => s.openedAt.getTime()));
      const hi = Math.max(...ses.map((s) => s.closedAt?.getTime() ?? Number.POSITIVE_INFINITY));
      const planned: PlannedShift[] = mine.map((s) => ({
        start: s.start,
        end: s.end,
        breaks: s.breaks,
        serviceId: s.serviceId,
      }));
      const figures = clerkDay({
        date,
        timeZone: tz,
        shifts: planned,
        sessions: ses.map((s) => ({
          counterId: s.counterId,
          from: s.openedAt.getTime(),
          to: s.closedAt?.getTime() ?? null,
        })),
        pauses: [...new Set(ses.map((s) => s.counterId))]
          .flatMap((counterId) => pausesAt.get(counterId) ?? [])
          .filter((p) => p.startedAt.getTime() < hi && (p.endedAt?.getTime() ?? Number.POSITIVE_INFINITY) > lo)
          .map((p) => ({
            counterId: p.counterId,
            reason: p.reason,
            from: p.startedAt.getTime(),
            to: p.endedAt?.getTime() ?? null,
          })),
        graceMinutes,
        now: now.getTime(),
      });
      return { ...c, shifts: planned, ...figures };
    });
    clerks.sort((a, b) => byName.compare(a.name ?? a.staffId, b.name ?? b.staffId));
    days.push({ date, rosterVersion: chosen.get(date)?.version ?? null, clerks });
  }
  return {
    hallId,
    hallName: hall.name,
    timeZone: tz,
    from: fromDate,
    to: toDate,
    graceMinutes,
    days,
    totals: totalsOf(days),
  };
}

export function totalsOf(days: readonly AdherenceDay[]): AdherenceTotals[] {
  const acc = new Map<string, AdherenceTotals>();
  for (const d of days)
    for (const c of d.clerks) {
      const key = c.employeeId ?? `staff:${c.staffId}`;
      const t =
        acc.get(key) ??
        ({
          employeeId: c.employeeId,
          staffId: c.staffId,
          name: c.name,
          plannedMinutes: 0,
          workedMinutes: 0,
          adherentMinutes: 0,
          unplannedMinutes: 0,
          adherence: null,
          daysPlanned: 0,
          lateDays: 0,
          earlyEndDays: 0,
          longBreakDays: 0,
          absentDays: 0,
          unplannedDays: 0,
        } satisfies AdherenceTotals);
      t.plannedMinutes += c.plannedMinutes;
      t.workedMinutes += c.workedMinutes;
      t.adherentMinutes += c.adherentMinutes;
      t.unplannedMinutes += c.unplannedMinutes;
      if (c.shifts.length) t.daysPlanned += 1;
      if (c.flags.includes('late')) t.lateDays += 1;
      if (c.flags.includes('early-end')) t.earlyEndDays += 1;
      if (c.flags.includes('long-break')) t.longBreakDays += 1;
      if (c.flags.includes('absent')) t.absentDays += 1;
      if (c.flags.includes('unplanned')) t.unplannedDays += 1;
      acc.set(key, t);
    }
  return [...acc.values()]
    .map((t) => ({ ...t, adherence: t.plannedMinutes > 0 ? t.adherentMinutes / t.plannedMinutes : null }))
    .sort((a, b) => byName.compare(a.name ?? a.staffId, b.name ?? b.staffId));
}

export interface ImportedRoster {
  hallId: string;
  /** A Monday. */
  fromDate: string;
  days: number;
  /** When it was published (ISO); default now. */
  publishedAt?: string | undefined;
  shifts: Array<{
    staffId: string;
    date: string;
    start: string;
    end: string;
    breaks: Array<{ start: string; end: string }>;
    serviceId: string | null;
  }>;
}

/**
 * Stores a roster as published (a new version for its hall and period; the one published before is
 * superseded). Every staff number must name an employee of the hall; every date must lie in the period.
 */
export async function importPublished(db: Db, user: SessionUser | null, r: ImportedRoster, now = new Date()) {
  const hall = await hallsRepository.hall(db, r.hallId);
  if (!hall)
    throw new AppError('NOT_FOUND', `no hall ${r.hallId}`, {
      detail: { code: 'hall-not-found', params: { hall: r.hallId } },
    });
  const last = addDays(r.fromDate, r.days - 1);
  const outside = r.shifts.find((s) => s.date < r.fromDate || s.date > last);
  if (outside)
    throw new AppError('BAD_REQUEST', `shift on ${outside.date} outside the roster's period`, {
      fields: ['shifts'],
      detail: { code: 'roster-shift-outside', params: { date: outside.date } },
    });
  const people = await repo.employees(db, r.hallId, []);
  const byStaff = new Map(people.filter((p) => p.hallId === r.hallId).map((p) => [p.staffId, p.id]));
  const unknown = r.shifts.find((s) => !byStaff.has(s.staffId));
  if (unknown)
    throw new AppError('BAD_REQUEST', `no employee with staff number ${unknown.staffId} in hall ${r.hallId}`, {
      fields: ['shifts'],
      detail: { code: 'roster-staff-unknown', params: { staff: unknown.staffId } },
    });
  const publishedAt = r.publishedAt ? new Date(r.publishedAt) : now;
  const id = `roster-${randomUUID()}`;
  const version = await repo.insertPublished(db, {
    roster: {
      id,
      hallId: r.hallId,
      fromDate: r.fromDate,
      days: r.days,
      status: 'published',
      solver: { method: 'imported' },
      createdBy: user?.username ?? null,
      publishedAt,
      publishedBy: user?.username ?? null,
    },
    shifts: r.shifts.map((s) => ({
      rosterId: id,
      employeeId: byStaff.get(s.staffId) as string,
      date: s.date,
      start: s.start,
      end: s.end,
      breaks: s.breaks,
      serviceId: s.serviceId,
      source: 'manual' as const,
    })),
  });
  await audit(db, {
    userId: user?.id ?? null,
    action: 'roster.imported',
    entity: 'roster',
    entityId: id,
    orgUnitId: (await accessRepository.unitOfHall(db, r.hallId))?.id ?? null,
    after: { hallId: r.hallId, fromDate: r.fromDate, days: r.days, version, shifts: r.shifts.length, publishedAt },
  });
  return { id, version };
}
