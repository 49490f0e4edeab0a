/**
 * The forecast job (`scheduling.forecast`): for a hall, read its ingested tickets (this process), run the
 * engine's model and backtest in a worker thread (the maths would hold the event loop for seconds), and
 * store the result as the hall's next forecast version. Scheduled per hall every night after closing, and
 * run on demand (`forecast.run`). Idempotent: a job run again answers the forecast it stored.
 */
import { z } from 'zod';
import type { Db } from '../../db/client.ts';
import { halls } from '../halls/halls.table.ts';
import type { Jobs } from '../jobs/jobs.service.ts';
import { JobError } from '../jobs/jobs.types.ts';
import { runInWorker } from '../jobs/jobs.worker.ts';
import { cancelJob } from '../jobs/jobs.service.ts';
import { AppError } from '../../errors.ts';
import type { ForecastOutput } from './forecast.maths.ts';
import { forecastRepository } from './forecast.repository.ts';
import { checkHistory, FORECAST_JOB, historyFor, MIN_HISTORY_DAYS, storeForecast } from './forecast.service.ts';

export { FORECAST_JOB };
/** The nightly forecast runs this long after the hall closes (after the daily report's 30 minutes). */
export const FORECAST_AFTER_CLOSE_MINUTES = 45;
const WORKER = new URL('./forecast.worker.ts', import.meta.url);

/** The hall is the job's own (`hallId` of the job). */
const payload = z.object({}).strict();

export function defineForecastJobs(jobs: Jobs) {
  jobs.define<z.infer<typeof payload>>({
    type: FORECAST_JOB,
    payload,
    maxAttempts: 3,
    backoff: { baseMs: 30_000, maxMs: 10 * 60_000 },
    timeoutMs: 10 * 60_000,
    handler: async ({ db, job, now, signal, progress }) => {
      if (!job.hallId) throw new JobError('hall-not-found', 'the job names no hall', { retry: false });
      const done = await forecastRepository.byJob(db, job.id);
      if (done) return { forecastId: done.id, version: done.version };
      const history = await historyFor(db, { hallId: job.hallId, now: now() });
      if (history.days < MIN_HISTORY_DAYS)
        throw new JobError('forecast-too-little-history', `${history.days} days of history`, { retry: false });
      progress(0.05, 'history');
      const output = (await runInWorker({
        module: WORKER,
        exportName: 'forecastWorker',
        payload: history.input,
        job,
        signal,
        onProgress: (f) => progress(0.05 + 0.85 * f, 'model'),
      })) as ForecastOutput;
      signal.throwIfAborted();
      const stored = await storeForecast(db, { history, output, jobId: job.id });
      progress(1, 'stored');
      return { forecastId: stored.id, version: stored.version, wape: output.accuracy.wape };
    },
  });
}

/** Each hall's nightly forecast (idempotent; at every start, so halls registered since get theirs). */
export async function scheduleForecasts(jobs: Jobs, db: Db) {
  const rows = await db.select({ id: halls.id }).from(halls);
  await jobs.scheduleEveryHall({
    idPrefix: 'forecast',
    type: FORECAST_JOB,
    hallIds: rows.map((r) => r.id),
    rule: { anchor: 'close', offsetMinutes: FORECAST_AFTER_CLOSE_MINUTES },
    payload: {},
  });
}

/** Queues a forecast of the hall now (refused with a coded error when its history is too short). */
export async function enqueueForecast(jobs: Jobs | undefined, db: Db, q: { hallId: string; now: Date }) {
  if (!jobs) throw new Error('forecast: this process runs no jobs');
  // Asking again while a run is queued or running answers that run.
  const last = await forecastRepository.latestJob(db, { hallId: q.hallId, type: FORECAST_JOB });
  if (last && ['queued', 'running', 'failed'].includes(last.state)) return { id: last.id, created: false };
  await checkHistory(db, q);
  return jobs.enqueue(FORECAST_JOB, {}, { hallId: q.hallId });
}

/** Cancels the hall's newest forecast job when it is waiting or running (a coded answer otherwise). */
export async function cancelForecast(jobs: Jobs | undefined, db: Db, q: { hallId: string; now: Date }) {
  const last = await forecastRepository.latestJob(db, { hallId: q.hallId, type: FORECAST_JOB });
  if (!last) throw new AppError('NOT_FOUND', `no forecast job for ${q.hallId}`, { detail: { code: 'job-not-found' } });
  const r = await cancelJob(db, last.id, { now: q.now, ...(jobs ? { jobs } : {}) });
  return { jobId: last.id, ...r };
}
