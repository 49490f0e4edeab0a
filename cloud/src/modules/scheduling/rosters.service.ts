/**
 * Rosters for the console: generate (a job per hall), the periods and versions of a hall, one roster
 * with its shifts and coverage, the live check of an edit (hard rules and service-level impact), edits
 * saved one by one (audited), a new draft from a published roster, the diff between two versions, and
 * publishing — a published roster is never edited; publishing a draft supersedes the versions it
 * overlaps, needs a reason when it changes days within the notice period, and writes the hubs' window.
 */
import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import { accessRepository } from '../access/access.repository.ts';
import { audit, subtree, type SessionUser } from '../access/access.service.ts';
import { hallsRepository } from '../halls/halls.repository.ts';
import { jobsRepository } from '../jobs/jobs.repository.ts';
import { cancelJob } from '../jobs/jobs.service.ts';
import type { Jobs } from '../jobs/jobs.service.ts';
import { dayCoverage, daySummary, impactRuns, ruleViolations, type Violation } from './rosters.check.ts';
import { diffShifts } from './rosters.diff.ts';
import { ROSTER_JOB } from './rosters.jobs.ts';
import {
  addDays,
  dayIndex,
  isMonday,
  minutesOf,
  hhmm,
  type PlanEmployee,
  type RosterPlanning,
  type RosterShiftView,
} from './rosters.model.ts';
import { noticeDaysFor } from './rosters.planning.ts';
import { localDate, writeRosterWindow } from './rosters.publish.ts';
import { rostersRepository as repo, type RosterRow, type ShiftRow } from './rosters.repository.ts';

export type ShiftEdit =
  | {
      kind: 'add';
      employeeId: string;
      date: string;
      start: string;
      end: string;
      serviceId: string | null;
      breaks?: Array<{ start: string; end: string }>;
    }
  | {
      kind: 'change';
      shiftId: number;
      employeeId?: string;
      date?: string;
      start: string;
      end: string;
      serviceId?: string | null;
      breaks?: Array<{ start: string; end: string }>;
    }
  | { kind: 'remove'; shiftId: number };

const notFound = (id: string) =>
  new AppError('NOT_FOUND', `no roster ${id}`, { detail: { code: 'roster-not-found', params: { roster: id } } });

async function roster(db: Db, hallId: string, id: string): Promise<RosterRow> {
  const r = await repo.get(db, hallId, id);
  if (!r) throw notFound(id);
  return r;
}

const planningOf = (r: RosterRow): RosterPlanning => {
  if (!r.planning)
    throw new AppError('CONFLICT', `roster ${r.id} is still being generated`, {
      reason: 'conflict',
      detail: { code: 'roster-generating' },
    });
  return r.planning as unknown as RosterPlanning;
};

const view = (s: ShiftRow): RosterShiftView & { id: number } => ({
  id: s.id,
  employeeId: s.employeeId,
  date: s.date,
  start: s.start,
  end: s.end,
  breaks: s.breaks,
  serviceId: s.serviceId,
  templateId: s.templateId,
  source: s.source,
});

const planEmployees = async (db: Db, hallId: string): Promise<PlanEmployee[]> =>
  (await repo.employees(db, hallId)).map((e) => ({
    id: e.id,
    name: e.name,
    staffId: e.staffId,
    status: e.status,
    skills: e.skills,
    contract: e.contract,
    availability: e.availability,
  }));

const lastDay = (r: Pick<RosterRow, 'fromDate' | 'days'>) => addDays(r.fromDate, r.days - 1);

// ---- generation ----

/**
 * Asks for a roster of the hall for `weeks` weeks from a Monday: a `generating` roster (the next
 * version of that period) and its job. While one is being generated for the same period, that one.
 */
