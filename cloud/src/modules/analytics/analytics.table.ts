/**
 * The analysis roll-ups: what every period, level and dimension of the console's analysis reads instead
 * of the raw tickets. Maintained at ingest in the transaction that projects the facts (each touched
 * ticket's contribution before the batch is subtracted and its contribution after is added, see
 * rollup.ts), and recomputable from the facts (rollup.repository.ts `recompute`), which must give the
 * same rows (cloud/test/rollup.test.ts). Days and hours are the hall's own (its time zone) and belong to the
 * ticket's arrival. Durations are summed in exact milliseconds.
 */
import { bigint, date, integer, pgTable, primaryKey, smallint, text } from 'drizzle-orm/pg-core';

/** The measures every ticket roll-up holds. */
const ticketMeasures = () => ({
  arrivals: integer('arrivals').notNull().default(0),
  served: integer('served').notNull().default(0),
  noShows: integer('no_shows').notNull().default(0),
  cancelled: integer('cancelled').notNull().default(0),
  /** Called within the service's target wait (the target as the hall config said at ingest). */
  withinTarget: integer('within_target').notNull().default(0),
  /** The service level's denominator: called, or left after the target. */
  slDue: integer('sl_due').notNull().default(0),
  /** Milliseconds (exact: the roll-ups add and subtract them). */
  waitSumMs: bigint('wait_sum_ms', { mode: 'number' }).notNull().default(0),
  waitN: integer('wait_n').notNull().default(0),
  handleSumMs: bigint('handle_sum_ms', { mode: 'number' }).notNull().default(0),
  handleN: integer('handle_n').notNull().default(0),
  ratingSum: integer('rating_sum').notNull().default(0),
  ratingN: integer('rating_n').notNull().default(0),
  transfers: integer('transfers').notNull().default(0),
});

/** Hall × day × hour × service: the hour views and the weekday × hour heat map. */
export const rollupHour = pgTable(
  'rollup_hour',
  {
    hallId: text('hall_id').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    hour: smallint('hour').notNull(),
    serviceId: text('service_id').notNull(),
    ...ticketMeasures(),
  },
  (t) => [primaryKey({ columns: [t.hallId, t.day, t.hour, t.serviceId] })],
);

/** Hall × day: the league and every period of halls and regions (no service to sum over: 25× fewer rows). */
export const rollupHallDay = pgTable(
  'rollup_hall_day',
  {
    hallId: text('hall_id').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    ...ticketMeasures(),
  },
  (t) => [primaryKey({ columns: [t.hallId, t.day] })],
);

/** Hall × day × service × channel × priority ('' when none): every period from a day up. */
export const rollupDay = pgTable(
  'rollup_day',
  {
    hallId: text('hall_id').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    serviceId: text('service_id').notNull(),
    channel: text('channel').notNull(),
    priority: text('priority').notNull(),
    ...ticketMeasures(),
  },
  (t) => [primaryKey({ columns: [t.hallId, t.day, t.serviceId, t.channel, t.priority] })],
);

/** Hall × day × clerk × service (tickets called by a clerk): clerk comparisons, mix-adjusted handling. */
export const rollupClerkDay = pgTable(
  'rollup_clerk_day',
  {
    hallId: text('hall_id').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    staffId: text('staff_id').notNull(),
    serviceId: text('service_id').notNull(),
    ...ticketMeasures(),
  },
  (t) => [primaryKey({ columns: [t.hallId, t.day, t.staffId, t.serviceId] })],
);

/**
 * Hall × day × service × wait band: how long customers waited before they were called (`called`) or
 * left (`abandoned`: cancelled; `noShows`: called after they had gone), and the ratings of each band —
 * the patience curve and the effect of waits on ratings. `band` is the band's lower bound in minutes
 * (WAIT_BANDS in rollup.ts).
 */
export const rollupWait = pgTable(
  'rollup_wait',
  {
    hallId: text('hall_id').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    serviceId: text('service_id').notNull(),
    band: smallint('band').notNull(),
    called: integer('called').notNull().default(0),
    abandoned: integer('abandoned').notNull().default(0),
    noShows: integer('no_shows').notNull().default(0),
    ratingSum: integer('rating_sum').notNull().default(0),
    ratingN: integer('rating_n').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.hallId, t.day, t.serviceId, t.band] })],
);

/** Hall × day × service × transaction type (the types a clerk recorded when finishing a ticket). */
export const rollupTxDay = pgTable(
  'rollup_tx_day',
  {
    hallId: text('hall_id').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    serviceId: text('service_id').notNull(),
    txType: text('tx_type').notNull(),
    n: integer('n').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.hallId, t.day, t.serviceId, t.txType] })],
);

/** Hall × day × hour: people in and out through the door counters. */
export const rollupFootfallHour = pgTable(
  'rollup_footfall_hour',
  {
    hallId: text('hall_id').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    hour: smallint('hour').notNull(),
    entered: integer('entered').notNull().default(0),
    left: integer('left').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.hallId, t.day, t.hour] })],
);
