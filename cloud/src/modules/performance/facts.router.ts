/**
 * `kpiFacts`: the daily KPI computation as the console and the demo see it — per hall the last day
 * computed, a recompute of a range (a hall or every hall under an org unit: one backfill job each), and
 * a hall's facts so far today.
 */
import { z } from 'zod';
import { calendarDate } from '../../inputs.ts';
import { moduleProcedure, router } from '../../trpc.ts';
import { kpiStatus, requestRecompute, todaySoFar } from './daily.service.ts';

const id = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]*$/);
const range = { from: calendarDate, to: calendarDate };

export const kpiFactsRouter = router({
  /** Every hall the caller may see (under `orgUnitId` when given): last day computed, when, subjects, newest job. */
  status: moduleProcedure({ module: 'performance', level: 'view', scope: 'any-unit' })
    .input(z.object({ orgUnitId: id.optional() }).strict())
    .query(({ ctx, input }) => kpiStatus(ctx.db, ctx.user, input)),
  /** Recomputes a hall's days (at most 92, none after today) as a background job; answers the job. */
  recompute: moduleProcedure({ module: 'performance', level: 'edit', scope: 'hall' })
    .input(z.object({ hallId: id, ...range }).strict())
    .mutation(({ ctx, input }) => requestRecompute(ctx.db, ctx.jobs, ctx.user, input)),
  /** The same for every hall under an org unit (a region, HQ): one job per hall. */
  recomputeUnit: moduleProcedure({ module: 'performance', level: 'edit', scope: 'org-unit' })
    .input(z.object({ orgUnitId: id, ...range }).strict())
    .mutation(({ ctx, input }) => requestRecompute(ctx.db, ctx.jobs, ctx.user, input)),
  /** A hall's facts so far today per clerk, counter and the hall (computed now, not stored). */
  today: moduleProcedure({ module: 'performance', level: 'view', scope: 'hall' })
    .input(z.object({ hallId: id }).strict())
    .query(async ({ ctx, input }) => ({ at: Date.now(), subjects: await todaySoFar(ctx.db, input.hallId) })),
});
