/**
 * The jobs module's own scheduled work: forgetting what nobody needs any more. Done and cancelled jobs
 * older than `keepDays`, and `login_throttle` rows that no longer decide a sign-in (the access module
 * wrote them and never removed them). Deletes in bounded batches, so one run never holds a big lock.
 */
import { accessRepository } from '../access/access.repository.ts';
import { DEFAULT_LOGIN_LIMITS, type LoginLimits } from '../access/login-guard.ts';
import { jobsRepository } from './jobs.repository.ts';
import type { Jobs } from './jobs.service.ts';

export const PURGE_JOB = 'jobs.purge';
const BATCH = 1_000;

export async function defineBuiltinJobs(
  jobs: Jobs,
  o: { keepDays: number; loginLimits?: LoginLimits; cron?: string; timeZone?: string },
) {
  const limits = o.loginLimits ?? DEFAULT_LOGIN_LIMITS;
  jobs.define<Record<string, never>>({
    type: PURGE_JOB,
    maxAttempts: 3,
    backoff: { baseMs: 60_000, maxMs: 30 * 60_000 },
    timeoutMs: 30 * 60_000,
    handler: async ({ db, now, signal, progress }) => {
      const at = now();
      let jobsDeleted = 0;
      for (;;) {
        signal.throwIfAborted();
        const n = await jobsRepository.purgeFinished(db, {
          before: new Date(at.getTime() - o.keepDays * 86_400_000),
          limit: BATCH,
        });
        jobsDeleted += n;
        if (n < BATCH) break;
      }
      progress(0.5, `${jobsDeleted}`);
      let throttleDeleted = 0;
      for (;;) {
        signal.throwIfAborted();
        const n = await accessRepository.purgeLoginThrottle(db, {
          now: at,
          windowStart: new Date(at.getTime() - limits.lockMinutes * 60_000),
          familiarSince: new Date(at.getTime() - limits.familiarDays * 86_400_000),
          limit: BATCH,
        });
        throttleDeleted += n;
        if (n < BATCH) break;
      }
      return { jobsDeleted, throttleDeleted };
    },
  });
  await jobs.schedule({
    id: PURGE_JOB,
    type: PURGE_JOB,
    rule: { cron: o.cron ?? '30 3 * * *' },
    timeZone: o.timeZone ?? 'Asia/Shanghai',
  });
}
