/**
 * The scheduling module's tables: each hall's planning settings (requirement targets, shift templates,
 * rules), forecasts made from the hall's own tickets, rosters with their versions and shifts, and the
 * employees' wishes and shift swaps. Rosters are draft → published; a published roster is never edited:
 * a change makes a new draft based on it, and publishing it supersedes the old one (the diff and the
 * audit log say what changed).
 */
import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  real,
  serial,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { halls } from '../halls/halls.table.ts';
import { employees } from '../staff/staff.table.ts';

/**
 * A hall's planning settings, one versioned document (scheduling.schema.ts): interval length, the
 * service-level target and patience per service, occupancy cap, shrinkage, minimum staff while open,
 * shift templates with break rules, the notice period for changes to a published roster.
 */
export const schedulingSettings = pgTable('scheduling_settings', {
  hallId: text('hall_id')
    .primaryKey()
    .references(() => halls.id),
  version: integer('version').notNull().default(1),
  document: jsonb('document').$type<Record<string, unknown>>().notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  updatedBy: text('updated_by'),
});

/** A forecast run for a hall: which model, from which history, for which days, and how accurate it was. */
export const forecasts = pgTable(
  'forecasts',
  {
    id: serial('id').primaryKey(),
    hallId: text('hall_id')
      .notNull()
      .references(() => halls.id),
    /** Increasing per hall: the newest is the one in force. */
    version: integer('version').notNull(),
    model: text('model').notNull(),
    intervalMinutes: integer('interval_minutes').notNull(),
    /** Minutes after midnight (hall-local) of interval 0: the planning day's start when it was made. */
    dayStartMinutes: integer('day_start_minutes').notNull(),
    /** First hall-local day forecast, and how many. */
    fromDate: date('from_date', { mode: 'string' }).notNull(),
    days: integer('days').notNull(),
    /** The history it learnt from (hall-local days, inclusive). */
    historyFrom: date('history_from', { mode: 'string' }),
    historyTo: date('history_to', { mode: 'string' }),
    /** The model's own backtest on this hall's history (WAPE, P90 coverage, per week). */
    accuracy: jsonb('accuracy').$type<Record<string, unknown>>(),
    jobId: bigint('job_id', { mode: 'number' }),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('forecasts_hall_version').on(t.hallId, t.version)],
);

/** Expected arrivals per day × service × interval of a forecast (mean and 90th percentile). */
export const forecastValues = pgTable(
  'forecast_values',
  {
    forecastId: integer('forecast_id')
      .notNull()
      .references(() => forecasts.id, { onDelete: 'cascade' }),
    date: date('date', { mode: 'string' }).notNull(),
    serviceId: text('service_id').notNull(),
    /** Interval index from the forecast's `dayStartMinutes`, of its `intervalMinutes`. */
    interval: integer('interval').notNull(),
    mean: real('mean').notNull(),
    p90: real('p90').notNull(),
  },
  (t) => [primaryKey({ columns: [t.forecastId, t.date, t.serviceId, t.interval] })],
);

export const ROSTER_STATUSES = ['generating', 'draft', 'published', 'superseded', 'discarded'] as const;
export type RosterStatus = (typeof ROSTER_STATUSES)[number];

/** A roster of a hall for a period (a week or several), in one of its versions. */
export const rosters = pgTable(
  'rosters',
  {
    id: text('id').primaryKey(),
    hallId: text('hall_id')
      .notNull()
      .references(() => halls.id),
    /** First hall-local day (a Monday) and the number of days (a multiple of 7). */
    fromDate: date('from_date', { mode: 'string' }).notNull(),
    days: integer('days').notNull(),
    status: text('status').$type<RosterStatus>().notNull(),
    /** 1, 2, … per hall and period. */
    version: integer('version').notNull(),
    /** The roster this draft was made from (a change to a published one). */
    basedOn: text('based_on'),
    forecastId: integer('forecast_id').references(() => forecasts.id),
    /** The solver's account: objective, bound, gap, method, seconds; unmet wishes with their reasons. */
    solver: jsonb('solver').$type<Record<string, unknown>>(),
    unmetWishes: jsonb('unmet_wishes').$type<unknown[]>().notNull().default([]),
    jobId: bigint('job_id', { mode: 'number' }),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    createdBy: text('created_by'),
    publishedAt: timestamp('published_at', { withTimezone: true, mode: 'date' }),
    publishedBy: text('published_by'),
  },
  (t) => [
    uniqueIndex('rosters_hall_period_version').on(t.hallId, t.fromDate, t.version),
    index('rosters_hall_status').on(t.hallId, t.status),
    check('rosters_status', sql`${t.status} in ('generating', 'draft', 'published', 'superseded', 'discarded')`),
    check('rosters_days', sql`${t.days} > 0 and ${t.days} % 7 = 0`),
  ],
);

