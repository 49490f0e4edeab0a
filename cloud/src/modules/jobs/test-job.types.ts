/**
 * TEST ONLY — job types that the end-to-end tests drive in a real cloud process (enabled by
 * `CLOUD_TEST_JOBS=1`, which production never sets). Their effect is an idempotent row: a `test.marker`
 * job row with the unique key `effect:<key>`, inserted once however often the job runs.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { jobsRepository } from './jobs.repository.ts';
import type { Jobs } from './jobs.service.ts';

export function defineTestJobs(jobs: Jobs) {
  /**
   * Writes its effect, reports half done, then on its first attempt holds for `holdMs` (a SIGKILL lands
   * here), then completes.
   */
  jobs.define({
    type: 'test.effect',
    payload: z.object({ key: z.string().max(100), holdMs: z.int().min(0).max(600_000) }),
    maxAttempts: 3,
    backoff: { baseMs: 100, maxMs: 1_000 },
    leaseMs: 3_000,
    handler: async ({ db, payload, job, progress, signal, now }) => {
      await jobsRepository.insert(db, {
        type: 'test.marker',
        state: 'done',
        payload: { by: process.pid, jobId: job.id, attempt: job.attempt },
        uniqueKey: `effect:${payload.key}`,
        runAt: now(),
        finishedAt: now(),
        maxAttempts: 1,
      });
      progress(0.5, 'effect written');
      if (job.attempt === 1) await sleep(payload.holdMs, undefined, { signal });
      return { pid: process.pid, attempt: job.attempt };
    },
  });
  /** A short job that records which process ran it (two processes share the work). */
  jobs.define({
    type: 'test.record',
    payload: z.object({ key: z.string().max(100), ms: z.int().min(0).max(10_000) }),
    maxAttempts: 2,
    backoff: { baseMs: 100, maxMs: 1_000 },
    leaseMs: 5_000,
    handler: async ({ db, payload, job, signal, now }) => {
      await sleep(payload.ms, undefined, { signal });
      await jobsRepository.insert(db, {
        type: 'test.marker',
        state: 'done',
        payload: { by: process.pid, jobId: job.id },
        uniqueKey: `effect:${payload.key}`,
        runAt: now(),
        finishedAt: now(),
        maxAttempts: 1,
      });
      return { pid: process.pid };
    },
  });
  const module = new URL('./test-job.worker.ts', import.meta.url);
  /** A worker thread that dies of an uncaught WASM abort, as HiGHS did. */
  jobs.define({
    type: 'test.worker-crash',
    worker: { module, export: 'crash' },
    maxAttempts: 2,
    backoff: { baseMs: 100, maxMs: 200 },
  });
  /** A worker thread that never returns: terminated at its timeout. */
  jobs.define({ type: 'test.worker-hang', worker: { module, export: 'hang' }, maxAttempts: 1, timeoutMs: 1_500 });
  jobs.define({ type: 'test.worker-square', worker: { module, export: 'square' }, maxAttempts: 1 });
}
