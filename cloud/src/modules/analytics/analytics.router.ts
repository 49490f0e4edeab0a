/** The overview of halls and one hall's drill-down. */
import { z } from 'zod';
import { moduleProcedure, router } from '../../trpc.ts';
import { calendarDate as date } from '../../inputs.ts';
import { breakdown, hallDay, overview } from './analytics.service.ts';

const id = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, { error: 'letters, digits, _ . -' });

export const analyticsRouter = router({
  /** Every hall the caller may see, with today's live status. */
  overview: moduleProcedure({ module: 'analytics', level: 'view', scope: 'any-unit' }).query(({ ctx }) =>
    overview(ctx.db, ctx.user),
  ),
  /** One hall's day by hour (today unless `date`), with the recent days beside it. */
  hallDay: moduleProcedure({ module: 'analytics', level: 'view', scope: 'hall' })
    .input(
      z.object({
        hallId: id,
        date: date.optional(),
        recentDays: z.int().min(1).max(56).default(7),
        serviceId: id.optional(),
      }),
    )
    .query(({ ctx, input }) =>
      hallDay(ctx.db, {
        hallId: input.hallId,
        recentDays: input.recentDays,
        ...(input.date ? { date: input.date } : {}),
        ...(input.serviceId ? { serviceId: input.serviceId } : {}),
      }),
    ),
  /** A day or one of its hours, by service, counter or staff. */
  breakdown: moduleProcedure({ module: 'analytics', level: 'view', scope: 'hall' })
    .input(
      z.object({
        hallId: id,
        date,
        hour: z.int().min(0).max(23).optional(),
        by: z.enum(['service', 'counter', 'staff']),
        serviceId: id.optional(),
      }),
    )
    .query(({ ctx, input }) =>
      breakdown(ctx.db, {
        hallId: input.hallId,
        date: input.date,
        by: input.by,
        ...(input.hour === undefined ? {} : { hour: input.hour }),
        ...(input.serviceId ? { serviceId: input.serviceId } : {}),
      }),
    ),
});
