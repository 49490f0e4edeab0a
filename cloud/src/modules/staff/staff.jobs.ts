/**
 * The staff module's scheduled work: moves between halls whose day has come are applied (the employee's
 * hall changes, both halls' hubs get their staff section). Hourly, because "today" begins at a different
 * hour in each hall's time zone; a run with nothing due costs one query.
 */
import type { Jobs } from '../jobs/jobs.service.ts';
import { applyDueMoves } from './staff.service.ts';

export const STAFF_MOVES_JOB = 'staff.apply-moves';

export async function defineStaffJobs(jobs: Jobs) {
  jobs.define<Record<string, never>>({
    type: STAFF_MOVES_JOB,
    maxAttempts: 3,
    backoff: { baseMs: 60_000, maxMs: 30 * 60_000 },
    timeoutMs: 10 * 60_000,
    handler: async ({ db, now }) => ({ applied: await applyDueMoves(db, now()) }),
  });
  await jobs.schedule({ id: STAFF_MOVES_JOB, type: STAFF_MOVES_JOB, rule: { cron: '5 * * * *' }, timeZone: 'UTC' });
}
