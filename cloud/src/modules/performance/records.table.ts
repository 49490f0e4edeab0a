/**
 * The staff record's entries (档案): awards and errors a manager records for a clerk. Each is a fact on
 * its day (`awards`, `errors`: records.facts.ts), so KPIs and skill rules see them like any other fact.
 */
import { sql } from 'drizzle-orm';
import { check, date, index, integer, pgTable, serial, text, timestamp } from 'drizzle-orm/pg-core';

export const RECORD_KINDS = ['award', 'error'] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];
/** The categories the console offers (awards and errors share them). */
export const RECORD_CATEGORIES = ['service', 'sales', 'cash', 'compliance', 'process', 'teamwork', 'other'] as const;
export type RecordCategory = (typeof RECORD_CATEGORIES)[number];

export const staffRecordEntries = pgTable(
  'staff_record_entries',
  {
    id: serial('id').primaryKey(),
    hallId: text('hall_id').notNull(),
    employeeId: text('employee_id').notNull(),
    /** The hall-local day it happened. */
    date: date('date', { mode: 'string' }).notNull(),
    kind: text('kind').$type<RecordKind>().notNull(),
    /** A category from the console's list (`service`, `cash`, `compliance`, …). */
    category: text('category').$type<RecordCategory>().notNull(),
    description: text('description').notNull(),
    /** An award's points or an error's severity (1 minor … 3 serious). */
    points: integer('points').notNull().default(1),
    /** The ticket it concerns, when there is one (its number that day). */
    ticketNo: text('ticket_no'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    createdBy: text('created_by'),
    /** Withdrawn entries stay (audited) but count no more. */
    withdrawnAt: timestamp('withdrawn_at', { withTimezone: true, mode: 'date' }),
    withdrawnBy: text('withdrawn_by'),
  },
  (t) => [
    index('staff_record_entries_hall_date').on(t.hallId, t.date),
    index('staff_record_entries_employee').on(t.employeeId, t.date),
    check('staff_record_entries_kind', sql`${t.kind} in ('award', 'error')`),
    check('staff_record_entries_points', sql`${t.points} between 1 and 100`),
  ],
);