export async function requestGeneration(
  db: Db,
  jobs: Jobs | undefined,
  user: Pick<SessionUser, 'id'>,
  q: { hallId: string; fromDate: string; weeks: number },
) {
  if (!jobs) throw new Error('rosters: this process runs no jobs');
  if (!isMonday(q.fromDate))
    throw new AppError('BAD_REQUEST', 'fromDate: a Monday', {
      fields: ['fromDate'],
      detail: { code: 'roster-not-monday' },
    });
  if (!(await hallsRepository.hall(db, q.hallId)))
    throw new AppError('NOT_FOUND', `no hall ${q.hallId}`, { detail: { code: 'hall-not-found' } });
  const days = q.weeks * 7;
  const busy = (await repo.overlapping(db, q.hallId, q.fromDate, addDays(q.fromDate, days - 1), ['generating'])).find(
    (r) => r.fromDate === q.fromDate && r.days === days,
  );
  if (busy) return { rosterId: busy.id, jobId: busy.jobId, created: false };
  const id = `R-${randomUUID()}`;
  for (let attempt = 0; ; attempt++) {
    try {
      const version = await repo.nextVersion(db, q.hallId, q.fromDate);
      await repo.insert(db, {
        id,
        hallId: q.hallId,
        fromDate: q.fromDate,
        days,
        status: 'generating',
        version,
        createdBy: user.id,
      });
      break;
    } catch (err) {
      // Two requests took the same version: the unique index refused one; it takes the next.
      if (attempt >= 3) throw err;
    }
  }
  const job = await jobs.enqueue(ROSTER_JOB, { rosterId: id }, { hallId: q.hallId, uniqueKey: `${ROSTER_JOB}:${id}` });
  await repo.update(db, id, { jobId: job.id });
  const unit = await accessRepository.unitOfHall(db, q.hallId);
  await audit(db, {
    userId: user.id,
    action: 'roster.generate',
    entity: 'roster',
    entityId: id,
    orgUnitId: unit?.id ?? null,
    after: { hallId: q.hallId, fromDate: q.fromDate, days, jobId: job.id },
  });
  return { rosterId: id, jobId: job.id, created: true };
}

/** Every hall under an org unit the user may edit rosters at: one generation each. */
export async function requestGenerationUnder(
  db: Db,
  jobs: Jobs | undefined,
  user: Pick<SessionUser, 'id'>,
  q: { orgUnitId: string; fromDate: string; weeks: number },
) {
  const units = await accessRepository.units(db);
  const under = subtree(units, q.orgUnitId);
  const hallIds = units.filter((u) => under.has(u.id) && u.hallId).map((u) => u.hallId as string);
  const out = [];
  for (const hallId of hallIds.slice(0, 500))
    out.push({
      hallId,
      ...(await requestGeneration(db, jobs, user, { hallId, fromDate: q.fromDate, weeks: q.weeks })),
    });
  return out;
}

/** Stops a generation: its job is cancelled and the roster discarded. */
export async function cancelGeneration(
  db: Db,
  jobs: Jobs | undefined,
  user: SessionUser,
  q: { hallId: string; rosterId: string },
) {
  const r = await roster(db, q.hallId, q.rosterId);
  if (r.status !== 'generating')
    throw new AppError('CONFLICT', `roster ${r.id} is ${r.status}`, {
      reason: 'conflict',
      detail: { code: 'roster-not-generating', params: { status: r.status } },
    });
  if (r.jobId) {
    try {
      await cancelJob(db, r.jobId, { now: new Date(), ...(jobs ? { jobs } : {}) });
    } catch (err) {
      // A job already over cannot be cancelled: the roster is discarded all the same.
      if (!(err instanceof AppError)) throw err;
    }
  }
  await repo.update(db, r.id, { status: 'discarded' }, ['generating']);
  await audit(db, {
    userId: user.id,
    action: 'roster.generation-cancelled',
    entity: 'roster',
    entityId: r.id,
    orgUnitId: (await accessRepository.unitOfHall(db, q.hallId))?.id ?? null,
  });
  return { status: 'discarded' as const };
}

// ---- reading ----

/** The hall's periods, each with its versions (newest first), and each generation's progress. */
export async function listRosters(db: Db, hallId: string) {
  const hall = await hallsRepository.hall(db, hallId);
  if (!hall) throw new AppError('NOT_FOUND', `no hall ${hallId}`, { detail: { code: 'hall-not-found' } });
  const rows = await repo.list(db, hallId, 200);
  const periods = new Map<string, { fromDate: string; days: number; versions: unknown[] }>();
  for (const r of rows) {
    const job = r.status === 'generating' && r.jobId ? await jobsRepository.get(db, r.jobId) : null;
    const key = `${r.fromDate}|${r.days}`;
    const p = periods.get(key) ?? { fromDate: r.fromDate, days: r.days, versions: [] };
    p.versions.push({
      id: r.id,
      version: r.version,
      status: r.status,
      basedOn: r.basedOn,
      gap: typeof r.solver?.gap === 'number' ? r.solver.gap : null,
      createdAt: r.createdAt.toISOString(),
      createdBy: r.createdByName,
      publishedAt: r.publishedAt?.toISOString() ?? null,
      publishedBy: r.publishedByName,
      publishReason: r.publishReason,
      noticeChanges: r.noticeChanges ?? [],
      job: job
        ? {
            id: job.id,
            state: job.state,
            progress: job.progress,
            note: job.progressNote,
            errorCode: job.errorCode,
          }
        : null,
    });
    periods.set(key, p);
  }
  return { hallName: hall.name, timeZone: hall.timeZone, periods: [...periods.values()] };
}

