/** The overview of halls and one hall's drill-down. */
import { z } from 'zod';
import { costly, moduleProcedure, router } from '../../trpc.ts';
import { calendarDate as date } from '../../inputs.ts';
import { breakdown, hallDay, overview } from './analytics.service.ts';
import { analysisUnits, availability, clerks, cube, footfall, habits, ticketList } from './analysis.service.ts';

const id = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, { error: 'letters, digits, _ . -' });

/** A period of hall-local days (checked: in order, at most a year). */
const period = { from: date, to: date };
const unit = { orgUnitId: id };
/** Views read the roll-ups (milliseconds each); the budget stops a script, not a person clicking. */
const analysis = (scope: 'org-unit' | 'hall' = 'org-unit') =>
  moduleProcedure({ module: 'analytics', level: 'view', scope }).use(costly('analysis', 300));

export const analyticsRouter = router({
  /** The org units (HQ, regions, halls) this user may analyse. */
  units: moduleProcedure({ module: 'analytics', level: 'view', scope: 'any-unit' }).query(({ ctx }) =>
    analysisUnits(ctx.db, ctx.user),
  ),
  /**
   * One view of a unit over a period by one dimension, with totals, against the period before and the
   * same period last year: `child` (the unit's regions or halls), `hall`, `day`, `week`, `month`,
   * `weekday`, `hour`, `weekdayHour`, `service`, `channel`, `priority`, `clerk`.
   */
  cube: analysis()
    .input(
      z.object({
        ...unit,
        ...period,
        by: z.enum([
          'child',
          'hall',
          'day',
          'week',
          'month',
          'weekday',
          'hour',
          'weekdayHour',
          'service',
          'channel',
          'priority',
          'clerk',
        ]),
        compare: z.boolean().default(true),
        serviceId: id.optional(),
        channel: z.enum(['kiosk', 'remote', 'appointment']).optional(),
        hour: z.int().min(0).max(23).optional(),
        staffId: id.optional(),
      }),
    )
    .query(({ ctx, input }) =>
      cube(ctx.db, ctx.user, {
        orgUnitId: input.orgUnitId,
        from: input.from,
        to: input.to,
        by: input.by,
        compare: input.compare,
        ...(input.serviceId ? { serviceId: input.serviceId } : {}),
        ...(input.channel ? { channel: input.channel } : {}),
        ...(input.hour === undefined ? {} : { hour: input.hour }),
        ...(input.staffId ? { staffId: input.staffId } : {}),
      }),
    ),
  /** Clerks of the unit over a period, against the band of their region's clerks. */
  clerks: analysis()
    .input(z.object({ ...unit, ...period }))
    .query(({ ctx, input }) => clerks(ctx.db, ctx.user, input)),
  /** Service mix, channels, priorities, transaction types, weekday × hour, patience, ratings by wait. */
  habits: analysis()
    .input(z.object({ ...unit, ...period }))
    .query(({ ctx, input }) => habits(ctx.db, ctx.user, input)),
  /** People in and out, conversion and the balk estimate; people in each hall without a ticket now. */
  footfall: analysis()
    .input(z.object({ ...unit, ...period, by: z.enum(['hour', 'day', 'hall', 'child']).default('day') }))
    .query(({ ctx, input }) => footfall(ctx.db, ctx.user, input)),
  /** Each device's share of time online over the period, from its health events. */
  availability: analysis()
    .input(z.object({ ...unit, ...period }))
    .query(({ ctx, input }) => availability(ctx.db, ctx.user, input)),
  /** The tickets behind a view: one hall's day or hour (at most 500). */
  tickets: analysis('hall')
    .input(
      z.object({
        hallId: id,
        date,
        hour: z.int().min(0).max(23).optional(),
        serviceId: id.optional(),
        staffId: id.optional(),
        counterId: id.optional(),
      }),
    )
    .query(({ ctx, input }) =>
      ticketList(ctx.db, {
        hallId: input.hallId,
        date: input.date,
        ...(input.hour === undefined ? {} : { hour: input.hour }),
        ...(input.serviceId ? { serviceId: input.serviceId } : {}),
        ...(input.staffId ? { staffId: input.staffId } : {}),
        ...(input.counterId ? { counterId: input.counterId } : {}),
      }),
    ),
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
