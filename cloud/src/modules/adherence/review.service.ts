/**
 * The roster review (排班合理性) in the product: gathering a past week's inputs from the database (the
 * roster in force each day, the tickets, the counter sessions and pauses, the hall's targets), the
 * `roster.review` job that computes it in a worker thread (review.calc.ts) and keeps the result per
 * hall and week, and reading it back.
 */
import { z } from 'zod';
import type { Employee } from '@hall/cloud/workforce';
import type { Db } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import { calendarDate } from '../../inputs.ts';
import { accessRepository } from '../access/access.repository.ts';
import { audit, type SessionUser } from '../access/access.service.ts';
import { hallsRepository } from '../halls/halls.repository.ts';
import {
  expandTemplates,
  openIntervals,
  planningGrid,
  requirementFromTraffic,
  type ExpandedTemplate,
} from '../scheduling/planning.ts';
import { rebucket } from '../scheduling/requirement.ts';
import { servicePlans, settingsFor } from '../scheduling/scheduling.schema.ts';
import type { EmployeeContract } from '../staff/staff.table.ts';
import type { Jobs } from '../jobs/jobs.service.ts';
import { JobError } from '../jobs/jobs.types.ts';
import { runInWorker } from '../jobs/jobs.worker.ts';
import { shiftSpans } from './adherence.calc.ts';
import { adherenceRepository as repo } from './adherence.repository.ts';
import { plannedShifts } from './adherence.service.ts';
import {
  addDays,
  intersect,
  localDate,
  localInstant,
  localMinutes,
  subtract,
  union,
  type Span,
} from './adherence.time.ts';
import type { ReviewInput, WeekReview } from './review.calc.ts';

export const REVIEW_JOB = 'roster.review';
/** Branch-and-bound nodes for the perfect-foresight roster: a work limit, not a clock. */
export const REVIEW_NODES = 300;
/** Served tickets a service needs that week before its measured handle time is trusted. */
const MIN_MEASURED = 30;

const WEEKDAY_INDEX = { mon: 0, tue: 1, wed: 2, thu: 3, fri: 4, sat: 5, sun: 6 } as const;

const isMonday = (d: string) => new Date(`${d}T00:00:00Z`).getUTCDay() === 1;
const dayIndex = (week: string, date: string) =>
  Math.round((Date.parse(`${date}T00:00:00Z`) - Date.parse(`${week}T00:00:00Z`)) / 86_400_000);

/**
 * The engine's employee for the perfect-foresight roster: the contract and skills, widened to what the
 * published roster itself asked of them (it was worked, so it is feasible: someone on leave that week
 * is not forced in), on the templates their contract allows.
 */
function foresightEmployee(
  e: { id: string; name: string; skills: Record<string, number>; contract: EmployeeContract } | undefined,
  id: string,
  o: {
    services: string[];
    plannedHours: number;
    plannedDays: number;
    plannedAt: string[];
    templates: ExpandedTemplate[];
  },
): Employee {
  const c = e?.contract;
  const skills = [...new Set([...Object.keys(e?.skills ?? {}), ...o.plannedAt])].filter((k) => o.services.includes(k));
  const allowed = o.templates.filter((t) =>
    c?.templates?.length ? c.templates.includes(t.templateId) : c?.kind === 'part-time' ? t.partTime : true,
  );
  return {
    id,
    ...(e?.name ? { name: e.name } : {}),
    skills: skills.length ? skills : o.services,
    minHours: Math.min(c?.minWeekHours ?? 0, o.plannedHours),
    maxHours: Math.max(c?.maxWeekHours ?? o.plannedHours, o.plannedHours),
    maxDays: Math.max(c?.maxDaysPerWeek ?? o.plannedDays, o.plannedDays),
    minRestHours: Math.min(c?.minRestHours ?? 11, 11),
    ...(allowed.length && allowed.length < o.templates.length ? { templates: allowed.map((t) => t.id) } : {}),
  };
}