/** One roster: its shifts, the employees it may name, the solver's account, unmet wishes, per-day figures. */
export async function getRoster(db: Db, q: { hallId: string; rosterId: string }) {
  const r = await roster(db, q.hallId, q.rosterId);
  const [shiftRows, employees] = await Promise.all([repo.shifts(db, r.id), planEmployees(db, q.hallId)]);
  const shifts = shiftRows.map(view);
  const planning = r.planning ? (r.planning as unknown as RosterPlanning) : null;
  const job = r.status === 'generating' && r.jobId ? await jobsRepository.get(db, r.jobId) : null;
  const days = Array.from({ length: r.days }, (_, d) => addDays(r.fromDate, d));
  const hall = await hallsRepository.hall(db, q.hallId);
  return {
    id: r.id,
    hallId: r.hallId,
    hallName: hall?.name ?? r.hallId,
    timeZone: hall?.timeZone ?? 'UTC',
    fromDate: r.fromDate,
    days: r.days,
    dates: days,
    status: r.status,
    version: r.version,
    basedOn: r.basedOn,
    solver: r.solver,
    unmetWishes: r.unmetWishes,
    publishedAt: r.publishedAt?.toISOString() ?? null,
    publishReason: r.publishReason,
    noticeChanges: r.noticeChanges ?? [],
    job: job
      ? { id: job.id, state: job.state, progress: job.progress, note: job.progressNote, errorCode: job.errorCode }
      : null,
    planning: planning
      ? {
          intervalMinutes: planning.intervalMinutes,
          dayStartMinutes: planning.dayStartMinutes,
          intervals: planning.intervals,
          services: planning.services.map((s) => ({ id: s.id, name: s.name, serviceLevel: s.serviceLevel })),
          templates: planning.templates,
        }
      : null,
    employees: employees.map((e) => ({
      id: e.id,
      name: e.name,
      staffId: e.staffId,
      status: e.status,
      skills: e.skills,
      contract: e.contract,
    })),
    shifts,
    violations: planning
      ? ruleViolations({
          planning,
          fromDate: r.fromDate,
          days: r.days,
          shifts,
          employees,
          wishes: await wishesOf(db, r),
        })
      : [],
    daySummaries: planning
      ? days.map((date) => ({ date, ...daySummary(dayCoverage(planning, r.fromDate, shifts, date)) }))
      : [],
  };
}

const wishesOf = (db: Db, r: RosterRow) => repo.wishes(db, r.hallId, r.fromDate, lastDay(r));

/** The coverage curve of one day: required and planned per interval, per service and in total. */
export async function coverageOf(db: Db, q: { hallId: string; rosterId: string; date: string }) {
  const r = await roster(db, q.hallId, q.rosterId);
  const planning = planningOf(r);
  const d = dayIndex(r.fromDate, q.date);
  if (d < 0 || d >= r.days)
    throw new AppError('BAD_REQUEST', 'date: outside the roster', {
      fields: ['date'],
      detail: { code: 'roster-date-outside' },
    });
  const shifts = (await repo.shifts(db, r.id)).map(view);
  const c = dayCoverage(planning, r.fromDate, shifts, q.date);
  return {
    ...c,
    summary: daySummary(c),
    intervalMinutes: planning.intervalMinutes,
    dayStartMinutes: planning.dayStartMinutes,
  };
}

// ---- edits ----

