/** On-site scoring's scheduled work: the overdue corrective actions check (hourly: halls' days begin at their own hour). */
import type { Jobs } from '../jobs/jobs.service.ts';
import { notifyOverdueActions } from './onsite.actions.ts';

export const ONSITE_OVERDUE_JOB = 'onsite.overdue-actions';

export async function defineOnsiteJobs(jobs: Jobs) {
  jobs.define<Record<string, never>>({
    type: ONSITE_OVERDUE_JOB,
    maxAttempts: 3,
    backoff: { baseMs: 60_000, maxMs: 30 * 60_000 },
    timeoutMs: 10 * 60_000,
    handler: async ({ db, now }) => notifyOverdueActions(db, now()),
  });
  await jobs.schedule({
    id: ONSITE_OVERDUE_JOB,
    type: ONSITE_OVERDUE_JOB,
    rule: { cron: '10 * * * *' },
    timeZone: 'UTC',
  });
}