/** A shift of a roster: one employee, one hall-local day, times as HH:MM, breaks inside. */
export const rosterShifts = pgTable(
  'roster_shifts',
  {
    id: serial('id').primaryKey(),
    rosterId: text('roster_id')
      .notNull()
      .references(() => rosters.id, { onDelete: 'cascade' }),
    employeeId: text('employee_id')
      .notNull()
      .references(() => employees.id),
    date: date('date', { mode: 'string' }).notNull(),
    start: text('start').notNull(),
    end: text('end').notNull(),
    breaks: jsonb('breaks').$type<Array<{ start: string; end: string }>>().notNull().default([]),
    /** The service the employee is planned at. */
    serviceId: text('service_id'),
    /** The shift template it came from (null: drawn by hand). */
    templateId: text('template_id'),
    source: text('source').$type<'engine' | 'manual' | 'swap'>().notNull().default('engine'),
  },
  (t) => [
    index('roster_shifts_roster_date').on(t.rosterId, t.date),
    index('roster_shifts_employee_date').on(t.employeeId, t.date),
  ],
);

export const WISH_KINDS = ['day-off', 'time-off', 'desired-shift', 'undesired-shift', 'availability'] as const;
export type WishKind = (typeof WISH_KINDS)[number];

/** An employee's wish for the roster (个性化要求): days off, time off (approved by a manager), shifts. */
export const scheduleWishes = pgTable(
  'schedule_wishes',
  {
    id: serial('id').primaryKey(),
    employeeId: text('employee_id')
      .notNull()
      .references(() => employees.id, { onDelete: 'cascade' }),
    hallId: text('hall_id').notNull(),
    kind: text('kind').$type<WishKind>().notNull(),
    fromDate: date('from_date', { mode: 'string' }).notNull(),
    toDate: date('to_date', { mode: 'string' }).notNull(),
    /** A shift template (desired/undesired shift), if the wish names one. */
    templateId: text('template_id'),
    /**
     * An undesired shift on any day of [fromDate, toDate] (else: on fromDate only); an availability change:
     * the weekdays (0 Monday … 6 Sunday) the employee can NOT work within the range.
     */
    anyDay: boolean('any_day').notNull().default(false),
    weekdays: jsonb('weekdays').$type<number[]>(),
    note: text('note'),
    /** `pending` until a manager decides time off; other wishes are `noted` (they weigh in the solver). */
    status: text('status').$type<'pending' | 'approved' | 'refused' | 'noted' | 'withdrawn'>().notNull(),
    decidedBy: text('decided_by'),
    decidedAt: timestamp('decided_at', { withTimezone: true, mode: 'date' }),
    decisionReason: text('decision_reason'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    index('schedule_wishes_hall_dates').on(t.hallId, t.fromDate),
    index('schedule_wishes_employee').on(t.employeeId),
    check('schedule_wishes_dates', sql`${t.fromDate} <= ${t.toDate}`),
  ],
);

/** A shift offered by its employee, taken by another, approved (or refused) by a manager. */
export const shiftSwaps = pgTable(
  'shift_swaps',
  {
    id: serial('id').primaryKey(),
    hallId: text('hall_id').notNull(),
    shiftId: integer('shift_id')
      .notNull()
      .references(() => rosterShifts.id, { onDelete: 'cascade' }),
    offeredBy: text('offered_by')
      .notNull()
      .references(() => employees.id),
    takenBy: text('taken_by').references(() => employees.id),
    status: text('status').$type<'offered' | 'taken' | 'approved' | 'refused' | 'withdrawn'>().notNull(),
    note: text('note'),
    decidedBy: text('decided_by'),
    decidedAt: timestamp('decided_at', { withTimezone: true, mode: 'date' }),
    decisionReason: text('decision_reason'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [index('shift_swaps_hall_status').on(t.hallId, t.status)],
);