/** The shifts after an edit (the edit checked for what it names: shift, employee, date in the period). */
function applyEdit(
  r: RosterRow,
  shifts: Array<RosterShiftView & { id: number }>,
  edit: ShiftEdit,
  employees: PlanEmployee[],
) {
  const inPeriod = (date: string) => date >= r.fromDate && date <= lastDay(r);
  const badField = (field: string, code: 'roster-date-outside' | 'roster-shift-times' | 'employee-not-found') =>
    new AppError('BAD_REQUEST', `${field}: invalid for this roster`, { fields: [field], detail: { code } });
  const checkTimes = (s: RosterShiftView) => {
    if (minutesOf(s.start) >= minutesOf(s.end)) throw badField('end', 'roster-shift-times');
    for (const b of s.breaks)
      if (b.start >= b.end || b.start < s.start || b.end > s.end) throw badField('breaks', 'roster-shift-times');
    if (!inPeriod(s.date)) throw badField('date', 'roster-date-outside');
    if (!employees.some((e) => e.id === s.employeeId)) throw badField('employeeId', 'employee-not-found');
  };
  if (edit.kind === 'add') {
    const s: RosterShiftView = {
      employeeId: edit.employeeId,
      date: edit.date,
      start: edit.start,
      end: edit.end,
      breaks: edit.breaks ?? [],
      serviceId: edit.serviceId,
      templateId: null,
      source: 'manual',
    };
    checkTimes(s);
    return {
      after: [...shifts, { ...s, id: -1 }],
      before: null,
      changed: s,
      employees: [s.employeeId],
      dates: [s.date],
    };
  }
  const old = shifts.find((s) => s.id === edit.shiftId);
  if (!old)
    throw new AppError('NOT_FOUND', `no shift ${edit.shiftId}`, {
      detail: { code: 'roster-shift-not-found' },
      fields: ['shiftId'],
    });
  if (edit.kind === 'remove')
    return {
      after: shifts.filter((s) => s.id !== old.id),
      before: old,
      changed: null,
      employees: [old.employeeId],
      dates: [old.date],
    };
  // Moved or resized: breaks given, else moved with the shift when its length is kept, else those still inside.
  const delta = minutesOf(edit.start) - minutesOf(old.start);
  const sameLength = minutesOf(edit.end) - minutesOf(edit.start) === minutesOf(old.end) - minutesOf(old.start);
  const breaks =
    edit.breaks ??
    (sameLength
      ? old.breaks.map((b) => ({ start: hhmm(minutesOf(b.start) + delta), end: hhmm(minutesOf(b.end) + delta) }))
      : old.breaks.filter((b) => b.start >= edit.start && b.end <= edit.end));
  const s: RosterShiftView & { id: number } = {
    ...old,
    employeeId: edit.employeeId ?? old.employeeId,
    date: edit.date ?? old.date,
    start: edit.start,
    end: edit.end,
    breaks,
    serviceId: edit.serviceId === undefined ? old.serviceId : edit.serviceId,
    templateId: null,
    source: 'manual',
  };
  checkTimes(s);
  return {
    after: shifts.map((x) => (x.id === old.id ? s : x)),
    before: old,
    changed: s,
    employees: [...new Set([old.employeeId, s.employeeId])],
    dates: [...new Set([old.date, s.date])],
  };
}

const key = (v: Violation) => `${v.code}|${v.employeeId}|${v.date}`;

/**
 * What an edit would do, without saving it: the hard rules broken after it (those it introduces marked
 * `new`), and for each day it touches the coverage and expected service before and after, with the runs
 * of intervals where the service level or abandonment moves by a point or more.
 */
export async function checkEdit(db: Db, q: { hallId: string; rosterId: string; edit: ShiftEdit }) {
  const r = await roster(db, q.hallId, q.rosterId);
  const planning = planningOf(r);
  const [shiftRows, employees, wishes] = await Promise.all([
    repo.shifts(db, r.id),
    planEmployees(db, q.hallId),
    wishesOf(db, r),
  ]);
  const shifts = shiftRows.map(view);
  const applied = applyEdit(r, shifts, q.edit, employees);
  return judge({ r, planning, employees, wishes, before: shifts, applied });
}

function judge(o: {
  r: RosterRow;
  planning: RosterPlanning;
  employees: PlanEmployee[];
  wishes: Awaited<ReturnType<typeof repo.wishes>>;
  before: RosterShiftView[];
  applied: ReturnType<typeof applyEdit>;
}) {
  const { r, planning } = o;
  const only = new Set(o.applied.employees);
  const base = { planning, fromDate: r.fromDate, days: r.days, employees: o.employees, wishes: o.wishes, only };
  const was = new Set(ruleViolations({ ...base, shifts: o.before }).map(key));
  const violations = ruleViolations({ ...base, shifts: o.applied.after }).map((v) => ({ ...v, new: !was.has(key(v)) }));
  const days = o.applied.dates.map((date) => {
    const before = dayCoverage(planning, r.fromDate, o.before, date);
    const after = dayCoverage(planning, r.fromDate, o.applied.after, date);
    return {
      date,
      before: { total: before.total, summary: daySummary(before) },
      after: {
        total: after.total,
        services: after.services.map((x) => ({ id: x.id, planned: x.planned, serviceLevel: x.serviceLevel })),
        summary: daySummary(after),
      },
      runs: impactRuns(planning, before, after),
    };
  });
  return { violations, days };
}

