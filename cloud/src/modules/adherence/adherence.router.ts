/**
 * Adherence and the roster review (排班合理性), under the `scheduling` module: hall managers and region
 * managers read and request reviews; importing a worked roster is an edit.
 */
import { z } from 'zod';
import { calendarDate } from '../../inputs.ts';
import { moduleProcedure, router } from '../../trpc.ts';
import { adherenceFor, importPublished } from './adherence.service.ts';
import { getReview, startReview } from './review.service.ts';

const id = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]*$/);
const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'HH:MM (24 h)' });

const importInput = z.object({
  hallId: id,
  fromDate: calendarDate,
  days: z.int().min(7).max(35).multipleOf(7),
  publishedAt: z.iso.datetime({ offset: true }).optional(),
  shifts: z
    .array(
      z.object({
        staffId: z.string().min(1).max(40),
        date: calendarDate,
        start: clock,
        end: clock,
        breaks: z.array(z.object({ start: clock, end: clock })).max(6),
        serviceId: z.string().min(1).max(40).nullable(),
      }),
    )
    .max(3_000),
});

export const adherenceRouter = router({
  /** Per clerk per day of a window (at most 35 days): plan against the counters. */
  range: moduleProcedure({ module: 'scheduling', level: 'view', scope: 'hall' })
    .input(z.object({ hallId: id, fromDate: calendarDate, toDate: calendarDate }))
    .query(({ ctx, input }) => adherenceFor(ctx.db, input.hallId, input.fromDate, input.toDate)),
  /** Stores a roster as it was published and worked (history; the demo's weeks). */
  importPublished: moduleProcedure({ module: 'scheduling', level: 'edit', scope: 'hall' })
    .input(importInput)
    .mutation(({ ctx, input }) => importPublished(ctx.db, ctx.user, input)),
  /** A past week's kept review, if any, and the hall's reviewed weeks. */
  review: moduleProcedure({ module: 'scheduling', level: 'view', scope: 'hall' })
    .input(z.object({ hallId: id, week: calendarDate }))
    .query(({ ctx, input }) => getReview(ctx.db, input.hallId, input.week)),
  /** Computes (again) a past week's review as a background job. */
  startReview: moduleProcedure({ module: 'scheduling', level: 'edit', scope: 'hall' })
    .input(z.object({ hallId: id, week: calendarDate }))
    .mutation(({ ctx, input }) => startReview(ctx.db, ctx.jobs, ctx.user, input.hallId, input.week)),
});
