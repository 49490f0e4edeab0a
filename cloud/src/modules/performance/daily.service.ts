/**
 * The daily KPI snapshots: a hall's days computed from every fact source (facts.collect.ts) and stored
 * as facts (`kpi_daily`), replacing what was there — a KPI is its formula over the facts of whatever
 * period is asked (kpi.values.ts), so no per-day value is stored beside them. The nightly job,
 * a backfill over a range, and the benchmark all run `computeDays`. Also "today so far" (computed, not
 * stored), the per-hall status, and the recompute request (one backfill job per hall).
 */
import type { Db } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import { accessRepository } from '../access/access.repository.ts';
import { audit, unitsAllowed, subtree, type SessionUser } from '../access/access.service.ts';
import { addDays, localDate } from '../adherence/adherence.time.ts';
import { hallsRepository } from '../halls/halls.repository.ts';
import type { Jobs } from '../jobs/jobs.service.ts';
import { dailyRepository, type KpiDailyInsert } from './daily.repository.ts';
import { collectDays } from './facts.collect.ts';
import { daysIn } from './facts.events.ts';
import type { SubjectFacts } from './facts.ts';

export const DAILY_JOB = 'performance.daily';
export const BACKFILL_JOB = 'performance.backfill';
/** The longest range one backfill computes (a quarter). */
export const MAX_BACKFILL_DAYS = 92;
/** Days read and written at once: a month of a hall is a handful of queries and one transaction. */
const CHUNK_DAYS = 31;

export interface HallRef {
  id: string;
  timeZone: string;
}

/** The rows `kpi_daily` stores for one day's subjects. */
export const dailyRows = (date: string, subjects: readonly SubjectFacts[]) =>
  subjects.map((s): KpiDailyInsert => ({ date, subjectKind: s.subjectKind, subjectId: s.subjectId, facts: s.facts }));

/**
 * Computes and stores the hall's days [from, to] (each day's rows replaced; a day without facts ends up
 * with none). Answers how many days and rows were written.
 */
export async function computeDays(
  db: Db,
  hall: HallRef,
  from: string,
  to: string,
  o: { signal?: AbortSignal; progress?: (fraction: number, note: string) => void } = {},
) {
  const dates = daysIn(from, to);
  let rows = 0;
  for (let i = 0; i < dates.length; i += CHUNK_DAYS) {
    o.signal?.throwIfAborted();
    const chunk = dates.slice(i, i + CHUNK_DAYS);
    const cFrom = chunk[0] as string;
    const cTo = chunk.at(-1) as string;
    const byDate = await collectDays(db, hall, cFrom, cTo);
    const out: KpiDailyInsert[] = [];
    for (const [date, subjects] of byDate) out.push(...dailyRows(date, subjects));
    await dailyRepository.putDays(db, hall.id, cFrom, cTo, out);
    rows += out.length;
    o.progress?.((i + chunk.length) / dates.length, `${i + chunk.length} / ${dates.length}`);
  }
  return { days: dates.length, rows };
}

async function hallOf(db: Db, hallId: string): Promise<HallRef & { name: string }> {
  const hall = await hallsRepository.hall(db, hallId);
  if (!hall)
    throw new AppError('NOT_FOUND', `no hall ${hallId}`, {
      detail: { code: 'hall-not-found', params: { hall: hallId } },
    });
  return { id: hall.id, timeZone: hall.timeZone, name: hall.name };
}

/** The hall-local date of an instant. */
export const hallDate = (at: Date, timeZone: string) => localDate(at.getTime(), timeZone);

/** A hall's facts so far today (its own day; open sessions and pauses count up to now), not stored. */
export async function todaySoFar(db: Db, hallId: string, now = new Date()): Promise<SubjectFacts[]> {
  const hall = await hallOf(db, hallId);
  const date = hallDate(now, hall.timeZone);
  return (await collectDays(db, hall, date, date)).get(date) ?? [];
}

/** The day the nightly job computes: the hall-local date of the moment it was due, less its offset. */
export function closedDay(due: Date, timeZone: string, offsetMinutes: number) {
  return hallDate(new Date(due.getTime() - offsetMinutes * 60_000), timeZone);
}

/** Late data older than this (a quarter) is not recomputed by the nightly run: a backfill can. */
export const MAX_LATE_DAYS = 92;

/** Consecutive dates (sorted) as [from, to] runs. */
export function runsOf(dates: readonly string[]): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const d of dates) {
    const last = out.at(-1);
    if (last && addDays(last[1], 1) === d) last[1] = d;
    else out.push([d, d]);
  }
  return out;
}