/** Saves one edit of a draft (audited) and answers its check. */
export async function saveEdit(db: Db, user: SessionUser, q: { hallId: string; rosterId: string; edit: ShiftEdit }) {
  const r = await roster(db, q.hallId, q.rosterId);
  if (r.status !== 'draft')
    throw new AppError('CONFLICT', `roster ${r.id} is ${r.status}: only a draft is edited`, {
      reason: 'conflict',
      detail: { code: 'roster-not-draft', params: { status: r.status } },
    });
  const planning = planningOf(r);
  const [shiftRows, employees, wishes] = await Promise.all([
    repo.shifts(db, r.id),
    planEmployees(db, q.hallId),
    wishesOf(db, r),
  ]);
  const shifts = shiftRows.map(view);
  const applied = applyEdit(r, shifts, q.edit, employees);
  let shiftId: number | null = null;
  if (q.edit.kind === 'add') shiftId = (await repo.insertShift(db, r.id, applied.changed as RosterShiftView)).id;
  else if (q.edit.kind === 'remove') await repo.deleteShift(db, q.edit.shiftId);
  else {
    await repo.updateShift(db, q.edit.shiftId, applied.changed as RosterShiftView);
    shiftId = q.edit.shiftId;
  }
  await audit(db, {
    userId: user.id,
    action: `roster.shift-${q.edit.kind === 'add' ? 'added' : q.edit.kind === 'remove' ? 'removed' : 'changed'}`,
    entity: 'roster',
    entityId: r.id,
    orgUnitId: (await accessRepository.unitOfHall(db, q.hallId))?.id ?? null,
    before: applied.before,
    after: applied.changed,
  });
  const check = judge({ r, planning, employees, wishes, before: shifts, applied });
  return { shiftId, ...check };
}

/** A new draft from a roster (a change to a published one): its shifts copied, the next version. */
export async function reviseRoster(db: Db, user: SessionUser, q: { hallId: string; rosterId: string }) {
  const r = await roster(db, q.hallId, q.rosterId);
  if (r.status === 'generating') planningOf(r);
  const open = (await repo.overlapping(db, q.hallId, r.fromDate, lastDay(r), ['draft'])).find(
    (x) => x.basedOn === r.id && x.fromDate === r.fromDate,
  );
  if (open) return { rosterId: open.id, created: false };
  const id = `R-${randomUUID()}`;
  const shifts = (await repo.shifts(db, r.id)).map(view);
  await db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    await repo.insert(t, {
      id,
      hallId: r.hallId,
      fromDate: r.fromDate,
      days: r.days,
      status: 'draft',
      version: await repo.nextVersion(t, r.hallId, r.fromDate),
      basedOn: r.id,
      forecastId: r.forecastId,
      solver: r.solver,
      unmetWishes: r.unmetWishes,
      planning: r.planning,
      createdBy: user.id,
    });
    await repo.replaceShifts(t, id, shifts);
  });
  await audit(db, {
    userId: user.id,
    action: 'roster.revised',
    entity: 'roster',
    entityId: id,
    orgUnitId: (await accessRepository.unitOfHall(db, q.hallId))?.id ?? null,
    after: { basedOn: r.id },
  });
  return { rosterId: id, created: true };
}

/** Discards a draft (it stays in the list, read-only). */
export async function discardRoster(db: Db, user: SessionUser, q: { hallId: string; rosterId: string }) {
  const r = await roster(db, q.hallId, q.rosterId);
  if (!(await repo.update(db, r.id, { status: 'discarded' }, ['draft'])))
    throw new AppError('CONFLICT', `roster ${r.id} is ${r.status}`, {
      reason: 'conflict',
      detail: { code: 'roster-not-draft', params: { status: r.status } },
    });
  await audit(db, {
    userId: user.id,
    action: 'roster.discarded',
    entity: 'roster',
    entityId: r.id,
    orgUnitId: (await accessRepository.unitOfHall(db, q.hallId))?.id ?? null,
  });
  return { status: 'discarded' as const };
}

