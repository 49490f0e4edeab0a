/**
 * Every version of each hall's planning settings, as it was saved (the current one is also in
 * `scheduling_settings`): the history the settings page lists, and what an audit row points to.
 */
import { integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { halls } from '../halls/halls.table.ts';

export const schedulingSettingsVersions = pgTable(
  'scheduling_settings_versions',
  {
    hallId: text('hall_id')
      .notNull()
      .references(() => halls.id),
    version: integer('version').notNull(),
    document: jsonb('document').$type<Record<string, unknown>>().notNull(),
    savedAt: timestamp('saved_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    savedBy: text('saved_by'),
  },
  (t) => [primaryKey({ columns: [t.hallId, t.version] })],
);
