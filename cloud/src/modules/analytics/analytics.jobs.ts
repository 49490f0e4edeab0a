/**
 * The roll-ups of a hall made again from its stored facts (`analytics.rollups`), a month at a time: for
 * halls whose tickets were stored before the roll-ups existed (queued at start, once per hall), and to
 * apply a changed service target to past days. Idempotent: each month is replaced whole.
 */
import { z } from 'zod';
import type { Db } from '../../db/client.ts';
import type { Jobs } from '../jobs/jobs.service.ts';
import { JobError } from '../jobs/jobs.types.ts';
import { addDays } from '@hall/devices/calendar';
import { rollupRepository } from './rollup.repository.ts';

export const ROLLUP_JOB = 'analytics.rollups';
const payload = z.object({ from: z.iso.date().optional(), to: z.iso.date().optional() }).strict();

export function defineAnalyticsJobs(jobs: Jobs) {
  jobs.define<z.infer<typeof payload>>({
    type: ROLLUP_JOB,
    payload,
    maxAttempts: 3,
    backoff: { baseMs: 30_000, maxMs: 10 * 60_000 },
    timeoutMs: 30 * 60_000,
    handler: async ({ db, job, payload: range, signal, progress }) => {
      if (!job.hallId) throw new JobError('hall-not-found', 'the job names no hall', { retry: false });
      const held = await rollupRepository.daysHeld(db, job.hallId);
      if (!held) return { months: 0 };
      const from = range.from && range.from > held.first ? range.from : held.first;
      const to = range.to && range.to < held.last ? range.to : held.last;
      let months = 0;
      for (let start = from; start <= to;) {
        signal.throwIfAborted();
        // The first of the next month (32 days from the first of this one is always in the next).
        const next = `${addDays(`${start.slice(0, 7)}-01`, 32).slice(0, 7)}-01`;
        const end = addDays(next, -1) < to ? addDays(next, -1) : to;
        await rollupRepository.recompute(db, job.hallId, start, end);
        months += 1;
        progress(
          Math.min(1, (months * 30) / (1 + (Date.parse(to) - Date.parse(from)) / 86_400_000)),
          start.slice(0, 7),
        );
        start = addDays(end, 1);
      }
      return { months, from, to };
    },
  });
}

/** Queues the roll-ups of every hall that holds tickets but none of them (once per hall). */
export async function backfillRollups(jobs: Jobs, db: Db) {
  const halls = await rollupRepository.hallsWithoutRollups(db);
  for (const h of halls)
    await jobs.enqueue(ROLLUP_JOB, {}, { hallId: h.id, uniqueKey: `${ROLLUP_JOB}:backfill:${h.id}` });
  return halls.length;
}
