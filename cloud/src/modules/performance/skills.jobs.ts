/**
 * The skill evaluation as a job (`performance.skills`): weekly per hall (Monday 06:00 hall time, after
 * the week's facts are in) and on demand from the console. The evaluation is idempotent (one pending
 * proposal per employee and service), so a run repeated after a lost lease changes nothing.
 */
import { z } from 'zod';
import type { Db } from '../../db/client.ts';
import type { Jobs } from '../jobs/jobs.service.ts';
import { skillsRepository } from './skills.repository.ts';
import { evaluateHall } from './skills.service.ts';

export const SKILLS_JOB = 'performance.skills';
export const SKILLS_CRON = '0 6 * * 1';

export function defineSkillJobs(jobs: Jobs) {
  jobs.define<{ hallId?: string }>({
    type: SKILLS_JOB,
    payload: z.object({ hallId: z.string().min(1).max(64).optional() }),
    maxAttempts: 3,
    backoff: { baseMs: 60_000, maxMs: 30 * 60_000 },
    timeoutMs: 10 * 60_000,
    handler: async ({ db, job, payload, now }) => {
      const hallId = payload.hallId ?? job.hallId;
      if (!hallId) return { skipped: 'no hall' };
      return evaluateHall(db, hallId, now());
    },
  });
}

/** The weekly evaluation of every hall (call at start, like the other modules' schedules). */
export async function scheduleSkillEvaluations(jobs: Jobs, db: Db) {
  await jobs.scheduleEveryHall({
    idPrefix: SKILLS_JOB,
    type: SKILLS_JOB,
    hallIds: await skillsRepository.hallIds(db),
    rule: { cron: SKILLS_CRON },
    payload: {},
  });
}

/** Queues an evaluation of the hall now; asking again while one waits or runs answers that one. */
export async function enqueueSkillEvaluation(jobs: Jobs | undefined, db: Db, hallId: string) {
  if (!jobs) throw new Error('skill evaluation: this process runs no jobs');
  const last = await skillsRepository.latestJob(db, hallId, SKILLS_JOB);
  if (last && ['queued', 'running'].includes(last.state)) return { jobId: last.id, created: false };
  const job = await jobs.enqueue(SKILLS_JOB, { hallId }, { hallId });
  return { jobId: job.id, created: job.created };
}