/** What changed between two rosters of the hall, per person and day. */
export async function diffRosters(db: Db, q: { hallId: string; from: string; to: string }) {
  const [a, b] = await Promise.all([roster(db, q.hallId, q.from), roster(db, q.hallId, q.to)]);
  const [sa, sb, employees] = await Promise.all([
    repo.shifts(db, a.id),
    repo.shifts(db, b.id),
    planEmployees(db, q.hallId),
  ]);
  const names = new Map(employees.map((e) => [e.id, e.name]));
  const changes = diffShifts(sa.map(view), sb.map(view)).map((c) => ({
    ...c,
    employeeName: names.get(c.employeeId) ?? null,
  }));
  return {
    from: { id: a.id, version: a.version, status: a.status },
    to: { id: b.id, version: b.version, status: b.status },
    changes,
  };
}

/**
 * Publishes a draft: the published versions it overlaps are superseded, and today's and tomorrow's
 * days go to the hub. When it changes days of the currently published roster within the notice period
 * (from today), a reason is required; those days are kept with the roster and in the audit log.
 */
export async function publishRoster(
  db: Db,
  user: SessionUser,
  q: { hallId: string; rosterId: string; reason?: string },
  o: { now?: Date } = {},
) {
  const now = o.now ?? new Date();
  const r = await roster(db, q.hallId, q.rosterId);
  if (r.status !== 'draft')
    throw new AppError('CONFLICT', `roster ${r.id} is ${r.status}: only a draft is published`, {
      reason: 'conflict',
      detail: { code: 'roster-not-draft', params: { status: r.status } },
    });
  planningOf(r);
  const hall = await hallsRepository.hall(db, q.hallId);
  const today = localDate(now, hall?.timeZone ?? 'UTC');
  const noticeEnd = addDays(today, await noticeDaysFor(db, q.hallId));
  const published = await repo.overlapping(db, q.hallId, r.fromDate, lastDay(r), ['published']);
  const mine = (await repo.shifts(db, r.id)).map(view);
  const noticeChanges = new Set<string>();
  for (const p of published) {
    const theirs = (await repo.shifts(db, p.id)).map(view);
    const inBoth = (date: string) =>
      date >= r.fromDate && date <= lastDay(r) && date >= p.fromDate && date <= lastDay(p);
    for (const c of diffShifts(
      theirs.filter((s) => inBoth(s.date)),
      mine.filter((s) => inBoth(s.date)),
    ))
      if (c.date >= today && c.date < noticeEnd) noticeChanges.add(c.date);
  }
  const changed = [...noticeChanges].sort();
  if (changed.length && !q.reason?.trim())
    throw new AppError(
      'BAD_REQUEST',
      `reason: required, the change touches ${changed.join(', ')} within the notice period`,
      {
        fields: ['reason'],
        detail: { code: 'roster-reason-required', params: { days: changed.length, first: changed[0] as string } },
      },
    );
  const ok = await db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    if (
      !(await repo.update(
        t,
        r.id,
        {
          status: 'published',
          publishedAt: now,
          publishedBy: user.id,
          publishReason: q.reason?.trim() || null,
          noticeChanges: changed,
        },
        ['draft'],
      ))
    )
      return false;
    for (const p of published) await repo.update(t, p.id, { status: 'superseded' }, ['published']);
    return true;
  });
  if (!ok)
    throw new AppError('CONFLICT', `roster ${r.id} changed meanwhile`, {
      reason: 'conflict',
      detail: { code: 'roster-not-draft', params: { status: 'published' } },
    });
  const window = await writeRosterWindow(db, q.hallId, { now, by: user.id });
  await audit(db, {
    userId: user.id,
    action: changed.length ? 'roster.published-within-notice' : 'roster.published',
    entity: 'roster',
    entityId: r.id,
    orgUnitId: (await accessRepository.unitOfHall(db, q.hallId))?.id ?? null,
    before: { superseded: published.map((p) => ({ id: p.id, version: p.version })) },
    after: {
      version: r.version,
      reason: q.reason?.trim() || null,
      noticeChanges: changed,
      configVersion: window.version,
    },
  });
  return { status: 'published' as const, version: r.version, noticeChanges: changed, configVersion: window.version };
}
