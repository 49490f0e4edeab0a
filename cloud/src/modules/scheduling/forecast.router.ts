/**
 * A hall's forecasts (router key `forecast`): the newest forecast with its accuracy and the newest run's
 * progress, a week of forecast against actual arrivals, and "run now" (a background job). Reading needs
 * scheduling view at the hall, running it scheduling edit.
 */
import { z } from 'zod';
import { calendarDate } from '../../inputs.ts';
import { moduleProcedure, router } from '../../trpc.ts';
import { accessRepository } from '../access/access.repository.ts';
import { audit } from '../access/access.service.ts';
import { cancelForecast, enqueueForecast } from './forecast.jobs.ts';
import { forecastStatus, forecastWeek, weekRequirement } from './forecast.service.ts';

const hallId = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, { error: 'letters, digits, _ . -' });
const serviceId = z
  .string()
  .min(1)
  .max(32)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]*$/, { error: 'letters, digits, _ -' });
const view = () => moduleProcedure({ module: 'scheduling', level: 'view', scope: 'hall' });
const edit = () => moduleProcedure({ module: 'scheduling', level: 'edit', scope: 'hall' });

export const forecastRouter = router({
  /** The newest forecast (null when none yet) with its accuracy, and the newest forecast job. */
  status: view()
    .input(z.object({ hallId }))
    .query(({ ctx, input }) => forecastStatus(ctx.db, input.hallId)),
  /** Seven days from `from` (a Monday on the page): forecast mean, P90 and actual arrivals per interval. */
  week: view()
    .input(z.object({ hallId, from: calendarDate, serviceId: serviceId.optional() }))
    .query(({ ctx, input }) =>
      forecastWeek(ctx.db, {
        hallId: input.hallId,
        from: input.from,
        now: new Date(),
        ...(input.serviceId ? { serviceId: input.serviceId } : {}),
      }),
    ),
  /**
   * The staffing requirement of the 7 days from `from` (the lead's requirementFor: the newest forecast
   * through Erlang A with the hall's settings): clerks per interval in total and per service, the
   * expected service level and abandonment, and the targets used.
   */
  requirement: view()
    .input(z.object({ hallId, from: calendarDate }))
    .query(({ ctx, input }) => weekRequirement(ctx.db, input)),
  /** Queues a forecast of the hall now; answers the job to follow (a run already waiting: that one). */
  run: edit()
    .input(z.object({ hallId }))
    .mutation(async ({ ctx, input }) => {
      const job = await enqueueForecast(ctx.jobs, ctx.db, { hallId: input.hallId, now: new Date() });
      if (job.created)
        await audit(ctx.db, {
          userId: ctx.user.id,
          action: 'forecast.run',
          entity: 'forecast',
          entityId: input.hallId,
          orgUnitId: (await accessRepository.unitOfHall(ctx.db, input.hallId))?.id ?? null,
          after: { jobId: job.id },
        });
      return { jobId: job.id, created: job.created };
    }),
  /** Stops the hall's waiting or running forecast (the stored forecast stays in force). */
  cancel: edit()
    .input(z.object({ hallId }))
    .mutation(async ({ ctx, input }) => {
      const r = await cancelForecast(ctx.jobs, ctx.db, { hallId: input.hallId, now: new Date() });
      await audit(ctx.db, {
        userId: ctx.user.id,
        action: 'forecast.cancelled',
        entity: 'forecast',
        entityId: input.hallId,
        orgUnitId: (await accessRepository.unitOfHall(ctx.db, input.hallId))?.id ?? null,
        after: r,
      });
      return r;
    }),
});
