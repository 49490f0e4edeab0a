/**
 * The roster reviews (排班合理性): one kept result per hall and past week — the published roster against
 * the traffic that came and what perfect foresight would have rostered. Made by the `roster.review`
 * job; a run again replaces the row (the same inputs give the same figures).
 */
import { bigint, date, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { halls } from '../halls/halls.table.ts';

export const REVIEW_STATES = ['queued', 'done', 'failed'] as const;
export type ReviewState = (typeof REVIEW_STATES)[number];

export const rosterReviews = pgTable(
  'roster_reviews',
  {
    hallId: text('hall_id')
      .notNull()
      .references(() => halls.id),
    /** The week's Monday (hall-local). */
    week: date('week', { mode: 'string' }).notNull(),
    state: text('state').$type<ReviewState>().notNull(),
    jobId: bigint('job_id', { mode: 'number' }),
    /** The review (review.calc.ts `WeekReview`), null until done. */
    result: jsonb('result').$type<Record<string, unknown>>(),
    errorCode: text('error_code'),
    requestedAt: timestamp('requested_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    requestedBy: text('requested_by'),
    finishedAt: timestamp('finished_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [primaryKey({ columns: [t.hallId, t.week] })],
);
