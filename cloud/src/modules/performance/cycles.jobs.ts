/**
 * The cycles' scheduled work (`performance.cycles`): every 15 minutes, stages past their deadline move on
 * (skippable ones, and an appeal window with nothing left to answer) or are flagged overdue and their
 * actors notified once. A run with nothing due costs one query.
 */
import type { Jobs } from '../jobs/jobs.service.ts';
import { checkDeadlines } from './cycles.service.ts';

export const CYCLES_JOB = 'performance.cycles';

export async function defineCycleJobs(jobs: Jobs) {
  jobs.define<Record<string, never>>({
    type: CYCLES_JOB,
    maxAttempts: 3,
    backoff: { baseMs: 60_000, maxMs: 30 * 60_000 },
    timeoutMs: 10 * 60_000,
    handler: async ({ db, now }) => checkDeadlines(db, now()),
  });
  await jobs.schedule({ id: CYCLES_JOB, type: CYCLES_JOB, rule: { cron: '*/15 * * * *' }, timeZone: 'UTC' });
}
