/**
 * The performance module's jobs: `performance.daily` per hall after it closes (the day that closed and
 * the one before, replacing what was stored), and `performance.backfill` (a hall, a range of at most 92
 * days, with progress). Both are idempotent: a run again writes the same rows.
 */
import { z } from 'zod';
import type { Db } from '../../db/client.ts';
import { calendarDate } from '../../inputs.ts';
import { halls } from '../halls/halls.table.ts';
import type { Jobs } from '../jobs/jobs.service.ts';
import { JobError } from '../jobs/jobs.types.ts';
import { hallsRepository } from '../halls/halls.repository.ts';
import {
  BACKFILL_JOB,
  closedDay,
  computeClosedDay,
  computeDays,
  DAILY_JOB,
  MAX_BACKFILL_DAYS,
} from './daily.service.ts';
import { daysIn } from './facts.events.ts';

export { BACKFILL_JOB, DAILY_JOB };
/** After the hall closes: before the daily report (30 minutes) so the report can read the day's KPIs. */
export const DAILY_AFTER_CLOSE_MINUTES = 15;

const dailyPayload = z.object({ date: calendarDate.optional() }).strict();
const backfillPayload = z
  .object({ from: calendarDate, to: calendarDate })
  .strict()
  .refine((p) => p.from <= p.to && daysIn(p.from, p.to).length <= MAX_BACKFILL_DAYS, {
    error: `from..to: 1 to ${MAX_BACKFILL_DAYS} days`,
    path: ['to'],
  });

export function definePerformanceJobs(jobs: Jobs) {
  jobs.define<z.infer<typeof dailyPayload>>({
    type: DAILY_JOB,
    payload: dailyPayload,
    maxAttempts: 5,
    backoff: { baseMs: 60_000, maxMs: 30 * 60_000 },
    timeoutMs: 15 * 60_000,
    handler: async ({ db, job, payload, now, progress }) => {
      if (!job.hallId) throw new JobError('hall-not-found', 'the job names no hall', { retry: false });
      const hall = await hallsRepository.hall(db, job.hallId);
      if (!hall) throw new JobError('hall-not-found', job.hallId, { retry: false });
      const due = job.scheduledFor ? new Date(job.scheduledFor) : now();
      const date = payload.date ?? closedDay(due, hall.timeZone, DAILY_AFTER_CLOSE_MINUTES);
      const r = await computeClosedDay(db, hall.id, date);
      progress(1, date);
      return r;
    },
  });
  jobs.define<z.infer<typeof backfillPayload>>({
    type: BACKFILL_JOB,
    payload: backfillPayload,
    maxAttempts: 3,
    backoff: { baseMs: 30_000, maxMs: 10 * 60_000 },
    timeoutMs: 30 * 60_000,
    handler: async ({ db, job, payload, signal, progress }) => {
      if (!job.hallId) throw new JobError('hall-not-found', 'the job names no hall', { retry: false });
      const hall = await hallsRepository.hall(db, job.hallId);
      if (!hall) throw new JobError('hall-not-found', job.hallId, { retry: false });
      return computeDays(db, hall, payload.from, payload.to, { signal, progress });
    },
  });
}

/** Each hall's nightly KPI day (idempotent; at every start, so halls registered since get theirs). */
export async function scheduleDailyKpis(jobs: Jobs, db: Db) {
  const rows = await db.select({ id: halls.id }).from(halls);
  await jobs.scheduleEveryHall({
    idPrefix: 'kpi-daily',
    type: DAILY_JOB,
    hallIds: rows.map((r) => r.id),
    rule: { anchor: 'close', offsetMinutes: DAILY_AFTER_CLOSE_MINUTES },
    payload: {},
  });
}