/** The inputs of a past week's review (throws coded errors for a week that cannot be reviewed). */
export async function reviewInput(db: Db, hallId: string, week: string, now = new Date()): Promise<ReviewInput> {
  const hall = await hallsRepository.hall(db, hallId);
  if (!hall)
    throw new AppError('NOT_FOUND', `no hall ${hallId}`, {
      detail: { code: 'hall-not-found', params: { hall: hallId } },
    });
  const tz = hall.timeZone;
  if (!isMonday(week) || addDays(week, 7) > localDate(now.getTime(), tz))
    throw new AppError('BAD_REQUEST', 'a past week, from a Monday', {
      fields: ['week'],
      detail: { code: 'review-week-invalid' },
    });
  const last = addDays(week, 6);
  const { chosen, shifts } = await plannedShifts(db, hallId, tz, week, last);
  if (shifts.length === 0)
    throw new AppError('NOT_FOUND', `no roster published for the week of ${week}`, {
      detail: { code: 'review-no-roster', params: { week } },
    });
  const { settings, config } = await settingsFor(db, hallId);
  const grid = planningGrid(settings);
  const step = grid.intervalMinutes;
  const intervals = grid.intervals;
  const dates = Array.from({ length: 7 }, (_, d) => addDays(week, d));
  const from = new Date(localInstant(week, '00:00', tz));
  const to = new Date(localInstant(addDays(week, 7), '00:00', tz));
  const tickets = await repo.tickets(db, hallId, from, to);
  const svcIds = config.services.map((s) => s.id);
  const svcIndex = new Map(svcIds.map((id, k) => [id, k]));
  const grid2 = <T>(f: () => T) => dates.map(() => Array.from({ length: intervals }, f));
  const slot = (at: number): [number, number] | null => {
    const d = dayIndex(week, localDate(at, tz));
    const i = Math.floor((localMinutes(at, tz) - grid.dayStartMinutes) / step);
    return d >= 0 && d < 7 && i >= 0 && i < intervals ? [d, i] : null;
  };
  // The week's tickets by arrival: how many came, how many were called within their target.
  const target = new Map(config.services.map((s) => [s.id, s.targetWaitMinutes * 60_000]));
  const arrivals = grid2(() => svcIds.map(() => 0));
  const within = grid2(() => 0);
  const counted = grid2(() => 0);
  const handle = svcIds.map(() => ({ n: 0, s: 0 }));
  for (const t of tickets) {
    const k = svcIndex.get(t.serviceId);
    const at = slot(t.arrivalAt);
    if (k === undefined || !at) continue;
    const [d, i] = at;
    (arrivals[d]![i] as number[])[k]! += 1;
    const limit = target.get(t.serviceId) ?? 600_000;
    const called = t.firstCalledAt !== null;
    if (called && (t.firstCalledAt as number) - t.arrivalAt <= limit) within[d]![i]! += 1;
    // As the analytics count it: called, or given up (or still waiting) past the target.
    if (called || (t.endedAt ?? to.getTime()) - t.arrivalAt > limit) counted[d]![i]! += 1;
    if (t.outcome === 'done' && t.firstCalledAt !== null && t.endedAt !== null) {
      const secs = (t.endedAt - t.firstCalledAt) / 1000;
      if (secs >= 30 && secs <= 3_600) {
        handle[k]!.n += 1;
        handle[k]!.s += secs;
      }
    }
  }
  // The hall's own planning rule on the traffic that came (handle times as measured that week).
  const measured = Object.fromEntries(
    svcIds.flatMap((id, k) => (handle[k]!.n >= MIN_MEASURED ? [[id, handle[k]!.s / handle[k]!.n]] : [])),
  );
  const plans = servicePlans(settings, config, measured);
  const open = dates.map((date) => openIntervals(grid, config.hall.openingHours, date));
  const traffic = dates.map((date, d) => ({
    date,
    open: open[d] as boolean[],
    arrivals: svcIds.map((_, k) => (arrivals[d] as number[][]).map((per) => per[k] ?? 0)),
  }));
  const need = requirementFromTraffic(settings, plans, grid, traffic);
  // The forecast the roster was made on, if it says (else none: the plan's promise is unknown).
  const forecastId = [...chosen.values()].find((r) => r.forecastId !== null)?.forecastId ?? null;
  let forecast: number[][][] | null = null;
  if (forecastId !== null) {
    const fc = await repo.forecast(db, forecastId);
    if (fc) {
      const values = await repo.forecastValues(db, fc.id, dates);
      const raw = dates.map(() => svcIds.map((): number[] => []));
      for (const v of values) {
        const k = svcIndex.get(v.serviceId);
        const d = dayIndex(week, v.date);
        if (k !== undefined && d >= 0 && d < 7) (raw[d]![k] as number[])[v.interval] = v.mean;
      }
      forecast = raw.map((day) => {
        const per = day.map((xs) =>
          rebucket(
            Array.from(xs, (x) => x ?? 0),
            fc,
            grid,
          ),
        );
        return Array.from({ length: intervals }, (_, i) => per.map((xs) => xs[i] ?? 0));
      });
    }
  }
  // People per interval (the interval's average) from spans of time.
  const spread = (spans: readonly Span[], into: number[][]) => {
    dates.forEach((date, d) => {
      const midnight = localInstant(date, '00:00', tz);
      for (let i = 0; i < intervals; i++) {
        const m = grid.dayStartMinutes + i * step;
        const w = { from: midnight + m * 60_000, to: midnight + (m + step) * 60_000 };
        const overlap = intersect(spans, [w]).reduce((a, x) => a + (x.to - x.from), 0);
        if (overlap > 0) into[d]![i]! += overlap / (step * 60_000);
      }
    });
  };
  const planned = grid2(() => 0);
  const perEmployee = new Map<string, { hours: number; days: Set<string>; at: string[] }>();
  for (const s of shifts) {
    const { span, breaks } = shiftSpans(s.date, s, tz);
    const floor = subtract([span], breaks);
    spread(floor, planned);
    const mine = perEmployee.get(s.employeeId) ?? { hours: 0, days: new Set(), at: [] };
    mine.hours += floor.reduce((a, x) => a + (x.to - x.from), 0) / 3_600_000;
    mine.days.add(s.date);
    if (s.serviceId) mine.at.push(s.serviceId);
    perEmployee.set(s.employeeId, mine);
  }
  const atCounters = grid2(() => 0);
  const [sessions, pauses] = await Promise.all([
    repo.sessions(db, hallId, from, to),
    repo.pauses(db, hallId, from, to),
  ]);
  // Each clerk counted once even when signed in at two counters.
  const byStaff = new Map<string, Span[]>();
  for (const s of sessions) {
    const mine = pauses
      .filter((p) => p.counterId === s.counterId)
      .map((p) => ({ from: p.startedAt.getTime(), to: (p.endedAt ?? to).getTime() }));
    const at = subtract([{ from: s.openedAt.getTime(), to: (s.closedAt ?? to).getTime() }], mine);
    byStaff.set(s.staffId, [...(byStaff.get(s.staffId) ?? []), ...at]);
  }
  for (const spans of byStaff.values()) spread(union(spans), atCounters);
  const templates = expandTemplates(settings, grid);
  const people = await repo.employees(db, hallId, [...perEmployee.keys()]);
  const byId = new Map(people.map((p) => [p.id, p]));
  const employees = [...perEmployee].map(([id, p]) =>
    foresightEmployee(byId.get(id), id, {
      services: svcIds,
      plannedHours: p.hours,
      plannedDays: p.days.size,
      plannedAt: p.at,
      templates,
    }),
  );
  return {
    week,
    intervalMinutes: step,
    dayStartMinutes: grid.dayStartMinutes,
    intervalsPerDay: intervals,
    services: plans.map((p) => ({
      id: p.id,
      serviceLevel: p.serviceLevel,
      targetSeconds: p.targetSeconds,
      patienceSeconds: p.patienceSeconds,
      ahtSeconds: p.handleSeconds,
    })),
    shrinkage: settings.shrinkage,
    arrivals,
    forecast,
    within,
    counted,
    planned,
    atCounters,
    required: need.map((d) => d.total),
    requiredByService: need.map((d) => d.required),
    templates: templates.map(({ templateId: _t, partTime: _p, ...t }) => t),
    weekendDays: settings.rules.weekendDays.map((d) => WEEKDAY_INDEX[d]),
    employees,
    nodes: REVIEW_NODES,
  };
}

