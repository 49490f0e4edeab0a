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
  toMinutes,
  union,
  type Span,
} from './adherence.time.ts';
import type { ReviewInput, WeekReview } from './review.calc.ts';

export const REVIEW_JOB = 'roster.review';
/** Defaults until the hall's scheduling settings say otherwise. */
const DEFAULTS = { intervalMinutes: 30, serviceLevel: 0.8, patienceMinutes: 20, shrinkage: 0, maxOccupancy: 1 };
/** Branch-and-bound nodes for the perfect-foresight roster: a work limit, not a clock. */
export const REVIEW_NODES = 3_000;

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

interface HallDoc {
  hall?: { openingHours?: Partial<Record<string, { open: string; close: string } | null>> };
  services?: Array<{ id: string; name?: string; targetWaitMinutes?: number; expectedServiceMinutes?: number }>;
}

const isMonday = (d: string) => new Date(`${d}T00:00:00Z`).getUTCDay() === 1;

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
  const { shifts } = await plannedShifts(db, hallId, tz, week, last);
  if (shifts.length === 0)
    throw new AppError('NOT_FOUND', `no roster published for the week of ${week}`, {
      detail: { code: 'review-no-roster', params: { week } },
    });
  const doc = ((await hallsRepository.config(db, hallId))?.document ?? {}) as HallDoc;
  const step = DEFAULTS.intervalMinutes;
  // The planning day: the opening hours and every planned shift inside it.
  const opens = WEEKDAYS.map((d) => doc.hall?.openingHours?.[d]).filter((h) => h);
  const starts = [...opens.map((h) => toMinutes(h!.open)), ...shifts.map((s) => toMinutes(s.start))];
  const ends = [
    ...opens.map((h) => toMinutes(h!.close)),
    ...shifts.map((s) => (toMinutes(s.end) <= toMinutes(s.start) ? 24 * 60 : toMinutes(s.end))),
  ];
  const dayStart = Math.floor(Math.min(...starts) / step) * step;
  const dayEnd = Math.min(24 * 60, Math.ceil(Math.max(...ends) / step) * step);
  const intervals = Math.max(1, (dayEnd - dayStart) / step);
  const services = (doc.services ?? []).map((s) => ({
    id: s.id,
    targetSeconds: (s.targetWaitMinutes ?? 10) * 60,
    fallbackAht: (s.expectedServiceMinutes ?? 6) * 60,
  }));
  const svcIndex = new Map(services.map((s, k) => [s.id, k]));
  const grid = <T>(f: () => T) => Array.from({ length: 7 }, () => Array.from({ length: intervals }, f));
  const slot = (at: number): [number, number] | null => {
    const date = localDate(at, tz);
    const d = Math.round((Date.parse(`${date}T00:00:00Z`) - Date.parse(`${week}T00:00:00Z`)) / 86_400_000);
    const i = Math.floor((localMinutes(at, tz) - dayStart) / step);
    return d >= 0 && d < 7 && i >= 0 && i < intervals ? [d, i] : null;
  };
  const from = new Date(localInstant(week, '00:00', tz));
  const to = new Date(localInstant(addDays(week, 7), '00:00', tz));
  const tickets = await repo.tickets(db, hallId, from, to);
  const arrivals = grid(() => services.map(() => 0));
  const within = grid(() => 0);
  const counted = grid(() => 0);
  const handle = services.map(() => ({ n: 0, s: 0 }));
  for (const t of tickets) {
    const k = svcIndex.get(t.serviceId);
    const at = slot(t.arrivalAt);
    if (k === undefined || !at) continue;
    const [d, i] = at;
    (arrivals[d]![i]! as number[])[k]! += 1;
    const target = services[k]!.targetSeconds * 1000;
    const called = t.firstCalledAt !== null;
    if (called && (t.firstCalledAt as number) - t.arrivalAt <= target) within[d]![i]! += 1;
    // As the analytics count it: called, or given up / still waiting past the target.
    const gaveUpLate = !called && (t.endedAt ?? to.getTime()) - t.arrivalAt > target;
    if (called || gaveUpLate) counted[d]![i]! += 1;
    if (t.outcome === 'done' && t.firstCalledAt !== null && t.endedAt !== null) {
      const secs = (t.endedAt - t.firstCalledAt) / 1000;
      if (secs >= 30 && secs <= 3_600) {
        handle[k]!.n += 1;
        handle[k]!.s += secs;
      }
    }
  }
  // People per interval (average over the interval) from spans of time.
  const spread = (spans: readonly Span[], into: number[][]) => {
    for (let d = 0; d < 7; d++) {
      const date = addDays(week, d);
      for (let i = 0; i < intervals; i++) {
        const m = dayStart + i * step;
        const w = {
          from: localInstant(date, '00:00', tz) + m * 60_000,
          to: localInstant(date, '00:00', tz) + (m + step) * 60_000,
        };
        const overlap = intersect(spans, [w]).reduce((a, s) => a + (s.to - s.from), 0);
        if (overlap > 0) into[d]![i]! += overlap / (step * 60_000);
      }
    }
  };
  const planned = grid(() => 0);
  const reviewShifts: ReviewInput['shifts'] = [];
  for (const s of shifts) {
    const { span, breaks } = shiftSpans(s.date, { ...s, serviceId: s.serviceId }, tz);
    spread(subtract([span], breaks), planned);
    const d = Math.round((Date.parse(`${s.date}T00:00:00Z`) - Date.parse(`${week}T00:00:00Z`)) / 86_400_000);
    const idx = (hm: string) => Math.round((toMinutes(hm) - dayStart) / step);
    const start = idx(s.start);
    const end = toMinutes(s.end) <= toMinutes(s.start) ? intervals : Math.min(intervals, idx(s.end));
    const br: number[] = [];
    for (const b of s.breaks) for (let i = idx(b.start); i < idx(b.end); i++) br.push(i);
    reviewShifts.push({ employeeId: s.employeeId, day: d, start, end, breaks: br, serviceId: s.serviceId });
  }
  const atCounters = grid(() => 0);
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
  const people = await repo.employees(db, hallId, [...new Set(shifts.map((s) => s.employeeId))]);
  const byId = new Map(people.map((p) => [p.id, p]));
  const employees: Employee[] = [...new Set(shifts.map((s) => s.employeeId))].map((id) => {
    const e = byId.get(id);
    const mine = reviewShifts.filter((s) => s.employeeId === id);
    const hours = mine.reduce((a, s) => a + ((s.end - s.start - s.breaks.length) * step) / 60, 0);
    const skills = Object.keys(e?.skills ?? {}).filter((k) => svcIndex.has(k));
    const plannedAt = mine.map((s) => s.serviceId).filter((x): x is string => !!x && svcIndex.has(x));
    const lengths = new Set(mine.map((s) => s.end - s.start));
    const c = e?.contract;
    return {
      id,
      ...(e?.name ? { name: e.name } : {}),
      skills: [...new Set([...skills, ...plannedAt])].length
        ? [...new Set([...skills, ...plannedAt])]
        : services.map((s) => s.id),
      // The contract, widened to what the published roster itself asked of them (it was worked).
      minHours: Math.min(c?.minWeekHours ?? 0, hours),
      maxHours: Math.max(c?.maxWeekHours ?? hours, hours),
      maxDays: Math.max(c?.maxDaysPerWeek ?? mine.length, new Set(mine.map((s) => s.day)).size),
      minRestHours: Math.min(c?.minRestHours ?? 11, 11),
      templates: [`kinds:${[...lengths].join(',')}`],
    };
  });
  const input: ReviewInput = {
    week,
    intervalMinutes: step,
    dayStartMinutes: dayStart,
    intervalsPerDay: intervals,
    services: services.map((s, k) => ({
      id: s.id,
      serviceLevel: DEFAULTS.serviceLevel,
      targetSeconds: s.targetSeconds,
      patienceSeconds: DEFAULTS.patienceMinutes * 60,
      ahtSeconds: handle[k]!.n >= 5 ? handle[k]!.s / handle[k]!.n : s.fallbackAht,
    })),
    shrinkage: DEFAULTS.shrinkage,
    maxOccupancy: DEFAULTS.maxOccupancy,
    arrivals,
    forecast: null,
    within,
    counted,
    planned,
    atCounters,
    shifts: reviewShifts,
    employees,
    nodes: REVIEW_NODES,
  };
  return resolveTemplates(input);
}

