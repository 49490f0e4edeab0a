/**
 * Daily hall reports: one row per hall, hall-local date and report format version. Regenerating a day
 * replaces its row (upsert on the key), so the scheduled job and "generate now" may run any number of
 * times, on any number of cloud processes, and leave one report.
 */
import { sql } from 'drizzle-orm';
import { boolean, check, date, index, integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { halls } from '../halls/halls.table.ts';

export const dailyReports = pgTable(
  'daily_reports',
  {
    hallId: text('hall_id')
      .notNull()
      .references(() => halls.id, { onDelete: 'cascade' }),
    /** The hall's own calendar day (its time zone). */
    date: date('date', { mode: 'string' }).notNull(),
    /** The shape of `body` (reports.schema.ts `REPORT_FORMAT`): a new shape is a new row, old ones stay readable. */
    formatVersion: integer('format_version').notNull(),
    generatedAt: timestamp('generated_at', { withTimezone: true, mode: 'date' }).notNull(),
    /** Whether the hall's day had ended when the report was made (a report of today is provisional). */
    complete: boolean('complete').notNull(),
    /** The report (reports.schema.ts `dailyReportSchema`). */
    body: jsonb('body').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.hallId, t.date, t.formatVersion] }),
    index('daily_reports_date').on(t.date),
    check('daily_reports_format_version', sql`${t.formatVersion} > 0`),
  ],
);