const payload = z.object({ hallId: z.string().min(1).max(64), week: calendarDate });

export function defineReviewJobs(jobs: Jobs) {
  return jobs.define<z.infer<typeof payload>>({
    type: REVIEW_JOB,
    payload,
    maxAttempts: 2,
    backoff: { baseMs: 10_000, maxMs: 60_000 },
    timeoutMs: 10 * 60_000,
    handler: async ({ db, payload: p, job, signal, progress, now }) => {
      let input: ReviewInput;
      try {
        input = await reviewInput(db, p.hallId, p.week, now());
      } catch (err) {
        const code = err instanceof AppError ? (err.detail?.code ?? 'review-failed') : 'review-failed';
        await repo.finishReview(db, p.hallId, p.week, { state: 'failed', errorCode: code, finishedAt: now() });
        // A week that cannot be reviewed stays so; a database hiccup is tried again.
        throw err instanceof AppError ? new JobError(code, '', { retry: false }) : err;
      }
      progress(0.05, 'inputs');
      // Who asked stays on the row (a scheduled or retried run writes the result, not a new request).
      const before = await repo.review(db, p.hallId, p.week);
      const requester = before ? { requestedAt: before.requestedAt, requestedBy: before.requestedBy } : {};
      let result: WeekReview;
      try {
        result = (await runInWorker({
          module: new URL('./review.worker.ts', import.meta.url),
          exportName: 'review',
          payload: input,
          job,
          signal,
          onProgress: progress,
        })) as WeekReview;
      } catch (err) {
        // The page stops waiting and says so; a retry that succeeds makes it done.
        const code = err instanceof JobError ? err.code : 'handler-failed';
        await repo.finishReview(db, p.hallId, p.week, { state: 'failed', errorCode: code, finishedAt: now() });
        throw err;
      }
      await repo.putReview(db, {
        hallId: p.hallId,
        week: p.week,
        state: 'done',
        jobId: job.id,
        result: result as unknown as Record<string, unknown>,
        errorCode: null,
        finishedAt: now(),
        ...requester,
      });
      return { week: p.week, shortfallHours: result.plan.shortfallHours };
    },
  });
}