/** Each employee may work the kinds of shifts (lengths) they worked that week, at any start. */
function resolveTemplates(input: ReviewInput): ReviewInput {
  const byLength = new Map<number, string[]>();
  const kinds = new Set(input.shifts.map((s) => s.end - s.start));
  for (const len of kinds) {
    const ids: string[] = [];
    const sample = input.shifts.filter((s) => s.end - s.start === len);
    const keys = new Set(
      sample.map(
        (s) =>
          `${len}/${s.breaks
            .map((b) => b - s.start)
            .filter((b) => b >= 0 && b < len)
            .join(',')}`,
      ),
    );
    for (const key of keys) for (let st = 0; st + len <= input.intervalsPerDay; st++) ids.push(`${key}@${st}`);
    byLength.set(len, ids);
  }
  return {
    ...input,
    employees: input.employees.map((e) => {
      const lengths = (e.templates?.[0] ?? '').replace('kinds:', '').split(',').map(Number);
      return { ...e, templates: lengths.flatMap((l) => byLength.get(l) ?? []) };
    }),
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
        throw new JobError(code, '', { retry: false });
      }
      progress(0.05, 'inputs');
      const result = (await runInWorker({
        module: new URL('./review.worker.ts', import.meta.url),
        exportName: 'review',
        payload: input,
        job,
        signal,
        onProgress: progress,
      })) as WeekReview;
      await repo.putReview(db, {
        hallId: p.hallId,
        week: p.week,
        state: 'done',
        jobId: job.id,
        result: result as unknown as Record<string, unknown>,
        finishedAt: now(),
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
  const doc = ((await hallsRepository.config(db, hallId))?.document ?? {}) as HallDoc;
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