/**
 * The nightly run: the day that just closed and the day before, then the older days marked dirty since
 * (late hub events, staff-record entries of older days; `kpi_dirty_days`), whose marks it clears.
 */
export async function computeClosedDay(db: Db, hallId: string, date: string) {
  const hall = await hallOf(db, hallId);
  const started = await dailyRepository.dbNow(db);
  const r = await computeDays(db, hall, addDays(date, -1), date);
  const late = await dailyRepository.dirtyDays(db, hall.id, addDays(date, -MAX_LATE_DAYS), addDays(date, -2));
  for (const [from, to] of runsOf(late)) r.rows += (await computeDays(db, hall, from, to)).rows;
  await dailyRepository.clearDirty(db, hall.id, date, started);
  return { date, ...r, lateDays: late };
}

export function checkRange(from: string, to: string, today: string) {
  const n = daysIn(from, to).length;
  if (from > to || n > MAX_BACKFILL_DAYS || to > today)
    throw new AppError('BAD_REQUEST', `from..to: 1 to ${MAX_BACKFILL_DAYS} days, not after today`, {
      fields: ['to'],
      detail: { code: 'kpi-range', params: { max: MAX_BACKFILL_DAYS } },
    });
}

/** The halls under an org unit (the unit itself when it is a hall). */
async function hallsUnder(db: Db, orgUnitId: string) {
  const units = await accessRepository.units(db);
  const ids = subtree(units, orgUnitId);
  return units.filter((u) => u.hallId && ids.has(u.id)).map((u) => ({ hallId: u.hallId as string, unitId: u.id }));
}

/**
 * Queues one backfill per hall (the hall, or every hall under the org unit) over [from, to]; audited.
 * Answers the jobs.
 */
export async function requestRecompute(
  db: Db,
  jobs: Jobs | undefined,
  user: SessionUser,
  q: { hallId?: string; orgUnitId?: string; from: string; to: string },
  now = new Date(),
) {
  if (!jobs) throw new Error('kpiFacts: this process runs no jobs');
  const targets = q.hallId
    ? [{ hallId: q.hallId, unitId: (await accessRepository.unitOfHall(db, q.hallId))?.id ?? null }]
    : await hallsUnder(db, q.orgUnitId as string);
  const out: Array<{ hallId: string; jobId: number }> = [];
  for (const t of targets) {
    const hall = await hallOf(db, t.hallId);
    checkRange(q.from, q.to, hallDate(now, hall.timeZone));
    const job = await jobs.enqueue(BACKFILL_JOB, { from: q.from, to: q.to }, { hallId: hall.id });
    await audit(db, {
      userId: user.id,
      action: 'kpi.recompute-requested',
      entity: 'hall',
      entityId: hall.id,
      orgUnitId: t.unitId,
      after: { from: q.from, to: q.to, jobId: job.id },
    });
    out.push({ hallId: hall.id, jobId: job.id });
  }
  return { jobs: out };
}

/** Every hall the user may see the performance of: last day computed, when, subjects, and the newest job. */
export async function kpiStatus(db: Db, user: SessionUser, q: { orgUnitId?: string | undefined } = {}) {
  const units = await accessRepository.units(db);
  const allowed = unitsAllowed(user, units, 'performance', 'view');
  const under = q.orgUnitId ? subtree(units, q.orgUnitId) : null;
  const hallUnits = units.filter((u) => u.hallId && allowed.has(u.id) && (!under || under.has(u.id)));
  const hallIds = hallUnits.map((u) => u.hallId as string);
  const [status, latest, names] = await Promise.all([
    dailyRepository.status(db, hallIds),
    dailyRepository.latestJobs(db, hallIds, [DAILY_JOB, BACKFILL_JOB]),
    Promise.all(hallIds.map((id) => hallsRepository.hall(db, id))),
  ]);
  const byHall = new Map(status.map((s) => [s.hallId, s]));
  const jobOf = new Map(latest.map((j) => [j.hallId, j]));
  return hallIds
    .map((id, i) => {
      const s = byHall.get(id);
      const j = jobOf.get(id);
      return {
        hallId: id,
        name: names[i]?.name ?? id,
        lastDate: s?.lastDate ?? null,
        computedAt: s ? Number(s.computedAt) : null,
        subjects: s?.subjects ?? 0,
        days: s?.days ?? 0,
        job: j ? { id: j.id, type: j.type, state: j.state, progress: j.progress, errorCode: j.errorCode } : null,
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
}