/** Asks for a week's review: a job, unless one is already waiting or running for it. */
export async function startReview(
  db: Db,
  jobs: Jobs | undefined,
  user: SessionUser | null,
  hallId: string,
  week: string,
  now = new Date(),
) {
  if (!jobs) throw new Error('adherence: this process runs no jobs');
  // Checked now, so that the manager hears at once why a week cannot be reviewed.
  await reviewInput(db, hallId, week, now);
  const existing = await repo.review(db, hallId, week);
  if (existing?.state === 'queued' && now.getTime() - existing.requestedAt.getTime() < 15 * 60_000)
    return { jobId: existing.jobId, created: false };
  const job = await jobs.enqueue(
    REVIEW_JOB,
    { hallId, week },
    { hallId, uniqueKey: `${REVIEW_JOB}:${hallId}:${week}:${now.getTime()}` },
  );
  await repo.putReview(db, {
    hallId,
    week,
    state: 'queued',
    jobId: job.id,
    result: existing?.result ?? null,
    requestedAt: now,
    requestedBy: user?.username ?? null,
  });
  await audit(db, {
    userId: user?.id ?? null,
    action: 'roster.review.requested',
    entity: 'roster-review',
    entityId: `${hallId}:${week}`,
    orgUnitId: (await accessRepository.unitOfHall(db, hallId))?.id ?? null,
    after: { hallId, week, jobId: job.id },
  });
  return { jobId: job.id, created: true };
}

/** A week's kept review (with the previous result while a new one runs), and the hall's reviewed weeks. */
export async function getReview(db: Db, hallId: string, week: string) {
  const hall = await hallsRepository.hall(db, hallId);
  if (!hall)
    throw new AppError('NOT_FOUND', `no hall ${hallId}`, {
      detail: { code: 'hall-not-found', params: { hall: hallId } },
    });
  const row = await repo.review(db, hallId, week);
  const doc = ((await hallsRepository.config(db, hallId))?.document ?? {}) as {
    services?: Array<{ id: string; name?: string }>;
  };
  return {
    hallId,
    hallName: hall.name,
    timeZone: hall.timeZone,
    week,
    state: row?.state ?? null,
    jobId: row?.jobId ?? null,
    errorCode: row?.errorCode ?? null,
    finishedAt: row?.finishedAt?.getTime() ?? null,
    result: (row?.result ?? null) as WeekReview | null,
    services: (doc.services ?? []).map((s) => ({ id: s.id, name: s.name ?? s.id })),
    weeks: (await repo.reviews(db, hallId)).map((r) => ({ week: r.week, state: r.state })),
  };
}
