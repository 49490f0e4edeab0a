/**
 * 系统维护 → 任务: background jobs for administrators (module `system`, granted at the root: jobs are
 * the platform's, not a hall's). List with filters, one job with its attempts, retry, cancel, and the
 * schedules with "run now". Every change is audited.
 */
import { z } from 'zod';
import { moduleProcedure, router } from '../../trpc.ts';
import { audit } from '../access/access.service.ts';
import { JOB_STATES } from './jobs.table.ts';
import { cancelJob, getJob, listJobs, listSchedules, retryJob, runScheduleNow } from './jobs.service.ts';

const system = (level: 'view' | 'edit') => moduleProcedure({ module: 'system', level, scope: 'org-wide' });
const jobId = z.int().min(1).max(Number.MAX_SAFE_INTEGER);
const name = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]*$/, { error: 'letters, digits, _ . : -' });

export const jobsRouter = router({
  list: system('view')
    .input(
      z.object({
        states: z.array(z.enum(JOB_STATES)).max(JOB_STATES.length).optional(),
        type: name.optional(),
        hallId: name.optional(),
        page: z.int().min(0).max(10_000).default(0),
        pageSize: z.int().min(1).max(100).default(50),
      }),
    )
    .query(({ ctx, input }) =>
      listJobs(ctx.db, {
        ...(input.states ? { states: input.states } : {}),
        ...(input.type ? { type: input.type } : {}),
        ...(input.hallId ? { hallId: input.hallId } : {}),
        offset: input.page * input.pageSize,
        limit: input.pageSize,
      }),
    ),
  get: system('view')
    .input(z.object({ id: jobId }))
    .query(({ ctx, input }) => getJob(ctx.db, input.id)),
  retry: system('edit')
    .input(z.object({ id: jobId }))
    .mutation(async ({ ctx, input }) => {
      const { before } = await retryJob(ctx.db, input.id, { now: new Date(), ...(ctx.jobs ? { jobs: ctx.jobs } : {}) });
      await audit(ctx.db, {
        userId: ctx.user.id,
        action: 'job.retried',
        entity: 'job',
        entityId: String(input.id),
        orgUnitId: null,
        before: { state: before },
        after: { state: 'queued' },
      });
      return { state: 'queued' as const };
    }),
  cancel: system('edit')
    .input(z.object({ id: jobId }))
    .mutation(async ({ ctx, input }) => {
      const r = await cancelJob(ctx.db, input.id, { now: new Date(), ...(ctx.jobs ? { jobs: ctx.jobs } : {}) });
      await audit(ctx.db, {
        userId: ctx.user.id,
        action: r.state === 'cancelled' ? 'job.cancelled' : 'job.cancel-requested',
        entity: 'job',
        entityId: String(input.id),
        orgUnitId: null,
        before: { state: r.before },
        after: { state: r.state },
      });
      // A running job stops at its next heartbeat (at once in the process that runs it).
      return { state: r.state };
    }),
  schedules: system('view').query(({ ctx }) => listSchedules(ctx.db)),
  runSchedule: system('edit')
    .input(z.object({ scheduleId: z.string().min(1).max(160) }))
    .mutation(async ({ ctx, input }) => {
      const r = await runScheduleNow(ctx.db, input.scheduleId, {
        now: new Date(),
        ...(ctx.jobs ? { jobs: ctx.jobs } : {}),
      });
      await audit(ctx.db, {
        userId: ctx.user.id,
        action: 'job.schedule-run',
        entity: 'job-schedule',
        entityId: input.scheduleId,
        orgUnitId: null,
        after: { jobId: r.id },
      });
      return { jobId: r.id };
    }),
});
