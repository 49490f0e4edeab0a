/** Halls and the hubs that run them (a hub authenticates with its own token, stored hashed). */
import { bigint, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

export const halls = pgTable('halls', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  timeZone: text('time_zone').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});

export const hubs = pgTable('hubs', {
  id: text('id').primaryKey(),
  hallId: text('hall_id')
    .notNull()
    .references(() => halls.id),
  tokenHash: text('token_hash').notNull(),
  /** The highest journal sequence the cloud holds without a gap. */
  ackedThrough: bigint('acked_through', { mode: 'number' }).notNull().default(0),
  lastSeenAt: timestamp('last_seen_at', { withTimezone: true, mode: 'date' }),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});

/**
 * What a hall's hub runs with (services, counters, devices with hashed secrets, staff, alert rules,
 * queue policy): one versioned document per hall. The hub validates it completely when it takes it.
 */
export const hallConfigs = pgTable('hall_configs', {
  hallId: text('hall_id')
    .primaryKey()
    .references(() => halls.id),
  version: bigint('version', { mode: 'number' }).notNull(),
  document: jsonb('document').$type<Record<string, unknown>>().notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  updatedBy: text('updated_by'),
});
