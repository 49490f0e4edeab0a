/**
 * Background jobs: the queue every cloud process claims from (`FOR UPDATE SKIP LOCKED`, leases), each
 * attempt's record, and the schedules (cron or relative to a hall's opening hours) that enqueue jobs.
 * See ARCHITECTURE.md "Background jobs" for why this is a table of our own and not pg-boss.
 */
import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  real,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * `queued` waits for its `run_at`; `running` is held by `locked_by` until `lease_until`; `failed` is an
 * attempt that failed and waits for its retry at `run_at`; `dead` failed its last attempt; `done` and
 * `cancelled` are final.
 */
export const JOB_STATES = ['queued', 'running', 'failed', 'dead', 'done', 'cancelled'] as const;
export type JobState = (typeof JOB_STATES)[number];

export const jobs = pgTable(
  'jobs',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    type: text('type').notNull(),
    /** The hall the job is about (filters in the console), if any. */
    hallId: text('hall_id'),
    payload: jsonb('payload').$type<unknown>().notNull(),
    state: text('state').$type<JobState>().notNull().default('queued'),
    /** The same logical job is enqueued once (`daily-report:SZ-FT-001:2026-11-29`). */
    uniqueKey: text('unique_key').unique('jobs_unique_key'),
    runAt: ts('run_at').notNull(),
    /** Attempts started so far; also the fencing token of the current one. */
    attempts: integer('attempts').notNull().default(0),
    maxAttempts: integer('max_attempts').notNull(),
    lockedBy: text('locked_by'),
    leaseUntil: ts('lease_until'),
    /** 0..1, with a short note from the handler ("12 / 40 halls"). */
    progress: real('progress'),
    progressNote: text('progress_note'),
    cancelRequested: boolean('cancel_requested').notNull().default(false),
    /** The last error as a code the console translates, and a short message that is safe to show. */
    errorCode: text('error_code'),
    errorMessage: text('error_message'),
    /** What the handler returned (small JSON). */
    result: jsonb('result').$type<unknown>(),
    scheduleId: text('schedule_id'),
    /** For a scheduled job, the moment it was due. */
    scheduledFor: ts('scheduled_for'),
    createdAt: ts('created_at').notNull().defaultNow(),
    startedAt: ts('started_at'),
    finishedAt: ts('finished_at'),
  },
  (t) => [
    check('jobs_state_check', sql`${t.state} in ('queued', 'running', 'failed', 'dead', 'done', 'cancelled')`),
    check('jobs_progress_check', sql`${t.progress} is null or (${t.progress} >= 0 and ${t.progress} <= 1)`),
    check('jobs_attempts_check', sql`${t.maxAttempts} >= 1 and ${t.attempts} >= 0`),
    check(
      'jobs_running_leased',
      sql`${t.state} <> 'running' or (${t.lockedBy} is not null and ${t.leaseUntil} is not null)`,
    ),
    // What claims scan: due jobs in order; and expired leases.
    index('jobs_due')
      .on(t.runAt)
      .where(sql`${t.state} in ('queued', 'failed')`),
    index('jobs_leases')
      .on(t.leaseUntil)
      .where(sql`${t.state} = 'running'`),
    index('jobs_state_created').on(t.state, t.createdAt),
    index('jobs_hall_created').on(t.hallId, t.createdAt),
    index('jobs_type_created').on(t.type, t.createdAt),
  ],
);

export const jobAttempts = pgTable(
  'job_attempts',
  {
    jobId: bigint('job_id', { mode: 'number' })
      .notNull()
      .references(() => jobs.id, { onDelete: 'cascade' }),
    attempt: integer('attempt').notNull(),
    /** The process that ran it (host:pid:random). */
    worker: text('worker').notNull(),
    startedAt: ts('started_at').notNull(),
    finishedAt: ts('finished_at'),
    /** running | done | failed | cancelled | lease-expired */
    outcome: text('outcome').notNull().default('running'),
    errorCode: text('error_code'),
    errorMessage: text('error_message'),
  },
  (t) => [primaryKey({ columns: [t.jobId, t.attempt] })],
);

/**
 * A schedule enqueues a job of `type` each time it is due: by a cron expression, or relative to the
 * hall's opening hours (`anchor` open|close plus `offset_minutes`), evaluated in the hall's time zone
 * (`time_zone` for schedules without a hall). `next_run_at` is null when it can never fire (a hall
 * without opening hours, or disabled).
 */
export const jobSchedules = pgTable(
  'job_schedules',
  {
    id: text('id').primaryKey(),
    type: text('type').notNull(),
    hallId: text('hall_id'),
    cron: text('cron'),
    anchor: text('anchor').$type<'open' | 'close'>(),
    offsetMinutes: integer('offset_minutes').notNull().default(0),
    timeZone: text('time_zone').notNull().default('UTC'),
    payload: jsonb('payload').$type<unknown>().notNull(),
    enabled: boolean('enabled').notNull().default(true),
    nextRunAt: ts('next_run_at'),
    lastRunAt: ts('last_run_at'),
    lastJobId: bigint('last_job_id', { mode: 'number' }),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    check('job_schedules_one_rule', sql`(${t.cron} is null) <> (${t.anchor} is null)`),
    check('job_schedules_anchor', sql`${t.anchor} is null or ${t.anchor} in ('open', 'close')`),
    check('job_schedules_offset', sql`${t.offsetMinutes} between -1440 and 1440`),
    index('job_schedules_due')
      .on(t.nextRunAt)
      .where(sql`${t.enabled}`),
  ],
);
